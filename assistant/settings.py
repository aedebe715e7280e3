"""One settings object, read from the environment on demand (cached; tests clear the cache).

The model settings keep the names the OpenAI SDK and most OpenAI-compatible servers document
(`OPENAI_API_KEY`, `OPENAI_BASE_URL`), so a user's existing environment works; everything
ptscribe-specific carries the `PTSCRIBE_` prefix.
"""

import tempfile
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import SettingsError

# The repository's prompts/ folder (an editable install); PTSCRIBE_PROMPTS_DIR overrides it.
_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PTSCRIBE_", extra="ignore")

    # Where user data lives: imported NCCI edits, later the SQLite database.
    home: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "ptscribe")
    # None: a SQLite file under `home`; else e.g. postgresql+psycopg://user@host:5432/db.
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "PTSCRIBE_DATABASE_URL")
    )
    # Largest input file the CLI reads, in bytes.
    max_input_bytes: int = Field(default=1_000_000, ge=1, le=1_000_000_000)

    # Which drafter the pipeline asks first; "llm" falls back to offline on any DrafterError.
    drafter: Literal["offline", "llm"] = "offline"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "PTSCRIBE_OPENAI_API_KEY")
    )
    # None means api.openai.com; a local server is e.g. http://127.0.0.1:8077/v1.
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "PTSCRIBE_OPENAI_BASE_URL"),
    )
    model: str = "gpt-4o-mini"
    # auto: json_schema against OpenAI itself, function_calling against any other base URL
    # (vLLM, Ollama and llama.cpp reject or ignore response_format json_schema).
    llm_method: Literal["auto", "json_schema", "function_calling"] = "auto"
    llm_timeout: float = Field(default=60.0, gt=0, le=600)  # seconds, per request
    # Seconds for a whole draft's model call, every retry included; a wall clock that a
    # server trickling bytes cannot stretch. llm_timeout is cut to it.
    llm_deadline: float = Field(default=120.0, gt=0, le=3600)
    llm_max_tokens: int = Field(default=4096, ge=16, le=100_000)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_temperature: float = Field(default=0.0, ge=0, le=2)
    prompts_dir: Path = _PROMPTS
    draft_prompt: str = "draft_note.v2"
    # The clinic's name on exported documents (PDF header, FHIR custodian) when its store
    # record has no name of its own (a single-clinic install never names one).
    clinic_name: str = Field(default="", max_length=200)

    # The HTTP server (api/): browser sessions, login lockout and request limits.
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)  # a login lasts this long
    # Failed logins for one email within lockout_minutes that lock it for lockout_minutes.
    login_max_failures: int = Field(default=5, ge=1, le=1000)
    lockout_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    # Behind a TLS-terminating proxy: trust its X-Forwarded-Proto to mark cookies Secure.
    trusted_proxy: bool = False
    max_body_bytes: int = Field(default=2_000_000, ge=1024, le=1_000_000_000)
    max_json_depth: int = Field(default=32, ge=2, le=1000)
    # Threads per server process for requests' database work. A few, not the 40 of
    # Starlette's default: the Python work is GIL-bound on any number of cores, and each
    # thread past a few only adds switching, with a thread holding a write lock waiting its
    # turn for the GIL behind the others. In bench/api_bench.py (50 clients) 4 served more
    # requests per second than 1, 2, 8 or 40 on SQLite and on PostgreSQL. The connection
    # pool keeps one connection per thread.
    request_threads: int = Field(default=4, ge=1, le=256)
    # Pin each server process to a CPU of its own (api/affinity.py). On for `ptscribe serve`
    # and `make run` (api.main.served_app) unless set; off for any other app, as a test
    # process's children would inherit the CPU.
    pin_cpu: bool = False
    # Where the per-CPU lock files of pinned processes live (default: $XDG_RUNTIME_DIR, else
    # the temp folder).
    cpu_locks: Path | None = None
    # Threads for drafting, apart from the request threads: an LLM draft can hold its thread
    # for the whole llm_deadline, and slow drafts must not take every thread reads wait for.
    drafting_threads: int = Field(default=32, ge=1, le=1024)

    def data_home(self, *, write: bool = False) -> Path:
        """PTSCRIBE_HOME, checked: a file there, or a folder that cannot be created or
        written, is a SettingsError naming the variable (readers only need it not to be
        a file; a missing folder just means nothing was imported yet)."""
        home = self.home
        if home.exists() and not home.is_dir():
            raise SettingsError(
                f"PTSCRIBE_HOME={str(home)!r} is a file, not a folder: point it at a folder"
            )
        if not write:
            return home
        try:
            home.mkdir(parents=True, exist_ok=True)
            # A real write, not os.access: root passes access checks on read-only mounts.
            with tempfile.TemporaryFile(dir=home):
                pass
        except OSError as exc:
            raise SettingsError(
                f"PTSCRIBE_HOME={str(home)!r} is not a writable folder "
                f"({exc.strerror or exc}): point it at one ptscribe may write to"
            ) from None
        return home

    @property
    def ncci_file(self) -> Path:
        """Where versions before the store kept the imported NCCI table (`ptscribe db upgrade`
        moves it into the database)."""
        return self.home / "ncci_ptp.csv"

    @property
    def database_file(self) -> Path:
        return self.home / "ptscribe.db"

    @property
    def fees_dir(self) -> Path:
        """Where versions before the store kept imported RVUs, one JSON per year (`ptscribe db
        upgrade` moves them into the database)."""
        return self.home / "fees"

    @property
    def structured_method(self) -> Literal["json_schema", "function_calling"]:
        if self.llm_method != "auto":
            return self.llm_method
        if self.openai_base_url is None or "api.openai.com" in self.openai_base_url:
            return "json_schema"
        return "function_calling"


@cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(_settings_message(exc)) from None


def _settings_message(exc: ValidationError) -> str:
    """One line naming the environment variable, its value and what it accepts."""
    parts = []
    for err in exc.errors(include_url=False):
        field = str(err["loc"][0]) if err["loc"] else ""
        name = field.upper() if field.upper().startswith("OPENAI_") else f"PTSCRIBE_{field.upper()}"
        msg = err["msg"].removeprefix("Value error, ")
        # Never echo a credential back, even a malformed one.
        shown = "" if "KEY" in name else f"={err['input']!r}"
        parts.append(f"{name}{shown}: {msg}")
    return "bad setting " + "; ".join(parts)
