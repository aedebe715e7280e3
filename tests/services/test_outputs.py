"""`--out` checked before any work: a file where a folder is due, or an unwritable place."""

from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.services.outputs import output_file, output_folder


def test_output_folder(tmp_path: Path) -> None:
    assert output_folder(tmp_path / "new" / "deep").is_dir()
    afile = tmp_path / "report"
    afile.write_text("keep me")
    with pytest.raises(InputError, match="is a file: name a folder"):
        output_folder(afile)
    assert afile.read_text() == "keep me"
    with pytest.raises(InputError, match="/proc/ptscribe-out is not a writable folder"):
        output_folder(Path("/proc/ptscribe-out"))


def test_output_file(tmp_path: Path) -> None:
    kept = tmp_path / "cases.jsonl"
    kept.write_text("old\n")
    assert output_file(kept) == kept
    assert kept.read_text() == "old\n"  # checked, not truncated
    with pytest.raises(InputError, match="is a folder: name a file"):
        output_file(tmp_path)
    with pytest.raises(InputError, match="cannot be written"):
        output_file(Path("/proc/ptscribe-out.jsonl"))
