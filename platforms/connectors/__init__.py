"""One module per platform behind one Connector protocol (see base.py)."""
