"""Signed notes of a chosen content for the export tests, and PDF readers (poppler-utils).

A note is drafted from the example dictation, revised to the content a test needs (the store
keeps the clinician), every warning acknowledged and signed: the same lifecycle a clinician
goes through, so what is exported is what the store really holds.
"""

import re
import subprocess
from datetime import date
from pathlib import Path

from assistant.domain.note import Exercise, ExerciseKind, Note
from assistant.errors import SignBlockedError
from assistant.services import notes, signing
from assistant.store.db import Database
from tests.store_support import DICTATION, ROOT, Seed, ack_all

ARTIFACTS = Path(__file__).parent / "artifacts"
EXAMPLE_NOTE = ROOT / "examples" / "notes" / "pt_daily_knee.json"


def sign_as(
    db: Database, note: Note | None, who: str, *, day: date | None = None, mrn: str = Seed.mrn
) -> int:
    """A signed note in the store holding `note`'s content (dated `day`, else its own date),
    or the note drafted from the example dictation when `note` is None."""
    day = day or (note.date_of_service if note else date(2025, 6, 2))
    note_id = notes.new_session(db, DICTATION, mrn=mrn, clinician_email=who, day=day).note_id
    revision = 1
    if note is not None:
        note = note.model_copy(update={"date_of_service": day})
        revision = notes.revise(db, note_id, revision=1, note=note).revision
    try:
        signing.sign(db, note_id, revision=revision, clinician_email=who)
    except SignBlockedError:
        ack_all(db, note_id, revision, who)
        signing.sign(db, note_id, revision=revision, clinician_email=who)
    return note_id


def example_note() -> Note:
    return Note.model_validate_json(EXAMPLE_NOTE.read_text(encoding="utf-8"))


def with_exercises(note: Note, count: int) -> Note:
    """The note with `count` distinct exercises under its first intervention."""
    exercises = [
        Exercise(
            name=f"exercise number {i:02d} long arc quad variation",
            body_region="right knee",
            kind=ExerciseKind.ISOTONIC,
            sets=3,
            reps=10 + i,
            progression=f"progressed from {i} to {i + 1} lb",
        )
        for i in range(1, count + 1)
    ]
    first = note.interventions[0].model_copy(update={"exercises": exercises})
    return note.model_copy(update={"interventions": [first, *note.interventions[1:]]})


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def pages(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return pdf_text(pdf).split("\f")[:-1]


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)$", info.stdout.decode(), re.MULTILINE)
    assert found, info.stdout
    return int(found.group(1))


def words_outside_page(pdf: bytes, margin_pt: float = 20.0) -> list[str]:
    """Words whose box runs past the page less a margin: text cut off at the edge."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    bad = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page.group(3),
        ):
            x0, y0, x1, y1 = (float(word.group(i)) for i in range(1, 5))
            if x0 < margin_pt or y0 < margin_pt / 2 or x1 > width - margin_pt or y1 > height:
                bad.append(word.group(5))
    return bad


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


__all__ = ["ARTIFACTS", "Seed"]
