"""The billing feed: a month of signed notes out as CSV and JSON, read back, totals checked
against the claims the store signed."""

import json
from datetime import date, timedelta

import pytest

from assistant.domain.billing import Role
from assistant.domain.note import Note, ProposedLine
from assistant.errors import ConflictError, InputError
from assistant.rules.claim import claim_for
from assistant.services import exports, people, signing
from assistant.services.exports.feed import ClaimsFeed, read_csv, read_json
from assistant.store.db import Database
from tests.exports.support import example_note, sign_as
from tests.store_support import draft, seed, signed_note

JUNE = (date(2025, 6, 1), date(2025, 6, 30))


def _minutes(note: Note, therex: int, manual: int, provider: Role = Role.PT) -> Note:
    """The note with new minutes and the claim lines the billing engine gives for them."""
    first, second = note.interventions[:2]
    changed = note.model_copy(
        update={
            "interventions": [
                first.model_copy(update={"minutes": therex, "provider": provider}),
                second.model_copy(update={"minutes": manual, "provider": provider}),
                *note.interventions[2:],
            ],
            "timer_segments": [],
        }
    )
    claim = claim_for(changed, None).result
    assert claim is not None
    return changed.model_copy(
        update={
            "total_timed_minutes": claim.total_timed_minutes,
            "total_treatment_minutes": claim.total_treatment_minutes,
            "claim_lines": [
                ProposedLine(code=ln.code, units=ln.units, modifiers=ln.modifiers)
                for ln in claim.lines
            ],
        }
    )


def _month(db: Database) -> dict[str, int]:
    """Signed notes on most weekdays of June 2025 from a PT and a PTA, with varied minutes;
    a corrected claim; a draft and a note from July that must stay out."""
    s = seed(db)
    # Four patients, so none reaches the tenth treatment day that makes a progress report due.
    mrns = [s.mrn, *(f"MRN-{i}" for i in range(2, 5))]
    for mrn in mrns[1:]:
        people.add_patient(db, name=f"Patient {mrn}", date_of_birth=date(1950, 1, 2), mrn=mrn)
        people.add_plan(
            db, mrn=mrn, first_treatment=date(2025, 5, 1), certified_through=date(2025, 7, 29)
        )
    ids: dict[str, int] = {}
    day = JUNE[0]
    n = 0
    while day <= JUNE[1]:
        if day.weekday() < 5:
            mrn = mrns[n % len(mrns)]
            if n % 3 == 2:
                note = _minutes(example_note(), 25, 10, provider=Role.PTA)
                ids[f"pta{n}"] = sign_as(db, note, s.pta, day=day, mrn=mrn)
            else:
                note = _minutes(example_note(), 20 + (n * 7) % 30, 8 + n % 9)
                ids[f"pt{n}"] = sign_as(db, note, s.pt, day=day, mrn=mrn)
            n += 1
        day += timedelta(days=1)
    corrected = ids["pt0"]
    fixed = _minutes(example_note(), 45, 10).model_copy(
        update={"date_of_service": date(2025, 6, 2)}
    )
    signing.amend(
        db, corrected, clinician_email=s.pt, reason="minutes were 45", text=fixed.model_dump_json()
    )
    ids["corrected"] = corrected
    ids["draft"] = draft(db, s.pt, day=date(2025, 6, 20))
    ids["july"] = signed_note(db, s.pt, day=date(2025, 7, 1))
    return ids


def _current_claims(db: Database, note_ids: list[int]) -> tuple[int, float, int]:
    """Units, expected payment and lines of the claims as the store holds them: the newest
    corrected claim where an addendum corrected one, else the signed claim."""
    units, payment, lines = 0, 0.0, 0
    for nid in note_ids:
        doc = exports.document(db, nid)
        claim = doc.corrections[-1].claim if doc.corrections else doc.claim
        assert claim is not None
        units += sum(ln.units for ln in claim.lines)
        payment += sum(ln.expected_payment or 0.0 for ln in claim.lines)
        lines += len(claim.lines)
    return units, round(payment, 2), lines


def test_a_month_of_signed_claims_round_trips_with_matching_totals(db: Database) -> None:
    ids = _month(db)
    signed = sorted(v for k, v in ids.items() if k.startswith(("pt", "pta")))
    assert len(signed) >= 12
    feed = exports.claims_feed(db, *JUNE, actor="biller@clinic.test")
    assert feed.notes == len(signed)
    assert sorted({ln.note_id for ln in feed.lines}) == signed  # no draft, nothing from July
    units, payment, current_lines = _current_claims(db, signed)
    assert feed.total_units == units
    assert feed.total_expected_payment == pytest.approx(payment, abs=0.005)
    assert len(feed.current) == current_lines
    for text, reader in ((exports.feed_csv(feed), read_csv), (exports.feed_json(feed), read_json)):
        back = reader(text)
        assert back == feed.lines
        current = [ln for ln in back if not ln.superseded]
        assert sum(ln.units for ln in current) == units
        assert round(sum(ln.expected_payment or 0 for ln in current), 2) == pytest.approx(
            payment, abs=0.005
        )
    totals = json.loads(exports.feed_json(feed))
    assert totals["total_units"] == units
    assert totals["total_expected_payment"] == pytest.approx(payment, abs=0.005)
    # Each line is the signed claim's line: same codes, modifiers in order, units, minutes, hash.
    for nid in signed:
        doc = exports.document(db, nid)
        original = [ln for ln in feed.lines if ln.note_id == nid and ln.claim_kind == "original"]
        assert doc.claim is not None
        assert [
            (ln.cpt, ln.modifiers, ln.units, ln.minutes, ln.expected_payment) for ln in original
        ] == [
            (ln.code, ln.modifiers, ln.units, ln.minutes, ln.expected_payment)
            for ln in doc.claim.lines
        ]
        assert {ln.note_sha256 for ln in original} == {doc.sha256}
        assert {ln.icd10_codes[0] for ln in original} == {doc.note.diagnoses[0].code}
        assert all(ln.rendering_clinician == doc.clinician.name for ln in original)
    assert any("CQ" in ln.modifiers for ln in feed.lines)  # the assistant's lines
    _corrected_claim_is_marked(db, ids, feed)


def _corrected_claim_is_marked(db: Database, ids: dict[str, int], feed: ClaimsFeed) -> None:
    lines = [ln for ln in feed.lines if ln.note_id == ids["corrected"]]
    original = [ln for ln in lines if ln.claim_kind == "original"]
    corrected = [ln for ln in lines if ln.claim_kind == "corrected"]
    assert original
    assert all(ln.superseded for ln in original)
    assert corrected
    assert not any(ln.superseded for ln in corrected)
    doc = exports.document(db, ids["corrected"])
    (addendum,) = doc.addenda
    assert addendum.corrected_claim
    assert {(ln.addendum_id, ln.addendum_sha256) for ln in corrected} == {
        (addendum.id, addendum.sha256)
    }
    claim = doc.corrections[0].claim
    assert claim is not None
    assert [(ln.cpt, ln.units) for ln in corrected] == [(ln.code, ln.units) for ln in claim.lines]
    assert sum(ln.units for ln in corrected) != sum(ln.units for ln in original)
    csv_text = exports.feed_csv(feed)
    assert ",corrected,false," in csv_text
    assert ",original,true," in csv_text


def test_one_note_claims_and_the_unsigned_refusal(db: Database) -> None:
    s = seed(db)
    signed = signed_note(db, s.pt)
    unsigned = draft(db, s.pt, day=date(2025, 6, 3))
    feed = exports.note_claims(db, signed, actor="biller@clinic.test")
    assert {ln.note_id for ln in feed.lines} == {signed}
    with pytest.raises(
        ConflictError, match=r"note \d+ is in review: only a signed note's claim is exported"
    ):
        exports.note_claims(db, unsigned, actor="biller@clinic.test")


def test_a_note_awaiting_its_cosign_is_held_back_and_counted(db: Database) -> None:
    s = seed(db, cosign=True)
    held = signed_note(db, s.pta)
    assert exports.document(db, held).status.value == "awaiting_cosign"
    feed = exports.claims_feed(db, *JUNE, actor="biller@clinic.test")
    assert feed.lines == []
    assert feed.held_awaiting_cosign == 1
    with pytest.raises(ConflictError, match="awaits its required co-signature"):
        exports.note_claims(db, held, actor="biller@clinic.test")
    signing.cosign(db, held, clinician_email=s.pt)
    feed = exports.claims_feed(db, *JUNE, actor="biller@clinic.test")
    assert {ln.note_id for ln in feed.lines} == {held}
    assert feed.held_awaiting_cosign == 0
    assert all(ln.supervising_clinician == "Pat Lee" for ln in feed.lines)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2025, 6, 30), date(2025, 6, 1), "ends .* before it starts"),
        (date(2025, 1, 1), date(2026, 1, 2), "covers 367 days: export at most 366 days"),
    ],
)
def test_a_reversed_or_too_long_range_is_refused(
    db: Database, start: date, end: date, message: str
) -> None:
    seed(db)
    with pytest.raises(InputError, match=message):
        exports.claims_feed(db, start, end, actor="biller@clinic.test")
    with db.transaction() as tx:
        assert [e for e in tx.audit.events() if e.action == "export"] == []


def test_a_full_year_is_allowed_and_audited_once(db: Database) -> None:
    s = seed(db)
    signed_note(db, s.pt)
    feed = exports.claims_feed(db, date(2024, 6, 3), date(2025, 6, 3), actor="biller@clinic.test")
    assert len(feed.lines) == 2
    with db.transaction() as tx:
        events = [e for e in tx.audit.events() if e.action == "export"]
    assert [(e.actor, e.detail) for e in events] == [
        ("biller@clinic.test", "claims 2024-06-03..2025-06-03: 2 lines")
    ]


def test_a_name_that_looks_like_a_formula_is_defused_in_csv(db: Database) -> None:
    from assistant.services import people
    from tests.store_support import PHI

    s = seed(db)
    people.add_patient(db, name='=HYPERLINK("x")', date_of_birth=PHI["dob"], mrn="MRN-F")  # type: ignore[arg-type]
    people.add_plan(
        db, mrn="MRN-F", first_treatment=date(2025, 5, 1), certified_through=date(2025, 7, 29)
    )
    sign_as(db, example_note(), s.pt, mrn="MRN-F")
    feed = exports.claims_feed(db, *JUNE, actor="biller@clinic.test")
    text = exports.feed_csv(feed)
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    assert read_csv(text)[0].patient_name == '=HYPERLINK("x")'
