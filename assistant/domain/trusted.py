"""Build a model from values its producer already typed, without validating them again.

The billing engine makes a handful of output models per visit (claim lines, basis, result,
findings) from values it computed itself. pydantic's `model_construct` skips validation but
is generic Python (aliases, defaults) and costs more than validating these small models;
`trusted` sets the same instance state in one step. It is only for models whose every field
is passed in declaration order, with no alias and no validator that would transform a
value; tests/domain/test_trusted.py holds the engine's models to that.
"""

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

# BaseModel keeps its instance state in four slots. Their descriptors' setters are called
# directly: object.__setattr__ looks each name up again on every call, which was a third of
# what building a model here cost.
_new = object.__new__
_slots = vars(BaseModel)
_set_dict = _slots["__dict__"].__set__
_set_fields = _slots["__pydantic_fields_set__"].__set__
_set_extra = _slots["__pydantic_extra__"].__set__
_set_private = _slots["__pydantic_private__"].__set__


def trusted(cls: type[M], values: dict[str, Any], private: dict[str, Any] | None = None) -> M:
    """An instance of `cls` holding `values` as its fields (and `private` attributes)."""
    obj: M = _new(cls)
    _set_dict(obj, values)
    _set_fields(obj, set(values))
    _set_extra(obj, None)
    _set_private(obj, private)
    return obj
