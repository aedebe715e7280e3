"""`ptscribe account ...`, `ptscribe token ...` and the password part of `clinician add`.

A password comes from standard input (`--password-stdin`, one line, never an argument: the
process list and shell history would keep it) or is generated, printed once and marked
one-time, so its holder must replace it at the first login.
"""

import sys
from typing import Annotated, Any

import typer

from assistant.cli.inputs import fail
from assistant.cli.store_io import Format, FormatOption, call, database, emit, os_actor
from assistant.domain.accounts import AccountRole
from assistant.services import accounts, inputs
from assistant.store.db import Database

account_app = typer.Typer(help="Logins: billers, admins and passwords.", no_args_is_help=True)
token_app = typer.Typer(help="Revocable bearer tokens for scripts.", no_args_is_help=True)

PasswordStdin = typer.Option(
    "--password-stdin", help="Read the password from standard input (one line)."
)


_MAX_PASSWORD_LINE = 4096


def read_password(from_stdin: bool) -> str | None:
    """The password typed on stdin, checked against the policy; None: generate one."""
    if not from_stdin:
        return None
    # Bytes, bounded, decoded as every other input is: a stray binary or Latin-1 stdin is
    # one line, not a traceback (the policy refuses an over-long password with its limit).
    raw = sys.stdin.buffer.readline(_MAX_PASSWORD_LINE)
    line = call(lambda: inputs.decode(raw, "--password-stdin"))
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        fail("--password-stdin: standard input held no password")
    call(lambda: accounts.check_password(password))
    return password


def apply_password(db: Database, email: str, password: str | None, actor: str) -> dict[str, Any]:
    """Set the password; the JSON fields to print (the one-time password, once)."""
    temporary = password is None
    chosen = password or accounts.one_time_password()
    call(lambda: accounts.set_password(db, email, chosen, temporary=temporary, actor=actor))
    if temporary:
        return {"one_time_password": chosen, "must_change_password": True}
    return {"must_change_password": False}


@account_app.command("add")
def add_account(
    email: Annotated[str, typer.Option("--email")],
    name: Annotated[str, typer.Option("--name")],
    role: Annotated[AccountRole, typer.Option("--role", help="biller or admin.")],
    password_stdin: Annotated[bool, PasswordStdin] = False,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Add a biller or admin login (clinicians log in through `ptscribe clinician add`)."""
    password = read_password(password_stdin)
    with database() as db:
        found = call(
            lambda: accounts.add_account(db, email=email, name=name, role=role, actor=os_actor())
        )
        shown = apply_password(db, found.email, password, os_actor())
    emit({**found.model_dump(mode="json", exclude={"password_hash"}), **shown}, format)


@account_app.command("password")
def set_password(
    email: Annotated[str, typer.Argument(help="The account's (or clinician's) email.")],
    password_stdin: Annotated[bool, PasswordStdin] = False,
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Set or reset a password; every browser session of the account ends."""
    password = read_password(password_stdin)
    with database() as db:
        shown = apply_password(db, email, password, os_actor())
    emit({"email": email.strip().lower(), **shown}, format)


@token_app.command("create")
def create_token(
    email: Annotated[str, typer.Argument(help="Whose token: an account's or clinician's email.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Make a bearer token (printed once; only its hash is kept)."""
    with database() as db:
        token, found = call(lambda: accounts.create_token(db, email, label=label, actor=os_actor()))
    emit({**found.model_dump(mode="json"), "token": token}, format)


@token_app.command("revoke")
def revoke_token(
    token_id: Annotated[int, typer.Argument(help="The token's id (from create or list).")],
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """Revoke a bearer token; requests with it get 401 from then on."""
    with database() as db:
        found = call(lambda: accounts.revoke_token(db, token_id, actor=os_actor()))
    emit(found.model_dump(mode="json"), format)


@token_app.command("list")
def list_tokens(
    email: Annotated[str, typer.Argument(help="The account's email.")],
    format: Annotated[Format, FormatOption] = Format.JSON,
) -> None:
    """The account's tokens (ids, labels, when made and revoked; never the tokens)."""
    with database() as db:
        found = call(lambda: accounts.tokens(db, email))
    emit({"tokens": [t.model_dump(mode="json") for t in found]}, format)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Run the HTTP server (the JSON API and the web pages)."""
    import uvicorn

    from api.listen import check_address

    with database():
        pass  # refuse to start on a missing or outdated schema, with the usual message
    call(lambda: check_address(host, port))
    # An import string and a factory: each worker process builds its own app, pinned to a
    # CPU of its own (api.main.served_app).
    uvicorn.run(
        "api.main:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        server_header=False,
    )
