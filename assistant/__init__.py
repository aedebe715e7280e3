"""ptscribe: drafts, bills and checks physical and occupational therapy notes."""

__version__ = "0.1.0"
