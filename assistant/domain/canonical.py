"""Canonical JSON and its SHA-256: the one way a signed revision, addendum or audit event is
hashed, so a hash computed today can be recomputed from the stored JSON in ten years."""

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> str:
    # Sorted keys and no whitespace; non-ASCII kept as UTF-8 so the bytes are stable.
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def sha256_of_json_text(text: str) -> str:
    """The canonical hash of a stored JSON document, however it was spaced or ordered."""
    return sha256_of(json.loads(text))
