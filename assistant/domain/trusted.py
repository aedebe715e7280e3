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
_set = object.__setattr__


def trusted(cls: type[M], values: dict[str, Any], private: dict[str, Any] | None = None) -> M:
    """An instance of `cls` holding `values` as its fields (and `private` attributes)."""
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", private)
    return obj
