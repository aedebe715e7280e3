"""`ptscribe clinician add`, `ptscribe patient add`, `ptscribe plan add`."""

from datetime import date
from typing import Annotated

import typer

from assistant.cli.accounts import PasswordStdin, apply_password, read_password
from assistant.cli.inputs import fail
from assistant.cli.store_io import Format, FormatOption, call, database, emit
from assistant.domain.billing import Role
from assistant.domain.context import PayerSettings
from assistant.services import people

clinician_app = typer.Typer(
    help="Clinicians who write, sign and co-sign notes.", no_args_is_help=True
)
patient_app = typer.Typer(help="Patients.", no_args_is_help=True)
plan_app = typer.Typer(help="Plans of care.", no_args_is_help=True)


def parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date: use YYYY-MM-DD")


@clinician_app.command("add")
def add_clinician(
    name: Annotated[str, typer.Option("--name")],
    credentials: Annotated[str, typer.Option("--credentials", help='e.g. "PT, DPT" or "PTA".')],
    role: Annotated[Role, typer.Option("--role")],
    email: Annotated[str, typer.Option("--email")],
    supervisor: Annotated[
        str | None, typer.Option("--supervisor", help="Supervising therapist's email (PTA/OTA).")
    ] = None,
    npi: Annotated[str | None, typer.Option("--npi")] = None,
    password_stdin: Annotated[bool, PasswordStdin] = False,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Register a clinician (the email identifies them to every other command) and their
    login: the password from stdin, or a one-time one printed here."""
    if npi is not None and not (len(npi) == 10 and npi.isdigit()):
        fail(f"--npi {npi!r} is not a 10-digit NPI")
    password = read_password(password_stdin)
    with database() as db:
        found = call(
            lambda: people.add_clinician(
                db,
                name=name,
                credentials=credentials,
                role=role,
                email=email,
                npi=npi,
                supervisor_email=supervisor,
                actor=email.strip().lower(),
            )
        )
        shown = apply_password(db, found.email, password, found.email)
    emit({**found.model_dump(mode="json"), **shown}, format)


@patient_app.command("add")
def add_patient(
    name: Annotated[str, typer.Option("--name")],
    dob: Annotated[str, typer.Option("--dob", help="Date of birth, YYYY-MM-DD.")],
    mrn: Annotated[str, typer.Option("--mrn")],
    payer: Annotated[
        str, typer.Option("--payer", help="Payer name (Medicare rules by name).")
    ] = "Medicare",
    ytd_allowed: Annotated[
        float,
        typer.Option("--ytd-allowed", help="USD allowed this year before ptscribe (PT and SLP)."),
    ] = 0.0,
    ytd_allowed_ot: Annotated[
        float, typer.Option("--ytd-allowed-ot", help="USD allowed this year before ptscribe (OT).")
    ] = 0.0,
    ytd_year: Annotated[
        int | None, typer.Option("--ytd-year", help="Year the carried-in amounts belong to.")
    ] = None,
    cosign_assistants: Annotated[
        bool, typer.Option("--cosign-assistants", help="Payer requires co-signed PTA/OTA notes.")
    ] = False,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Register a patient with their payer and the therapy spend carried in."""
    born = parse_day(dob, "--dob")
    if not payer.strip() or len(payer) > 200:
        fail("--payer must be a name of 1 to 200 characters")
    settings = PayerSettings(name=payer, requires_assistant_cosign=cosign_assistants)
    with database() as db:
        found = call(
            lambda: people.add_patient(
                db,
                name=name,
                date_of_birth=born,
                mrn=mrn,
                payer=settings,
                carried_in=ytd_allowed,
                carried_in_ot=ytd_allowed_ot,
                carried_in_year=ytd_year,
            )
        )
    emit(found.model_dump(mode="json"), format)


@plan_app.command("add")
def add_plan(
    patient: Annotated[str, typer.Option("--patient", help="The patient's MRN.")],
    first_treatment: Annotated[str, typer.Option("--first-treatment", help="YYYY-MM-DD.")],
    certified_through: Annotated[
        str | None, typer.Option("--certified-through", help="Last certified day, YYYY-MM-DD.")
    ] = None,
    goal: Annotated[
        list[str] | None, typer.Option("--goal", help="A goal; repeat for more.")
    ] = None,
    frequency: Annotated[str, typer.Option("--frequency", help='e.g. "2x/week for 6 weeks".')] = "",
    cosign_assistants: Annotated[
        bool,
        typer.Option("--cosign-assistants", help="This plan requires co-signed PTA/OTA notes."),
    ] = False,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Add a plan of care (episode) for a patient."""
    first = parse_day(first_treatment, "--first-treatment")
    through = parse_day(certified_through, "--certified-through") if certified_through else None
    with database() as db:
        found = call(
            lambda: people.add_plan(
                db,
                mrn=patient,
                first_treatment=first,
                certified_through=through,
                goals=goal or [],
                frequency=frequency,
                requires_cosign=cosign_assistants,
            )
        )
    emit(found.model_dump(mode="json"), format)
