"""A StrEnum whose `.value` is a plain attribute read.

pydantic serializes an enum field by reading its `.value`. On Python 3.11 that is the enum
module's Python-level descriptor, which the billing bench showed in every result (severity and
element on each finding, the unit rule in the basis). The member's value is the same object
either way; only the lookup is cheaper.
"""

from enum import StrEnum
from operator import attrgetter


class ValueEnum(StrEnum):
    """Subclass this instead of StrEnum for enums serialized on hot paths."""


# Set after the class exists: in the class body the name would be read as a member.
setattr(ValueEnum, "value", property(attrgetter("_value_")))  # noqa: B010
