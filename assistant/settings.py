"""One settings object, read from the environment on demand (cached; tests clear the cache)."""

from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PTSCRIBE_", extra="ignore")

    # Where user data lives: imported NCCI edits, later the SQLite database.
    home: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "ptscribe")
    # Largest input file the CLI reads, in bytes.
    max_input_bytes: int = 1_000_000

    @property
    def ncci_file(self) -> Path:
        return self.home / "ncci_ptp.csv"


@cache
def get_settings() -> Settings:
    return Settings()
