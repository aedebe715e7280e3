"""The ICD-10-CM code set as the DX rules read it: a plain table handed in by the caller.

Rules do no I/O, so this module never opens a file or imports the code-set package: the
service edge (assistant/services/icd.py) loads the table, from a JSON cache or from the
simple_icd_10_cm package, and passes an `IcdCodeSet` to `validate`. Tests can hand in a
small set of their own.
"""

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.domain.note import Side

# Laterality is read from the official description; only the musculoskeletal (M) and injury
# (S) chapters use right/left for the limb a therapist treats. "Right heart failure" is not.
_LATERAL_CHAPTERS = ("M", "S")
_SIDE_WORD = re.compile(r"\b(right|left|bilateral)\b")
_MEMO = 8192


@dataclass(frozen=True, slots=True)
class IcdCode:
    code: str
    valid: bool
    billable: bool
    description: str
    side: Side | None


def normalise_code(code: str) -> str:
    code = code.strip().upper()
    # Claims often drop the dot (M1711); the code set is keyed with it (M17.11).
    if "." not in code and len(code) > 3 and "-" not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


class IcdCodeSet:
    """code (with its dot) -> (billable, official description), plus where it came from."""

    def __init__(self, table: Mapping[str, tuple[bool, str]], source: str = "") -> None:
        self._table = table
        self.source = source  # e.g. "simple-icd-10-cm 2.0.3", for reports
        self._seen: dict[str, IcdCode] = {}
        self._sorted: list[str] | None = None
        self._under: dict[str, tuple[IcdCode, ...]] = {}

    def __len__(self) -> int:
        return len(self._table)

    def lookup(self, code: str) -> IcdCode:
        found = self._seen.get(code)
        if found is None:
            found = self._lookup(normalise_code(code))
            if len(self._seen) < _MEMO:  # bounded: codes come from input
                self._seen[code] = found
        return found

    def billable_under(self, stem: str) -> tuple[IcdCode, ...]:
        """The billable codes that start with `stem` ("M17" -> M17.0 ... M17.9), in code
        order. The sorted key list is built on first use; stems come from ptscribe's own
        tables, so the memo stays small."""
        found = self._under.get(stem)
        if found is None:
            if self._sorted is None:
                self._sorted = sorted(self._table)
            keys, out = self._sorted, []
            for k in range(bisect_left(keys, stem), len(keys)):
                if not keys[k].startswith(stem):
                    break
                if self._table[keys[k]][0]:
                    out.append(self._lookup(keys[k]))
            found = self._under[stem] = tuple(out)
        return found

    def _lookup(self, code: str) -> IcdCode:
        entry = self._table.get(code)
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
