"""Prompts are versioned TOML files in prompts/, validated strictly and rendered in a sandbox.

A prompt file holds `id`, `version`, the declared `variables`, a `system` text and a `user`
template. It is named `<id>.v<version>.toml` so old versions stay beside new ones and a draft
can always name the exact prompt that produced it: `sha256` is the hash of the raw file bytes.

Templates run in jinja2's SandboxedEnvironment with StrictUndefined: a template cannot reach
Python internals (`''.__class__` raises) and a missing variable is an error rather than an
empty string that would silently change what the model is asked. The dictation is passed as a
variable, never spliced into template source, so text in it is not evaluated as a template.
"""

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import DrafterError

PROMPT_NAME = r"^[a-z][a-z0-9_]*$"
# autoescape off: the output is plain text for a model, not HTML.
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


class PromptError(DrafterError):
    """A prompt file is missing, malformed, or cannot be rendered with the given variables."""


class PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=PROMPT_NAME, max_length=64)
    version: int = Field(ge=1, le=10_000)
    description: str = Field(default="", max_length=500)
    variables: list[str] = Field(default_factory=list, max_length=50)
    system: str = Field(min_length=1, max_length=50_000)
    user: str = Field(min_length=1, max_length=50_000)

    @model_validator(mode="after")
    def _declared(self) -> "PromptFile":
        used = set()
        for name, source in (("system", self.system), ("user", self.user)):
            try:
                used |= meta.find_undeclared_variables(_ENV.parse(source))
            except TemplateError as exc:
                raise ValueError(f"{name} template does not parse: {exc}") from exc
        if used != set(self.variables):
            raise ValueError(
                f"templates use {sorted(used)} but the file declares {sorted(self.variables)}"
            )
        return self


@dataclass(frozen=True)
class RenderedPrompt:
    id: str
    version: int
    sha256: str
    system: str
    user: str


@dataclass(frozen=True)
class Prompt:
    file: PromptFile
    sha256: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.file.id}.v{self.file.version}"

    def render(self, **variables: Any) -> RenderedPrompt:
        extra = set(variables) - set(self.file.variables)
        if extra:
            raise PromptError(f"prompt {self.name} does not take {sorted(extra)}")
        try:
            system = _ENV.from_string(self.file.system).render(variables)
            user = _ENV.from_string(self.file.user).render(variables)
        except TemplateError as exc:
            # SecurityError and UndefinedError both derive from TemplateError.
            raise PromptError(f"prompt {self.name} failed to render: {exc}") from exc
        return RenderedPrompt(self.file.id, self.file.version, self.sha256, system, user)


def load_prompt(name: str, directory: Path) -> Prompt:
    """Load `<directory>/<name>.toml`, e.g. name "draft_note.v1"."""
    path = directory / f"{name}.toml"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PromptError(f"prompt file {path} cannot be read: {exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        file = PromptFile.model_validate(data)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"prompt file {path} is not UTF-8 TOML: {exc}") from exc
    except ValidationError as exc:
        raise PromptError(f"prompt file {path} is invalid: {exc}") from exc
    if path.name != f"{file.id}.v{file.version}.toml":
        raise PromptError(f"prompt file {path.name} declares id {file.id} v{file.version}")
    return Prompt(file=file, sha256=hashlib.sha256(raw).hexdigest(), path=path)
