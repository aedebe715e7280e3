"""CL0xx: who wrote the note, with what credentials, and who must co-sign it.

Medicare Part B does not require a therapist to co-sign an assistant's daily note, but some
payers and state practice acts do: that is a payer setting (requires_assistant_cosign).
"""

from collections.abc import Iterator

from assistant.rules.validation.base import Issue, RuleSet
from assistant.rules.validation.review import Review

rule = RuleSet()


@rule("CL001")
def name_present(review: Review) -> Iterator[Issue]:
    if not review.note.clinician.name.strip():
        yield Issue("clinician.name", "the treating clinician is not named")


@rule("CL002")
def credentials_present(review: Review) -> Iterator[Issue]:
    if not review.note.clinician.credentials.strip():
        yield Issue("clinician.credentials", "the clinician's credentials are missing")


@rule("CL003")
def role_matches(review: Review) -> Iterator[Issue]:
    note = review.note
    if note.clinician.role not in note.discipline.roles:
        yield Issue(
            "clinician.role",
            f"a {note.clinician.role} wrote a {note.discipline} note",
        )


@rule("CL004")
def therapist_only(review: Review) -> Iterator[Issue]:
    note = review.note
    if note.note_type.therapist_only and note.clinician.role.is_assistant:
        kind = note.note_type.replace("_", " ")
        yield Issue("clinician.role", f"a {note.clinician.role} cannot write a {kind}")


@rule("CL005")
def supervisor_named(review: Review) -> Iterator[Issue]:
    role = review.note.clinician.role
    if not (review.requires_cosign and role.is_assistant):
        return
    sup = review.note.supervisor
    if sup is None or not sup.name.strip() or not sup.credentials.strip():
        yield Issue("supervisor", f"{review.payer.name} requires a co-signature on {role} notes")
    elif sup.role is not role.supervisor:
        yield Issue(
            "supervisor.role",
            f"a {role} note must be co-signed by a {role.supervisor}, not a {sup.role}",
        )


@rule("CL006")
def cosign_pending(review: Review) -> Iterator[Issue]:
    note = review.note
    # Whether it was co-signed is the store's record, not the note's: the rule says it will be
    # needed.
    if review.requires_cosign and note.clinician.role.is_assistant:
        who = note.supervisor.name if note.supervisor and note.supervisor.name.strip() else None
        yield Issue(
            "supervisor",
            f"needs co-signature by {who}"
            if who
            else "needs the supervising therapist's co-signature",
        )


RULES = rule.rules
