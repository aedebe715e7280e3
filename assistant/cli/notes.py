"""`ptscribe session new` and `ptscribe note show|revise|ack|sign|cosign|amend`."""

from typing import Annotated

import typer

from assistant.cli.draft import Backend
from assistant.cli.inputs import fail, read_text
from assistant.cli.people import parse_day
from assistant.cli.store_io import Format, FormatOption, call, database, emit, note_json, os_actor
from assistant.domain.note import NoteType
from assistant.services import notes, signing
from assistant.services.dictation import parse_timers, read_dictation
from assistant.services.validation import parse_note
from assistant.settings import get_settings

session_app = typer.Typer(
    help="Therapy sessions: input in, drafted note out.", no_args_is_help=True
)
note_app = typer.Typer(
    help="Stored notes: review, revise, sign, co-sign, amend.", no_args_is_help=True
)
NoteId = Annotated[int, typer.Argument(help="The note id.", min=1)]
Revision = Annotated[int, typer.Option("--revision", help="The revision you read.", min=1)]
Clinician = Annotated[str, typer.Option("--clinician", help="The clinician's email.")]
SESSION_KEYS = ("note_id", "revision", "status", "claim", "findings")


@session_app.command("new")
def new_session(
    file: Annotated[str, typer.Argument(help="Dictation or shorthand text file, or - for stdin.")],
    patient: Annotated[str, typer.Option("--patient", help="The patient's MRN.")],
    clinician: Clinician,
    timers: Annotated[
        str | None, typer.Option("--timers", help="JSON list of timer segments.")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date of service, YYYY-MM-DD.")] = None,
    type: Annotated[NoteType, typer.Option("--type", help="Note type.")] = NoteType.DAILY,
    backend: Annotated[Backend | None, typer.Option("--backend", help="offline or llm.")] = None,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Store a session's input, draft its note with the patient's history, keep revision 1."""
    text = read_dictation(file)
    segments = parse_timers(read_text(timers), timers) if timers else []
    day = parse_day(date, "--date") if date else None
    chosen = backend.value if backend else get_settings().drafter
    with database() as db:
        view = call(
            lambda: notes.new_session(
                db,
                text,
                mrn=patient,
                clinician_email=clinician,
                timers=segments,
                day=day,
                note_type=type,
                backend=chosen,
            )
        )
    emit(note_json(view, SESSION_KEYS), format)


@note_app.command("show")
def show(note_id: NoteId, format: Annotated[Format, FormatOption] = Format.JSON) -> None:
    """The note's current revision with its claim, findings, signatures and addenda."""
    with database() as db:
        view = call(lambda: notes.show(db, note_id, actor=os_actor()))
    emit(note_json(view), format)


@note_app.command("revise")
def revise(
    note_id: NoteId,
    revision: Revision,
    file: Annotated[str, typer.Option("--file", help="The edited note JSON, or - for stdin.")],
    clinician: Annotated[
        str | None, typer.Option("--clinician", help="Author's email (default: the note's).")
    ] = None,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Save an edited note as a new revision; a stale --revision is refused (exit 3)."""
    note = parse_note(read_text(file), file)
    with database() as db:
        view = call(
            lambda: notes.revise(
                db, note_id, revision=revision, note=note, clinician_email=clinician
            )
        )
    emit(note_json(view), format)


@note_app.command("ack")
def ack(
    note_id: NoteId,
    revision: Revision,
    rule: Annotated[str, typer.Option("--rule", help="The finding's rule id, e.g. TE003.")],
    path: Annotated[str, typer.Option("--path", help="The finding's path.")] = "",
    reason: Annotated[
        str, typer.Option("--reason", help="Why the warning does not apply: an override.")
    ] = "",
    clinician: Annotated[
        str | None, typer.Option("--clinician", help="Who acknowledges (default: the note's).")
    ] = None,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Acknowledge a warning on a revision, or override it with --reason."""
    if len(reason) > 2000:
        fail("--reason is longer than 2,000 characters")
    with database() as db:
        view = call(
            lambda: notes.acknowledge(
                db,
                note_id,
                revision=revision,
                rule=rule.strip().upper(),
                path=path.strip(),
                reason=reason,
                clinician_email=clinician,
            )
        )
    emit(note_json(view), format)


@note_app.command("sign")
def sign(
    note_id: NoteId,
    revision: Revision,
    clinician: Clinician,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Sign a revision: re-validated with the patient's history; errors and unacknowledged
    warnings block it (exit 3, the blocking findings on stdout)."""
    with database() as db:
        view = call(lambda: signing.sign(db, note_id, revision=revision, clinician_email=clinician))
    emit(note_json(view), format)


@note_app.command("cosign")
def cosign(
    note_id: NoteId, clinician: Clinician, format: Annotated[Format, FormatOption] = Format.JSON
) -> None:
    """Co-sign an assistant's signed note as their supervising therapist."""
    with database() as db:
        view = call(lambda: signing.cosign(db, note_id, clinician_email=clinician))
    emit(note_json(view), format)


@note_app.command("amend")
def amend(
    note_id: NoteId,
    clinician: Clinician,
    reason: Annotated[str, typer.Option("--reason", help="Why the addendum is written.")],
    file: Annotated[
        str, typer.Option("--file", help="Addendum text, or a corrected note JSON; - for stdin.")
    ],
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Add a signed addendum to a signed note; the original stays untouched."""
    text = read_text(file)
    if len(reason) > 2000:
        fail("--reason is longer than 2,000 characters")
    with database() as db:
        view = call(
            lambda: signing.amend(db, note_id, clinician_email=clinician, reason=reason, text=text)
        )
    emit(note_json(view), format)
