from __future__ import annotations

from platforms.connectors.base import Connector


def connector_for(platform: str) -> Connector | None:
    """The connector that polls `platform`, or None where the platform offers no polling
    (WhatsApp is push only; TikTok has no public API for mentions)."""
    if platform == "x":
        from platforms.connectors.x import XConnector

        return XConnector()
    return None
