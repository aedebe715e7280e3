"""Reading user input: bounded, sniffed, decoded, strictly typed, version-gated."""

import io
import json

import pytest

from assistant.domain.billing import Visit
from assistant.errors import InputError
from assistant.services import inputs
from assistant.services.billing import bill_text
from assistant.services.inputs import Limit, check_version, parse_json, read_bytes

pytestmark = pytest.mark.usefixtures("fresh_settings")


class Endless(io.RawIOBase):
    """A stream that never ends (like /dev/zero, but of one byte value), counting reads."""

    def __init__(self, byte: bytes) -> None:
        self.byte = byte
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an unbounded read would never return"
        self.served += size
        return self.byte * size


def test_an_endless_stream_stops_one_byte_past_the_limit() -> None:
    stream = Endless(b" ")
    with pytest.raises(InputError, match="larger than 5,000 bytes, the limit set by X"):
        inputs._bounded(stream, "in", Limit(5_000, "set by X"))
    assert stream.served == 5_001


def test_nul_bytes_are_refused_at_the_first_chunk() -> None:
    stream = Endless(b"\x00")
    with pytest.raises(InputError, match="looks binary"):
        inputs._bounded(stream, "in", Limit(10_000_000, "set by X"))
    assert stream.served <= inputs.CHUNK


def test_dev_zero_is_refused_without_reading_it_all() -> None:
    with pytest.raises(InputError, match="/dev/zero looks binary"):
        read_bytes("/dev/zero", Limit(1_000_000_000, "set by X"))


def test_a_300_mb_file_is_refused_at_the_limit(tmp_path, monkeypatch) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as fh:  # 300 MB of spaces would be slow to write; read what we need
        fh.write(b" " * (2 * inputs.CHUNK))
        fh.truncate(300_000_000)
    monkeypatch.setenv("PTSCRIBE_MAX_INPUT_BYTES", str(inputs.CHUNK))
    inputs.get_settings.cache_clear()
    with pytest.raises(InputError, match="the limit set by PTSCRIBE_MAX_INPUT_BYTES"):
        inputs.read_text(str(big))


def test_a_directory_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        inputs.read_text(str(tmp_path))


VISIT = {"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": 33}]}


def visit_with(**changes: object) -> str:
    return json.dumps(VISIT | changes)


SEGMENT = {"code": "97110", "start": "2025-06-02T09:00:00", "end": "2025-06-02T09:20:00"}

# Each of these was silently coerced before: "33" became 33 minutes, true became 1, an
# integer date became 2024-06-02, numbers for timer stamps became 1970.
STRICT = [
    (visit_with(services=[{"code": "97110", "minutes": "33"}]), "services.0.minutes", "'33'"),
    (visit_with(services=[{"code": "97110", "minutes": True}]), "services.0.minutes", "true"),
    (visit_with(ytd_allowed=True), "ytd_allowed", "true"),
    (visit_with(qualifying_apm=1), "qualifying_apm", "1"),
    (visit_with(date_of_service=1717286400), "date_of_service", "1717286400"),
    (
        visit_with(segments=[SEGMENT | {"start": 1717286400, "end": 1717287600}]),
        "segments.0.start",
        "1717286400",
    ),
    (visit_with(payer={"name": "Medicare", "fee_schedule_percent": "80"}), "fee_schedule", "'80'"),
]


@pytest.mark.parametrize(("text", "where", "got"), STRICT)
def test_json_types_are_strict(text: str, where: str, got: str) -> None:
    with pytest.raises(InputError) as caught:
        bill_text(text, "visit.json")
    message = str(caught.value)
    assert message.startswith("invalid visit: ")
    assert where in message
    assert f"(got {got})" in message


def test_strict_json_still_reads_iso_dates_enums_and_whole_floats() -> None:
    visit = parse_json(
        Visit,
        visit_with(ytd_allowed=1450, discipline="OT", segments=[SEGMENT]),
        "visit.json",
        "visit",
    )
    assert visit.ytd_allowed == 1450.0
    assert visit.segments[0].start.hour == 9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"date_of_service": "2025-06-02", "services": [{"code": "97110", "minutes": '
            + "9" * 5000
            + "}]}",
            "a number is too large",
        ),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        ("{not json", "malformed JSON in visit.json"),
        ("   ", "visit.json is empty"),
    ],
)
def test_json_that_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        bill_text(text, "visit.json")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "must hold a JSON object"),
        ({"note_type": "daily"}, "schema_version is missing"),
        ({"schema_version": "2"}, "schema_version '2' is not supported"),
    ],
)
def test_version_gate(data: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_version(data, "1", "note", "n.json")


def test_decode_names_the_bad_byte() -> None:
    with pytest.raises(InputError, match="offset 7"):
        inputs.decode(b'{"a": "\xe9"}', "x.json")
    assert inputs.decode(b"\xef\xbb\xbf{}", "x.json") == "{}"  # a byte-order mark is dropped
