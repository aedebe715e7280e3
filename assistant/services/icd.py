"""Load the ICD-10-CM code set once per process, at the edge, for the DX rules.

Importing the simple_icd_10_cm package parses its bundled tabular XML (about 2.5 s), too
slow for every CLI call. The first load therefore writes a plain JSON table of the package's
code set (code -> billable flag and description, 0.3 s to read) to the cache folder
(PTSCRIBE_CACHE_DIR), keyed by the package version; later processes read that instead. The
table is only a copy of the package's data: delete the folder and it is rebuilt. The import
runs under `catch_warnings` because the package uses a deprecated importlib.resources call
that would otherwise fail test runs that treat warnings as errors.
"""

import importlib
import json
import os
import tempfile
import threading
import warnings
from functools import cache
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

from assistant.rules.validation.icd import IcdCodeSet

PACKAGE = "simple-icd-10-cm"


def _package() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module("simple_icd_10_cm")


def cache_file() -> Path:
    root = os.environ.get("PTSCRIBE_CACHE_DIR") or Path.home() / ".cache" / "ptscribe"
    return Path(root) / f"icd10cm-{version(PACKAGE)}.json"


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


def _read(path: Path) -> dict[str, tuple[bool, str]] | None:
    try:
        return {k: (bool(v[0]), str(v[1])) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError, KeyError):
        return None  # missing or damaged: rebuilt from the package


def _write(path: Path, table: dict[str, tuple[bool, str]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as tmp:
            json.dump(table, tmp)
        Path(tmp.name).replace(path)  # atomic, so a parallel reader never sees half a file
    except OSError:
        pass  # a read-only home only costs speed


def load_icd_code_set() -> IcdCodeSet:
    """The code set from the cache, or built from the package and cached; no memo."""
    path = cache_file()
    table = _read(path)
    if table is None:
        table = _build()
        _write(path, table)
    return IcdCodeSet(table, source=f"{PACKAGE} {version(PACKAGE)}")


_loading = threading.Lock()


@cache
def _loaded() -> IcdCodeSet:
    return load_icd_code_set()


def icd_code_set() -> IcdCodeSet:
    """The process-wide code set every validate call is handed (loaded on first use).

    A server's first requests arrive together: without the lock each of its threads read
    the whole table at once (the cache only remembers a finished call), seconds of CPU
    that every other request, /health included, waited behind."""
    if _loaded.cache_info().currsize:
        return _loaded()
    with _loading:
        return _loaded()
