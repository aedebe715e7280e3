"""The pure parts behind the pages: evidence pieces, the form applied to a note, links from
findings to fields, typed minutes, the progression charts."""

from datetime import date

import pytest

from assistant.domain.findings import Element, Finding, Severity
from assistant.domain.lifecycle import NoteStatus
from assistant.domain.note import Note
from assistant.errors import InputError
from assistant.services.views import NoteView
from assistant.services.worklist import Point, Progression, progressions
from web.charts import chart_views
from web.editing import apply_form
from web.evidence import Piece, evidence_view, pieces
from web.pages.session import minutes_text
from web.panels import evidence_of, render_evidence
from web.review import link_for, review_context


@pytest.mark.parametrize(
    ("source", "spans", "expected"),
    [
        ("abcdef", [], [Piece("abcdef", ())]),
        ("abcdef", [(1, 3, "f1")], [Piece("a", ()), Piece("bc", ("f1",)), Piece("def", ())]),
        # Overlapping facts: the shared stretch names both.
        (
            "abcdef",
            [(0, 4, "f1"), (2, 6, "f2")],
            [Piece("ab", ("f1",)), Piece("cd", ("f1", "f2")), Piece("ef", ("f2",))],
        ),
        ("abc", [(0, 3, "f1"), (0, 3, "f2")], [Piece("abc", ("f1", "f2"))]),
    ],
)
def test_pieces_cut_at_every_boundary(
    source: str, spans: list[tuple[int, int, str]], expected: list[Piece]
) -> None:
    found = pieces(source, spans)
    assert found == expected
    assert "".join(p.text for p in found) == source  # nothing of the dictation is dropped


def _note(**extra: object) -> Note:
    base: dict[str, object] = {
        "schema_version": "1",
        "note_type": "daily",
        "date_of_service": "2025-06-02",
        "discipline": "PT",
        "clinician": {"name": "A", "credentials": "PT", "role": "PT"},
        "source_text": "Bridges 3x10. Clamshells.",
        "subjective": "S",
        "interventions": [
            {
                "category": "therapeutic_exercise",
                "code": "97110",
                "minutes": 20,
                "exercises": [
                    {
                        "name": "bridge",
                        "sets": 3,
                        "reps": 10,
                        "evidence": [{"start": 0, "end": 13, "text": "Bridges 3x10."}],
                    },
                    {"name": "clamshell", "evidence": []},
                ],
                "evidence": [{"start": 0, "end": 200, "text": "clipped"}],
            }
        ],
    }
    base.update(extra)
    return Note.model_validate(base)


def test_evidence_view_marks_supported_and_unsupported_facts() -> None:
    facts, found = evidence_view(_note())
    by_path = {f.path: f for f in facts}
    assert by_path["interventions[0].exercises[0]"].quotes == ["Bridges 3x10."]
    assert not by_path["interventions[0].exercises[1]"].supported
    # A span past the end of the text is clipped, not trusted.
    assert by_path["interventions[0]"].quotes == ["Bridges 3x10. Clamshells."]
    assert "".join(p.text for p in found) == "Bridges 3x10. Clamshells."


def test_the_evidence_panel_is_rendered_once_per_revision_note() -> None:
    note = _note(source_text='Bridges 3x10. <script>alert("x")</script> & clamshells.')
    first = evidence_of(note)
    assert evidence_of(note) is first  # the same stored revision: the cached panel
    assert first.html == render_evidence(note).html
    assert "<script>" not in first.html
    assert "&lt;script&gt;" in first.html
    assert '<mark data-facts="' in first.html
    assert 'id="facts"' in first.html
    # Another object, even with the same content, is rendered for itself; an edit of the
    # facts shows in its own panel.
    twin = note.model_copy(deep=True)
    assert evidence_of(twin) is not first
    assert evidence_of(twin).html == first.html
    edited = apply_form(note, {"interventions[0].exercises[1].sets": "2"})
    assert evidence_of(edited).html != first.html
    assert [f.path for f in evidence_of(edited).unsupported] == [f.path for f in first.unsupported]


def test_apply_form_changes_only_what_the_form_shows() -> None:
    note = _note()
    form = {
        "subjective": "New S\r\nline two",
        "interventions[0].minutes": "25",
        "interventions[0].exercises[1].sets": "2",
        "interventions[0].exercises[1].reps": "15",
        "interventions[0].exercises[1].load": "",
        "interventions[0].exercises[1].load_unit": "",
        "diagnoses": "m17.11, M17.11 Z96.651",
    }
    edited = apply_form(note, form)
    assert edited.subjective == "New S\nline two"
    item = edited.interventions[0]
    assert item.minutes == 25
    assert (item.exercises[1].sets, item.exercises[1].reps) == (2, 15)
    assert item.exercises[0] == note.interventions[0].exercises[0]  # untouched, evidence kept
    assert [d.code for d in edited.diagnoses] == ["M17.11", "Z96.651"]
    assert edited.source_text == note.source_text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"interventions[0].minutes": "ten"}, "not a number"),
        ({"interventions[0].exercises[0].sets": "2.5"}, "whole number"),
        ({"interventions[0].exercises[0].load_unit": "stone"}, "listed units"),
        # A numeric load needs lb, kg or bodyweight: the note format says so, named by field.
        ({"interventions[0].exercises[0].load": "5"}, "load_unit"),
        ({"interventions[0].minutes": "-3"}, "minutes"),
    ],
)
def test_apply_form_refuses_bad_values_with_the_field(form: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_form(_note(), form)


def test_findings_link_to_the_nearest_field_or_fact() -> None:
    fields = {
        "interventions[0].minutes": "field-m",
        "plan": "field-plan",
        "interventions[0].exercises[1].sets": "field-sets",
    }
    facts = {"interventions[0].exercises[1]": "fact-x", "interventions[0]": "fact-i"}

    def finding(path: str, rule: str = "TE002", element: Element | None = None) -> Finding:
        return Finding(rule=rule, severity=Severity.ERROR, message="m", path=path, element=element)

    assert link_for(finding("interventions[0].minutes"), fields, facts) == ("#field-m", "the field")
    assert link_for(finding("interventions[0].exercises[1].load"), fields, facts)[0] == "#fact-x"
    dose = finding("interventions[0].exercises[1]", element=Element.PARAMETERS)
    assert link_for(dose, fields, facts) == ("#field-sets", "the dose")
    assert link_for(finding("interventions[0].purpose"), fields, facts)[0] == "#fact-i"
    assert link_for(finding("", "MIN008", Element.TIMERS), fields, facts)[0] == "#claim"
    assert link_for(finding("diagnoses"), fields, facts)[0] == "#field-objective"


def test_typed_minutes_become_lines_the_drafter_reads() -> None:
    text = minutes_text([("97110", "25"), ("", ""), ("97140", " 8 ")])
    assert text == "Therapeutic exercise 97110: 25 minutes.\nManual therapy 97140: 8 minutes."
    with pytest.raises(InputError, match="whole number"):
        minutes_text([("97110", "abc")])
    with pytest.raises(InputError, match="choose a code"):
        minutes_text([("99999", "10")])


def test_progressions_follow_each_exercise_by_date_and_side() -> None:
    early = _note(date_of_service="2025-06-01")
    late = _note(date_of_service="2025-06-08")
    series = progressions([(date(2025, 6, 8), late), (date(2025, 6, 1), early)])
    names = [s.name for s in series]
    assert names == ["bridge", "clamshell"]
    assert [p.day for p in series[0].points] == [date(2025, 6, 1), date(2025, 6, 8)]


def test_charts_plot_load_first_and_say_the_range() -> None:
    points = [
        Point(date(2025, 6, 1), 3, 10, 1.0, "1 lb"),
        Point(date(2025, 6, 8), 3, 10, 3.0, "3 lb"),
    ]
    (view,) = chart_views([Progression("straight leg raise", points)])
    assert view.measure == "load"
    assert 'aria-label="straight leg raise: load over 2 visits, from 1 to 3"' in view.svg
    assert view.svg.count("<circle") == 2
    assert "style=" not in view.svg


def test_the_editor_is_rendered_once_per_revision_and_right_and_typed_text_never_kept() -> None:
    note = _note(subjective="Pain 3/10 <b>after</b> stairs.")
    view = NoteView(
        note_id=7,
        session_id=7,
        status=NoteStatus.IN_REVIEW,
        revision=2,
        note=note,
        claim=None,
        findings=[],
        acknowledgements=[],
        signatures=[],
        addenda=[],
    )
    editable = review_context(view)["editor_html"](True)
    assert review_context(view)["editor_html"](True) is editable  # kept for this revision
    assert "readonly" not in editable
    assert "Pain 3/10 &lt;b&gt;after&lt;/b&gt; stairs." in editable
    assert 'name="interventions[0].exercises[0].sets"' in editable
    assert 'value="3"' in editable
    read_only = review_context(view)["editor_html"](False)
    assert read_only is not editable
    assert 'name="subjective" rows="4" readonly' in read_only
    # What the clinician typed and could not save is shown as typed, and never kept.
    typed = review_context(view, {"subjective": "typed, not saved"})["editor_html"](True)
    assert "typed, not saved" in typed
    assert "Pain 3/10" not in typed
    assert review_context(view)["editor_html"](True) is editable
    # Another revision's note (another object) is rendered for itself.
    edited = apply_form(note, {"interventions[0].exercises[1].sets": "2"})
    other = review_context(view.model_copy(update={"note": edited}))["editor_html"](True)
    assert other != editable
    assert 'value="2"' in other
