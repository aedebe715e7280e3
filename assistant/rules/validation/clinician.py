"""CL0xx: who wrote the note, with what credentials, and who must co-sign it.

Medicare Part B does not require a therapist to co-sign an assistant's daily note, but some
payers and state practice acts do: that is a payer setting (requires_assistant_cosign).
"""

from collections.abc import Iterator

from assistant.domain.billing import Discipline, Role
from assistant.domain.findings import Element, Severity
from assistant.domain.note import NoteType
from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()
BPM = "Pub. 100-02 ch. 15 sec. 220.3"
_ROLES = {
    Discipline.PT: (Role.PT, Role.PTA),
    Discipline.OT: (Role.OT, Role.OTA),
    Discipline.SLP: (Role.SLP,),
}
_SUPERVISOR = {Role.PTA: Role.PT, Role.OTA: Role.OT}
_THERAPIST_ONLY = (
    NoteType.EVALUATION,
    NoteType.RE_EVALUATION,
    NoteType.PROGRESS_REPORT,
    NoteType.DISCHARGE,
)


@rule(
    "CL001",
    Severity.ERROR,
    Element.CLINICIAN,
    "Treating clinician's name missing",
    f"Each note must identify and be signed by the clinician who furnished the care; {BPM}",
    hint="Add the treating clinician's name.",
)
def name_present(review: Review) -> Iterator[Issue]:
    if not review.note.clinician.name.strip():
        yield Issue("clinician.name", "the treating clinician is not named")


@rule(
    "CL002",
    Severity.ERROR,
    Element.CLINICIAN,
    "Treating clinician's credentials missing",
    f"The signature must carry the clinician's professional credentials; {BPM}",
    hint="Add the credentials, e.g. PT, DPT or OTR/L or PTA.",
)
def credentials_present(review: Review) -> Iterator[Issue]:
    if not review.note.clinician.credentials.strip():
        yield Issue("clinician.credentials", "the clinician's credentials are missing")


@rule(
    "CL003",
    Severity.WARNING,
    Element.CLINICIAN,
    "Clinician's role does not belong to the note's discipline",
    "GP/GO/GN and the plan of care follow the discipline; a PT note is written by a PT or PTA",
    hint="Check the clinician's role or the note's discipline.",
)
def role_matches(review: Review) -> Iterator[Issue]:
    note = review.note
    if note.clinician.role not in _ROLES[note.discipline]:
        yield Issue(
            "clinician.role",
            f"a {note.clinician.role} wrote a {note.discipline} note",
        )


@rule(
    "CL004",
    Severity.ERROR,
    Element.CLINICIAN,
    "Evaluation, re-evaluation, progress report or discharge note written by an assistant",
    f"Assistants may not evaluate or write progress reports and discharge summaries; {BPM}",
    hint="The supervising therapist must write and sign this note.",
)
def therapist_only(review: Review) -> Iterator[Issue]:
    note = review.note
    if note.note_type in _THERAPIST_ONLY and note.clinician.role.is_assistant:
        kind = note.note_type.replace("_", " ")
        yield Issue("clinician.role", f"a {note.clinician.role} cannot write a {kind}")


@rule(
    "CL005",
    Severity.WARNING,
    Element.CLINICIAN,
    "Assistant's note without its supervising therapist, where the payer requires co-signature",
    "Payer setting requires_assistant_cosign (payer policy or state practice act)",
    hint="Name the supervising therapist who will co-sign this note.",
)
def supervisor_named(review: Review) -> Iterator[Issue]:
    role = review.note.clinician.role
    if not (review.requires_cosign and role.is_assistant):
        return
    sup = review.note.supervisor
    if sup is None or not sup.name.strip() or not sup.credentials.strip():
        yield Issue("supervisor", f"{review.payer.name} requires a co-signature on {role} notes")
    elif sup.role is not _SUPERVISOR[role]:
        yield Issue(
            "supervisor.role",
            f"a {role} note must be co-signed by a {_SUPERVISOR[role]}, not a {sup.role}",
        )


@rule(
    "CL006",
    Severity.INFO,
    Element.CLINICIAN,
    "Assistant's note awaits the supervising therapist's co-signature",
    "Payer setting requires_assistant_cosign; the note goes to the co-sign queue once signed",
    hint="After signing, the note goes to the supervising therapist's co-sign queue.",
)
def cosign_pending(review: Review) -> Iterator[Issue]:
    note = review.note
    if review.requires_cosign and note.clinician.role.is_assistant and not note.cosigned:
        who = note.supervisor.name if note.supervisor and note.supervisor.name.strip() else None
        yield Issue(
            "cosigned",
            f"needs co-signature by {who}"
            if who
            else "needs the supervising therapist's co-signature",
        )


RULES = rule.rules
