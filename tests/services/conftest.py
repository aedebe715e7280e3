from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import get_settings
from tests.store_support import db, store_settings, store_target

__all__ = ["db", "fresh_settings", "store_settings", "store_target"]


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The environment read anew for the test, with a private data folder."""
    monkeypatch.setenv("PTSCRIBE_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Service calls read user data (the imported NCCI table) from PTSCRIBE_HOME: never the
    developer's own."""
    home = tmp_path / "ptscribe-home"
    monkeypatch.setenv("PTSCRIBE_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()
