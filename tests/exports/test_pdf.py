"""The PDF of a note, read back with poppler's pdftotext: what a reader of the paper sees."""

import subprocess
from datetime import date

import pytest

from assistant.services import audit, exports, people, signing
from assistant.store.db import Database
from tests.exports.support import (
    ARTIFACTS,
    example_note,
    page_count,
    pages,
    pdf_text,
    png_size,
    sign_as,
    with_exercises,
    words_outside_page,
)
from tests.store_support import PHI, draft, seed, signed_note


def _export_events(db: Database) -> list[tuple[int | None, str]]:
    with db.transaction() as tx:
        return [(e.note_id, e.detail) for e in tx.audit.events() if e.action == "export"]


def _every_page_names_the_patient(pdf: bytes) -> None:
    texts = pages(pdf)
    assert len(texts) == page_count(pdf)
    for number, text in enumerate(texts, start=1):
        assert PHI["name"] in text, number
        assert f"DOB {PHI['dob'].isoformat()}" in text, number
        assert f"Page {number} of {len(texts)}" in text, number


def test_signed_note_pdf_prints_the_whole_record(db: Database) -> None:
    s = seed(db)
    note_id = signed_note(db, s.pt)
    doc = exports.document(db, note_id)
    pdf = exports.note_pdf(db, note_id, actor="biller@clinic.test")
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf).split())
    assert "Physical therapy daily note" in text
    assert f"Date of service {doc.note.date_of_service.isoformat()}" in text
    for heading in ("Subjective", "Objective", "Assessment", "Plan", "Interventions", "Claim"):
        assert heading in text
    for dx in doc.note.diagnoses:
        assert dx.code in text
    layout = pdf_text(pdf, layout=True)
    for iv in doc.note.interventions:
        assert any(
            iv.code in row and row.rstrip().endswith(str(iv.minutes)) for row in layout.splitlines()
        )
    assert doc.claim is not None
    assert doc.claim.lines
    for line in doc.claim.lines:
        row = next(r for r in layout.splitlines() if r.strip().startswith(line.code) and "$" in r)
        assert " ".join(line.modifiers) in row
        assert f" {line.units} " in row
    # The signature block: who, credentials, when, the hash of what was signed.
    sig = doc.signature
    assert sig is not None
    assert (
        f"Electronically signed by Pat Lee, PT, DPT on {sig.signed_at:%Y-%m-%d %H:%M} UTC" in text
    )
    assert f"SHA-256 {sig.sha256}" in text
    assert "DRAFT" not in text
    _every_page_names_the_patient(pdf)
    assert words_outside_page(pdf) == []
    assert _export_events(db) == [(note_id, "pdf")]


def test_a_draft_prints_only_with_a_watermark_on_every_page(db: Database) -> None:
    s = seed(db)
    note_id = sign_as(db, with_exercises(example_note(), 30), s.pt)
    unsigned = draft(db, s.pt)
    pdf = exports.note_pdf(db, unsigned, actor="pt@clinic.test")
    texts = pages(pdf)
    assert texts
    for text in texts:
        assert "DRAFT" in text
    assert "not signed" in pdf_text(pdf)
    assert "Not signed." in pdf_text(pdf)
    signed_pdf = exports.note_pdf(db, note_id, actor="pt@clinic.test")
    assert "DRAFT" not in pdf_text(signed_pdf)
    assert (unsigned, "pdf draft") in _export_events(db)


def test_thirty_exercises_paginate_with_every_row_whole(db: Database) -> None:
    s = seed(db)
    note_id = sign_as(db, with_exercises(example_note(), 30), s.pt)
    pdf = exports.note_pdf(db, note_id, actor="pt@clinic.test")
    assert page_count(pdf) >= 2
    _every_page_names_the_patient(pdf)
    texts = pages(pdf)
    for i in range(1, 31):
        # A row never splits across pages: the name and its dose sit on one page.
        holder = [t for t in texts if f"exercise number {i:02d}" in t]
        assert len(holder) == 1, i
        assert f"3 x {10 + i}" in holder[0], i
    # The table's header row repeats on each page the table continues on.
    assert sum("Progression" in t for t in texts) >= 2
    assert words_outside_page(pdf) == []


def test_three_addenda_each_with_its_own_signature(db: Database) -> None:
    s = seed(db)
    note_id = signed_note(db, s.pt)
    for i in range(3):
        signing.amend(
            db,
            note_id,
            clinician_email=s.pt,
            reason=f"late entry {i + 1}",
            text=f"Addendum {i + 1}: patient called back about the home program. " * 30,
        )
    doc = exports.document(db, note_id)
    pdf = exports.note_pdf(db, note_id, actor="pt@clinic.test")
    text = " ".join(pdf_text(pdf).split())
    assert len(doc.addenda) == 3
    for number, add in enumerate(doc.addenda, start=1):
        assert f"Addendum {number}" in text
        assert f"Reason: late entry {number}" in text
        assert f"Signed by Pat Lee, PT, DPT on {add.created_at:%Y-%m-%d %H:%M} UTC" in text
        assert f"SHA-256 {add.sha256}" in text
    assert page_count(pdf) >= 3
    _every_page_names_the_patient(pdf)
    assert words_outside_page(pdf) == []


def test_a_hostile_name_and_unbroken_text_stay_on_the_page(db: Database) -> None:
    s = seed(db)
    name = 'O"Brien \\ </style> ; } @page'
    people.add_patient(db, name=name, date_of_birth=PHI["dob"], mrn="MRN-2")  # type: ignore[arg-type]
    people.add_plan(
        db, mrn="MRN-2", first_treatment=date(2025, 5, 1), certified_through=date(2025, 7, 29)
    )
    note = example_note()
    note = note.model_copy(update={"subjective": "x" * 900 + " <b>not bold</b> & done"})
    note_id = sign_as(db, with_exercises(note, 30), s.pt, mrn="MRN-2")
    assert exports.document(db, note_id).patient.name == name
    pdf = exports.note_pdf(db, note_id, actor="pt@clinic.test")
    texts = pages(pdf)
    assert len(texts) >= 2
    for text in texts:  # the margin box carries the name exactly, quotes and all
        assert f"{name} DOB {PHI['dob'].isoformat()}" in " ".join(text.split())
    assert "<b>not bold</b> & done" in " ".join(pdf_text(pdf).split())
    assert words_outside_page(pdf) == []


def test_one_page_rendered_to_png_as_an_artifact(db: Database) -> None:
    s = seed(db)
    note_id = sign_as(db, with_exercises(example_note(), 30), s.pt)
    pdf = exports.note_pdf(db, note_id, actor="pt@clinic.test")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "signed-note.pdf").write_bytes(pdf)
    target = ARTIFACTS / "signed-note-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-", str(target)],
        input=pdf,
        check=True,
    )
    # US Letter at 72 dpi: 612 x 792 points are 612 x 792 pixels.
    assert png_size(target.with_suffix(".png")) == (612, 792)


def test_a_missing_note_is_not_found_and_not_audited(db: Database) -> None:
    seed(db)
    from assistant.errors import NotFoundError

    with pytest.raises(NotFoundError, match="no note 999"):
        exports.note_pdf(db, 999, actor="pt@clinic.test")
    assert _export_events(db) == []
    assert audit.verify(db).ok
