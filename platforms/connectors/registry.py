from __future__ import annotations

from platforms.connectors.base import Connector, OutboundConnector


def connector_for(platform: str) -> Connector | None:
    """The connector that polls `platform`, or None where the platform offers no polling
    (WhatsApp is push only; TikTok has no public API for mentions). Facebook and Instagram
    come in by webhook; polling is their backfill. The same connector reads the account's
    numbers and own posts for the daily snapshots."""
    if platform in ("facebook", "instagram"):
        from platforms.connectors.meta import MetaConnector

        return MetaConnector(platform)
    if platform == "x":
        from platforms.connectors.x import XConnector

        return XConnector()
    if platform == "youtube":
        from platforms.connectors.youtube import YouTubeConnector

        return YouTubeConnector()
    return None


def outbound_connector_for(platform: str) -> OutboundConnector | None:
    """The connector that replies on `platform` (x, facebook, instagram, youtube, whatsapp),
    or None where Sigap cannot write (TikTok): the reply becomes a task for a person."""
    if platform == "whatsapp":
        from platforms.connectors.whatsapp import WhatsAppConnector

        return WhatsAppConnector()
    if platform == "tiktok":
        return None
    return connector_for(platform)
