"""Signed notes leaving ptscribe: a printable PDF, a FHIR R4 document Bundle, a billing feed."""

from assistant.services.exports.document import ExportDocument
from assistant.services.exports.feed import ClaimsFeed, FeedLine, feed_csv, feed_json
from assistant.services.exports.service import (
    claims_feed,
    document,
    note_claims,
    note_fhir,
    note_pdf,
)

__all__ = [
    "ClaimsFeed",
    "ExportDocument",
    "FeedLine",
    "claims_feed",
    "document",
    "feed_csv",
    "feed_json",
    "note_claims",
    "note_fhir",
    "note_pdf",
]
