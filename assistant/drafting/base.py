"""The drafter protocol and what every drafter returns.

A drafter writes words and facts; it never decides units, modifiers or fees (the billing
engine recomputes those from minutes). Drafter-level findings (unparsed text, self-reported
minutes, a model/parser disagreement, a fallback) travel with the draft.
"""

from typing import Protocol

from pydantic import BaseModel, Field

from assistant.domain.findings import Finding
from assistant.domain.note import Note, Span
from assistant.domain.session import SessionInput


class Tokens(BaseModel):
    prompt: int = 0
    completion: int = 0
    total: int = 0


class DrafterInfo(BaseModel):
    backend: str  # "offline" or "llm"
    model: str | None = None
    prompt_id: str | None = None
    prompt_sha256: str | None = None
    latency_ms: float = 0.0
    tokens: Tokens | None = None
    # Set when the requested backend failed and another produced the draft.
    notice: str | None = None


class Draft(BaseModel):
    note: Note
    drafter: DrafterInfo
    findings: list[Finding] = Field(default_factory=list)
    # Stretches of the input the drafter could not place in any fact (kept in the SOAP text).
    unparsed: list[Span] = Field(default_factory=list)


class Drafter(Protocol):
    def draft(self, session: SessionInput) -> Draft: ...
