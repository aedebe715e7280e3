"""Where a command writes its results, checked before any work is done.

An eval run takes minutes; finding only at the end that `--out` names a file, or a folder
under /proc, would lose the run. These checks do a real write (not os.access, which root
passes even on read-only mounts) and raise InputError naming the option.
"""

import tempfile
from pathlib import Path

from assistant.errors import InputError


def output_folder(path: Path, option: str = "--out") -> Path:
    """A folder results can be written into, created if missing."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{option} {path} is a file: name a folder for the results")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise InputError(
            f"{option} {path} is not a writable folder ({exc.strerror or exc})"
        ) from None
    return path


def output_file(path: Path, option: str = "--out") -> Path:
    """A file results can be written to (its folder must exist); it is not truncated here."""
    if path.is_dir():
        raise InputError(f"{option} {path} is a folder: name a file to write")
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise InputError(f"{option} {path} cannot be written ({exc.strerror or exc})") from None
    return path
