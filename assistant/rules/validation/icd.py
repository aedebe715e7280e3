"""ICD-10-CM lookups through the simple_icd_10_cm package, loaded on first use.

Importing the package parses its bundled tabular XML (about two seconds), so it happens only
when a note has a diagnosis, and each code's answer is cached. The import runs under
`catch_warnings` because the package uses a deprecated importlib.resources call that would
otherwise fail test runs that treat warnings as errors.
"""

import importlib
import re
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

from assistant.domain.note import Side

# Laterality is read from the official description; only the musculoskeletal (M) and injury
# (S) chapters use right/left for the limb a therapist treats. "Right heart failure" is not.
_LATERAL_CHAPTERS = ("M", "S")
_SIDE_WORD = re.compile(r"\b(right|left|bilateral)\b")


@dataclass(frozen=True, slots=True)
class IcdCode:
    code: str
    valid: bool
    billable: bool
    description: str
    side: Side | None


@cache
def _package() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module("simple_icd_10_cm")


def normalise_code(code: str) -> str:
    return code.strip().upper()


@lru_cache(maxsize=8192)
def lookup(code: str) -> IcdCode:
    code = normalise_code(code)
    icd = _package()
    if not icd.is_valid_item(code):
        return IcdCode(code, False, False, "", None)
    # Chapters and blocks ("M00-M99") are valid items but never diagnosis codes.
    billable = bool(icd.is_leaf(code)) and bool(icd.is_category(code) or icd.is_subcategory(code))
    description = str(icd.get_description(code))
    return IcdCode(code, True, billable, description, _side(code, description))


def _side(code: str, description: str) -> Side | None:
    if not code.startswith(_LATERAL_CHAPTERS):
        return None
    words = set(_SIDE_WORD.findall(description.lower()))
    if "bilateral" in words or {"right", "left"} <= words:
        return Side.BILATERAL
    if "right" in words:
        return Side.RIGHT
    if "left" in words:
        return Side.LEFT
    return None
