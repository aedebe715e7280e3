"""`draft` as a use case: the therapist's text, timers and context read and checked, then
drafted, billed and validated by `draft_session`.

Dictation is prose, so on top of the shared input limit it has its own fixed ceiling (the
size a drafter's evidence offsets are built for) and a binary sniff on the decoded text.
"""

from pydantic import BaseModel, ConfigDict, TypeAdapter

from assistant.domain.billing import TimerList, TimerSegment
from assistant.domain.session import MAX_INPUT_CHARS
from assistant.errors import InputError
from assistant.services.drafting import DraftOutcome, draft_session, session_from_text
from assistant.services.inputs import (
    Limit,
    check_prose,
    decode,
    parse_json_as,
    read_bytes,
    read_text,
    tighter,
)
from assistant.services.reference import tables_for
from assistant.services.validation import parse_context
from assistant.settings import get_settings
from assistant.store.db import Database

MAX_DRAFT_BYTES = 100_000  # 100 KB: a long evaluation dictation is about 20 KB
DICTATION_LIMIT = Limit(MAX_DRAFT_BYTES, "for one dictation (fixed): split the note")
_SEGMENTS: TypeAdapter[list[TimerSegment]] = TypeAdapter(TimerList)


class _Holder(BaseModel):
    """A visit or note file passed as --timers: only its segments are read."""

    model_config = ConfigDict(extra="ignore")
    segments: TimerList | None = None


_HOLDER = TypeAdapter(_Holder)


def read_dictation(source: str) -> str:
    limit = tighter(DICTATION_LIMIT)
    return dictation_text(decode(read_bytes(source, limit), source), source)


def dictation_text(text: str, source: str = "text") -> str:
    """A dictation already in memory (an API request), checked as a file's would be."""
    text = check_prose(text, source, "draft")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape: no text can hold it
        raise InputError(f"{source} is not valid Unicode text (a lone surrogate)") from None
    if size > MAX_DRAFT_BYTES:
        raise InputError(f"{source} is larger than {DICTATION_LIMIT.describe()}")
    if len(text) > MAX_INPUT_CHARS:  # unreachable in UTF-8 today; kept beside the model's limit
        raise InputError(f"{source} is longer than {MAX_INPUT_CHARS:,} characters")
    return text


def parse_timers(text: str, source: str = "request") -> list[TimerSegment]:
    """A JSON list of timer segments, or a visit-like object holding them under `segments`."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        holder = parse_json_as(_HOLDER, text, source, "timers")
        if holder.segments is None:
            raise InputError(f"{source}: expected a JSON list of timer segments")
        return holder.segments
    if stripped and not stripped.startswith("["):
        raise InputError(f"{source}: expected a JSON list of timer segments")
    return parse_json_as(_SEGMENTS, text, source, "timers")


def draft_sources(
    source: str,
    *,
    timers: str | None = None,
    context: str | None = None,
    backend: str | None = None,
    db: Database | None = None,
) -> DraftOutcome:
    """Draft the dictation in a file (or stdin), with optional timer and context files."""
    if sum(s == "-" for s in (source, timers, context)) > 1:
        raise InputError("only one input can be read from standard input")
    text = read_dictation(source)
    segments = parse_timers(read_text(timers), timers) if timers else []
    ctx = parse_context(read_text(context), context) if context else None
    session = session_from_text(text, context=ctx, timers=segments)
    settings = get_settings()
    tables = tables_for(settings, db)
    return draft_session(session, backend or settings.drafter, ncci=tables.ncci, fees=tables.fees)
