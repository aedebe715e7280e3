"""PTSCRIBE_HOME that is a file, cannot be created or cannot be written: one clear line."""

from pathlib import Path

import pytest

from assistant.errors import SettingsError
from assistant.settings import Settings


def test_a_file_as_home_is_refused_for_reading_and_writing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    for write in (False, True):
        with pytest.raises(SettingsError, match=r"PTSCRIBE_HOME=.* is a file, not a folder"):
            Settings(home=home).data_home(write=write)


@pytest.mark.parametrize("home", ["/proc/ptscribe-home", "/sys/ptscribe-home"])
def test_a_home_that_cannot_be_written_is_refused(home: str) -> None:
    # /proc and /sys refuse writes even to root, unlike a chmod'ed folder.
    with pytest.raises(SettingsError, match="is not a writable folder"):
        Settings(home=Path(home)).data_home(write=True)


def test_a_missing_home_is_fine_to_read_and_created_to_write(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b"
    assert Settings(home=home).data_home() == home
    assert not home.exists()
    assert Settings(home=home).data_home(write=True).is_dir()
