"""The documentation validator: pure rules over a note and its visit context, no I/O.

`validate(note, context, icd=...)` returns findings; `review` adds the recomputed claim and
whether the note may be signed. The ICD-10-CM code set is loaded at the edge
(assistant.services.icd) and handed in. Rule ids and texts live in assistant.rules.registry.
"""

from assistant.rules.validation.engine import review, validate

__all__ = ["review", "validate"]
