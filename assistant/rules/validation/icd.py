"""ICD-10-CM lookups through the simple_icd_10_cm package, loaded on first use.

Importing the package parses its bundled tabular XML (about 2.5 s), too slow for every CLI
call. The first use therefore writes a plain JSON table of the package's code set (code ->
billable flag and description, 0.3 s to read) to the cache folder, keyed by the package
version; later processes read that instead. The table is only a copy of the package's data:
delete the folder and it is rebuilt. The import runs under `catch_warnings` because the
package uses a deprecated importlib.resources call that would otherwise fail test runs that
treat warnings as errors.
"""

import importlib
import json
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
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
    code = code.strip().upper()
    # Claims often drop the dot (M1711); the code set is keyed with it (M17.11).
    if "." not in code and len(code) > 3 and "-" not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def _cache_file() -> Path:
    root = os.environ.get("PTSCRIBE_CACHE_DIR") or Path.home() / ".cache" / "ptscribe"
    return Path(root) / f"icd10cm-{version('simple-icd-10-cm')}.json"


def _build() -> dict[str, tuple[bool, str]]:
    icd = _package()
    table = {}
    for code in icd.get_all_codes(with_dots=True):
        # Chapters and blocks ("M00-M99") are valid items but never diagnosis codes.
        billable = bool(icd.is_leaf(code)) and bool(
            icd.is_category(code) or icd.is_subcategory(code)
        )
        table[str(code)] = (billable, str(icd.get_description(code)))
    return table


@cache
def _table() -> dict[str, tuple[bool, str]]:
    path = _cache_file()
    try:
        return {k: (bool(v[0]), str(v[1])) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        pass  # missing or damaged: rebuild from the package
    table = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as tmp:
            json.dump(table, tmp)
        Path(tmp.name).replace(path)  # atomic, so a parallel reader never sees half a file
    except OSError:
        pass  # a read-only home only costs speed
    return table


@lru_cache(maxsize=8192)
def lookup(code: str) -> IcdCode:
    code = normalise_code(code)
    entry = _table().get(code)
    if entry is None:
        return IcdCode(code, False, False, "", None)
    billable, description = entry
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
