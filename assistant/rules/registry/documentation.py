"""Validator ids about vague and boilerplate documentation (DOC).

Each is a warning: the words are there, but they do not say what an auditor needs. Each id
is checked by one function in assistant/rules/validation/vague.py.
"""

from assistant.domain.findings import Element, Severity
from assistant.rules.registry.spec import RuleSpec, stable

BPM = "Pub. 100-02 ch. 15 sec. 220.3"
LCD = "LCD L33631 (Outpatient Physical and Occupational Therapy Services)"

SPECS: tuple[RuleSpec, ...] = (
    stable(
        "DOC001",
        Severity.WARNING,
        Element.RESPONSE,
        "Patient response recorded only as boilerplate ('tolerated well')",
        "A stock phrase is on every note; the response must say how this patient responded "
        f"to this session (pain, fatigue, form, a measure); {BPM}",
        "Say how the patient responded, e.g. 'knee pain 2/10 after, from 4/10; quad fatigue "
        "by set 3, form kept with cues'.",
    ),
    stable(
        "DOC002",
        Severity.WARNING,
        Element.EXERCISES,
        "Note refers to a flowsheet or log for what was done",
        "The signed note must itself identify each intervention; 'see flowsheet' is a classic "
        f"audit denial when the sheet is not part of the record; {BPM}; {LCD}",
        "Name the exercises and doses in the note, or confirm the flowsheet is filed with it.",
    ),
    stable(
        "DOC003",
        Severity.WARNING,
        Element.EXERCISES,
        "Exercises mentioned only in general terms ('pt did exercises')",
        f"Each intervention must be identified, not summarised; {BPM}",
        "Name each exercise and its dose, e.g. 'bridges 2 x 15, side-lying hip abduction "
        "2 x 12 with 2 lb'.",
    ),
    stable(
        "DOC004",
        Severity.WARNING,
        Element.PROGRESSION,
        "Plan says only to continue, with nothing specific",
        "'Continue POC' on every note shows no clinical reasoning; the plan should say what "
        f"the next visit will progress or change; {LCD}",
        "Say what comes next, e.g. 'add lateral step-ups; increase leg press to 50 lb if pain "
        "stays under 3/10'.",
    ),
)
