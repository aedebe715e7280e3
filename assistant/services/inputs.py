"""Reading what a user hands in: bounded bytes, binary sniffing, UTF-8, strict JSON, versions.

Every surface (the CLI today, the HTTP API later) reads input through these functions, so the
limits and messages are the same everywhere. Problems raise InputError with one line that
names the source and what to change; nothing here exits or prints.

Files are read in chunks and reading stops one byte past the limit, so `/dev/zero` or a
300 MB file costs at most the limit in memory and time. JSON is validated by pydantic in
strict mode straight from the text: "33" is not a number of minutes, `true` is not a
number, and an integer is not a date or a timestamp.
"""

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import from_json

from assistant.errors import InputError
from assistant.settings import get_settings

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

CHUNK = 64 * 1024
STDIN = "-"
# Control characters a dictation never holds; tab, newlines and form feed are kept.
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\f"}


@dataclass(frozen=True, slots=True)
class Limit:
    """A size limit and where it comes from, so a size error can say how to raise it."""

    max_bytes: int
    origin: str  # "set by PTSCRIBE_MAX_INPUT_BYTES", or what the fixed limit is for

    def describe(self) -> str:
        return f"{self.max_bytes:,} bytes, the limit {self.origin}"


def input_limit() -> Limit:
    """The limit for JSON inputs: PTSCRIBE_MAX_INPUT_BYTES."""
    return Limit(get_settings().max_input_bytes, "set by PTSCRIBE_MAX_INPUT_BYTES")


def tighter(fixed: Limit) -> Limit:
    """The smaller of a fixed limit and the configured one: the one that applies."""
    configured = input_limit()
    return configured if configured.max_bytes < fixed.max_bytes else fixed


def read_bytes(source: str, limit: Limit) -> bytes:
    """The bytes of a file (or stdin for "-"), refusing anything over the limit or binary."""
    try:
        if source == STDIN:
            return _bounded(sys.stdin.buffer, source, limit)
        with Path(source).open("rb") as fh:
            return _bounded(fh, source, limit)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None


# Byte-order marks of the wide encodings Windows tools save "Unicode" text in. Their text
# holds NUL bytes, so without the mark it would be refused as binary. UTF-32 first: its
# little-endian mark starts with UTF-16's.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONVERT = "save it as UTF-8 (for example: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8)"


def wide_encoding(head: bytes) -> str | None:
    """ "utf-16" or "utf-32" when the bytes start with that encoding's byte-order mark."""
    return next((name for bom, name in _WIDE_BOMS if head.startswith(bom)), None)


def _binary(data: bytes, source: str) -> InputError:
    # English saved as UTF-16 without a mark: every other byte is NUL, the rest are not.
    sample = data[: len(data[:200]) // 2 * 2]
    if len(sample) >= 4:
        for zeros, chars in ((sample[1::2], sample[::2]), (sample[::2], sample[1::2])):
            if zeros.count(0) * 10 >= len(zeros) * 9 and chars.count(0) * 10 <= len(chars):
                return InputError(
                    f"{source} looks like UTF-16 text without a byte-order mark; {_CONVERT}"
                )
    return InputError(f"{source} looks binary (it contains NUL bytes), not text")


def _bounded(stream: BinaryIO, source: str, limit: Limit) -> bytes:
    chunks: list[bytes] = []
    size = 0
    wide = False
    while size <= limit.max_bytes:
        chunk = stream.read(min(CHUNK, limit.max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        if not chunks:
            wide = wide_encoding(chunk) is not None
        # Sniff as we go: /dev/zero is refused at its first chunk, not after the limit.
        # UTF-16/32 text holds NUL bytes by design; decode() judges it once it is whole.
        if not wide and b"\x00" in chunk:
            raise _binary(chunk, source)
        chunks.append(chunk)
        size += len(chunk)
    raise InputError(f"{source} is larger than {limit.describe()}")


def text_encoding(head: bytes, source: str) -> str:
    """The codec a text starting with `head` is read with: "utf-16" or "utf-32" after that
    encoding's byte-order mark, else "utf-8-sig" (which drops a UTF-8 mark). InputError for
    binary bytes. Whole inputs and streamed files (the CMS imports) both choose here."""
    wide = wide_encoding(head)
    # A text in UTF-16/32 holds NUL bytes (English letters are 00xx); bytes after the mark
    # without one are a mangled UTF-8 file, not CJK text.
    if wide is not None and b"\x00" in head[2:]:
        return wide
    if b"\x00" in head:
        raise _binary(head, source)
    return "utf-8-sig"


def decode_error(encoding: str, source: str, exc: UnicodeDecodeError) -> InputError:
    """The one-line refusal of bytes that do not decode in the chosen encoding."""
    if encoding == "utf-8-sig":
        return InputError(f"{source} is not UTF-8 text (bad byte at offset {exc.start})")
    return InputError(
        f"{source} starts like {encoding.upper()} text but is not (bad bytes at offset "
        f"{exc.start}); {_CONVERT}"
    )


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (a leading byte-order mark is dropped), or UTF-16/32 text that starts with
    its byte-order mark."""
    encoding = text_encoding(data, source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise decode_error(encoding, source, exc) from None
    if "\x00" in text:
        raise InputError(f"{source} looks binary (it contains NUL characters), not text")
    return text


def read_text(source: str, limit: Limit | None = None) -> str:
    return decode(read_bytes(source, limit or input_limit()), source)


def check_prose(text: str, source: str, what: str) -> str:
    """Refuse text that is blank or mostly control characters (a binary file that decoded)."""
    if not text.strip():
        raise InputError(f"{source} is empty (or holds only whitespace): nothing to {what}")
    controls = sum(1 for ch in text if ch in _CONTROL)
    if controls > max(2, len(text) // 100):
        raise InputError(f"{source} looks binary ({controls} control characters), not text")
    return text


def validation_message(exc: ValidationError) -> str:
    """The first few field errors on one line: `services.0.minutes: Input should be ...`."""
    errors = exc.errors(include_url=False)
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] in _TYPE_ERRORS:
            # A strict-type refusal says what it got: `"33"` or `true` is easy to spot.
            msg += f" (got {_shown(err['input'])})"
        parts.append(f"{where}: {msg}" if where else msg)
    more = len(errors) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


_TYPE_ERRORS = frozenset(
    {
        "int_type",
        "float_type",
        "bool_type",
        "string_type",
        "date_type",
        "datetime_type",
        "list_type",
        "model_type",
        "dict_type",
        "finite_number",
    }
)


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    text = repr(value) if isinstance(value, str) else str(value).lower()
    return text if len(text) <= 40 else text[:37] + "..."


def _json_problem(exc: ValidationError, source: str) -> str | None:
    """A one-line message when the text is not JSON at all (pydantic reports it at the root)."""
    for err in exc.errors(include_url=False):
        if err["type"] == "json_invalid":
            detail = str(err.get("ctx", {}).get("error", err["msg"]))
            if "recursion limit" in detail:
                return f"malformed JSON in {source}: nested too deeply"
            if "number out of range" in detail:
                return f"malformed JSON in {source}: a number is too large ({detail})"
            return f"malformed JSON in {source}: {detail}"
    return None


def _peek(text: str) -> Any:
    try:
        return from_json(text)
    except ValueError:
        return None


def check_version(data: Any, version: str, what: str, source: str) -> None:
    """Refuse an old or future file by its schema_version before any field is judged."""
    if not isinstance(data, dict):
        raise InputError(f"invalid {what}: {source} must hold a JSON object")
    found = data.get("schema_version")
    if found is None:
        raise InputError(
            f"invalid {what}: schema_version is missing (this ptscribe reads {version!r})"
        )
    if not isinstance(found, str):
        # 1 and "1" print alike; say which JSON type was given and what to write.
        raise InputError(
            f"invalid {what}: schema_version must be a string: write "
            f'"schema_version": {json.dumps(version)}, not {json.dumps(found)}'
        )
    if found != version:
        raise InputError(
            f"invalid {what}: schema_version {found!r} is not supported "
            f"(this ptscribe reads {version!r})"
        )


def parse_json(
    model: type[M], text: str, source: str, what: str, *, version: str | None = None
) -> M:
    """A model validated strictly from JSON text; `version` gates on schema_version first."""
    if not text.strip():
        raise InputError(f"{source} is empty")
    try:
        return model.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise InputError(_explain(exc, text, source, what, version)) from None


def parse_json_as(adapter: TypeAdapter[T], text: str, source: str, what: str) -> T:
    if not text.strip():
        raise InputError(f"{source} is empty")
    try:
        return adapter.validate_json(text, strict=True)
    except ValidationError as exc:
        raise InputError(_explain(exc, text, source, what, None)) from None


def _explain(exc: ValidationError, text: str, source: str, what: str, version: str | None) -> str:
    syntax = _json_problem(exc, source)
    if syntax is not None:
        return syntax
    if version is not None:
        try:
            check_version(_peek(text), version, what, source)
        except InputError as gate:
            return str(gate)
    return f"invalid {what}: {validation_message(exc)}"


def load_json(
    model: type[M],
    source: str,
    what: str,
    *,
    version: str | None = None,
    limit: Limit | None = None,
) -> M:
    """Read, decode and validate one JSON file (or stdin) as `model`."""
    return parse_json(model, read_text(source, limit), source, what, version=version)
