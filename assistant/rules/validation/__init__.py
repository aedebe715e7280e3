"""The documentation validator: pure rules over a note and its visit context, no I/O.

`validate(note, context)` returns findings; `review` adds the recomputed claim and whether
the note may be signed. Rule specs live in `catalog`.
"""

from assistant.rules.validation.engine import review, validate

__all__ = ["review", "validate"]
