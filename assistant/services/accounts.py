"""Logging in: passwords, browser sessions, bearer tokens and the lockout after failures.

Every failure looks the same to the caller (one AuthenticationError message, an argon2
verification even for an email no account has), so neither the answer nor its timing tells
whether an email exists. Lockouts count failures per typed email in the database, so several
server processes lock an account together. Secrets (passwords, session ids, tokens) never
reach a log line or an audit event: events name the account id only.
"""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict

from assistant.domain.accounts import AccountInfo, AccountRecord, AccountRole, TokenRecord
from assistant.errors import AuthenticationError, ConflictError, InputError, NotFoundError
from assistant.services.audit import Action, now_utc, record
from assistant.settings import Settings, get_settings
from assistant.store.accounts import session_account, token_account
from assistant.store.db import Database

__all__ = ["AccountRole", "Principal"]

log = logging.getLogger(__name__)

LOGIN_FAILED = "the email or password is wrong, or the account is locked for a while"
TOKEN_PREFIX = "pts_"
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 hashes any length; a cap keeps a request from costing more
MAX_EMAIL = 254
ANONYMOUS = "anonymous"


class Principal(BaseModel):
    """Who is making a request, as every policy check and service call sees them."""

    model_config = ConfigDict(frozen=True)

    account_id: int
    email: str
    role: AccountRole
    clinic_id: int
    clinician_id: int | None
    name: str
    credentials: str
    # Logged in with a printed one-time password: only a password change is allowed.
    must_change_password: bool = False


def principal_of(account: AccountRecord) -> Principal:
    return Principal(
        account_id=account.id,
        email=account.email,
        role=account.role,
        clinic_id=account.clinic_id,
        clinician_id=account.clinician_id,
        name=account.name,
        credentials=account.credentials,
        must_change_password=account.must_change_password,
    )


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    """A real hash to verify against when no account matches, so that costs the same."""
    return _hasher().hash(secrets.token_urlsafe(16))


def secret_hash(secret: str) -> str:
    """How a session id or bearer token is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def csrf_token_for(session_token: str) -> str:
    """The CSRF token of a browser session: derived from the session id, so it is bound to
    that session row and dies with it, yet reveals nothing about the id itself."""
    return hashlib.sha256(b"ptscribe-csrf\0" + session_token.encode("utf-8")).hexdigest()


def check_password(password: str) -> None:
    """The password policy (length only: NIST SP 800-63B advises against composition rules)."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"a password may have at most {MAX_PASSWORD} characters")


def _email(email: str) -> str:
    return email.strip().lower()


def _lock_key(email: str) -> str:
    return hashlib.sha256(b"ptscribe-login\0" + email.encode("utf-8", "surrogatepass")).hexdigest()


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


def login(
    db: Database,
    email: str,
    password: str,
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> tuple[str, Principal]:
    """A new browser session for the account: (session id, principal). Raises
    AuthenticationError with one message for every kind of failure."""
    settings = settings or get_settings()
    now = now or now_utc()
    email = _email(email)
    key = _lock_key(email)
    sane = 0 < len(email) <= MAX_EMAIL and 0 < len(password) <= MAX_PASSWORD
    with db.transaction() as tx:
        account = tx.accounts.by_email(email) if sane else None
        locked_until = tx.accounts.locked_until(key)
    stored = account.password_hash if account and not account.disabled else None
    # Verified outside any transaction: the hash takes tens of milliseconds by design.
    good = _verify(stored, password[:MAX_PASSWORD]) and stored is not None
    locked = locked_until is not None and locked_until > now
    if account is None or stored is None or not good or locked:
        _failed(db, key, account, settings, now, counted=not locked)
        raise AuthenticationError(LOGIN_FAILED)
    token = secrets.token_urlsafe(32)
    with db.transaction() as tx:
        # Checked again under the row lock: a lock set by a racing failure still holds.
        if (until := tx.accounts.locked_until(key)) is not None and until > now:
            locked = True
        else:
            tx.accounts.clear_failures(key)
            if _hasher().check_needs_rehash(stored):
                tx.accounts.rehash(account.id, _hasher().hash(password))
            tx.accounts.purge_sessions(account.id, now)
            expires = now + timedelta(hours=settings.session_hours)
            tx.accounts.add_session(account.id, secret_hash(token), now=now, expires=expires)
            record(tx, account.email, Action.LOGIN, detail=f"account {account.id}", at=now)
    if locked:
        raise AuthenticationError(LOGIN_FAILED)
    return token, principal_of(account)


def _failed(
    db: Database,
    key: str,
    account: AccountRecord | None,
    settings: Settings,
    now: datetime,
    *,
    counted: bool,
) -> None:
    """Audit the failure and count it toward the lockout (attempts while locked are audited
    but do not extend the lock, so a lock always ends lockout_minutes after it began)."""
    window = timedelta(minutes=settings.lockout_minutes)
    who = f"account {account.id}" if account else "no account"
    try:
        with db.transaction() as tx:
            locks = counted and tx.accounts.count_failure(
                key,
                now=now,
                window_start_after=now - window,
                limit=settings.login_max_failures,
                until=now + window,
            )
            detail = f"{who}{', now locked' if locks else ''}{'' if counted else ', locked'}"
            record(tx, ANONYMOUS, Action.LOGIN_FAILED, detail=detail, at=now)
    except ConflictError:
        # Two first failures for one email raced to create its row: count this one again.
        with db.transaction() as tx:
            tx.accounts.count_failure(
                key,
                now=now,
                window_start_after=now - window,
                limit=settings.login_max_failures,
                until=now + window,
            )
            record(tx, ANONYMOUS, Action.LOGIN_FAILED, detail=who, at=now)
    log.info("login failed (%s)", who)


def principal_for_session(
    db: Database, token: str, *, now: datetime | None = None
) -> Principal | None:
    """The principal of a live browser session, or None (unknown, expired or revoked)."""
    if not token or len(token) > 200:
        return None
    with db.lookup() as conn:
        account = session_account(conn, secret_hash(token), now or now_utc())
    return principal_of(account) if account else None


def principal_for_bearer(db: Database, token: str) -> Principal | None:
    """The principal of a bearer token that exists and was not revoked, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    with db.lookup() as conn:
        account = token_account(conn, secret_hash(token))
    return principal_of(account) if account else None


def logout(db: Database, token: str) -> None:
    """End a browser session (unknown or already ended sessions are ignored)."""
    if not token or len(token) > 200:
        return
    with db.transaction() as tx:
        account = tx.accounts.session_account(secret_hash(token), now_utc())
        if tx.accounts.revoke_session(secret_hash(token), now_utc()) and account:
            record(tx, account.email, Action.LOGOUT, detail=f"account {account.id}")


def ensure_account(db: Database, email: str) -> AccountRecord:
    """The account with this email; a clinician without one gets it (no password yet)."""
    email = _email(email)
    with db.transaction() as tx:
        found = tx.accounts.by_email(email)
        if found is not None:
            return found
        clinician = tx.people.clinician_by_email(email)
        return tx.accounts.add(
            clinician.clinic_id,
            email=clinician.email,
            name=clinician.name,
            credentials=clinician.credentials,
            role=AccountRole.of(clinician.role),
            clinician_id=clinician.id,
            now=now_utc(),
        )


def add_account(
    db: Database,
    *,
    email: str,
    name: str,
    role: AccountRole,
    credentials: str = "",
    clinic: str | None = None,
    actor: str = "system",
) -> AccountRecord:
    """A biller or admin account of the clinic (by name; None is the install's one clinic).
    Clinicians get theirs from their clinician row."""
    email = _email(email)
    if role.clinical is not None:
        raise InputError(
            f"a {role} account belongs to a clinician: add them with `ptscribe clinician add`"
        )
    if "@" not in email or len(email) > MAX_EMAIL or not name.strip():
        raise InputError("an account needs a name and an email address")
    with db.transaction() as tx:
        if tx.accounts.by_email(email) is not None:
            raise ConflictError(f"an account with email {email} already exists")
        found = tx.accounts.add(
            tx.people.clinic_id(clinic) if clinic else tx.people.clinic_id(),
            email=email,
            name=name.strip(),
            credentials=credentials.strip(),
            role=role,
            clinician_id=None,
            now=now_utc(),
        )
        record(tx, actor, Action.CREATE, detail=f"account {found.id}")
        return found


def set_password(
    db: Database, email: str, password: str, *, temporary: bool = False, actor: str = "system"
) -> None:
    """Set (or replace) the account's password and end every browser session it has.
    `temporary`: a generated one-time password the user must replace after logging in."""
    check_password(password)
    account = ensure_account(db, email)
    hashed = _hasher().hash(password)
    with db.transaction() as tx:
        now = now_utc()
        tx.accounts.set_password(account.id, hashed, must_change=temporary, now=now)
        ended = tx.accounts.revoke_sessions(account.id, now)
        record(tx, actor, Action.PASSWORD, detail=f"account {account.id}, {ended} session(s) ended")


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


def change_password(
    db: Database, principal: Principal, current: str, new: str, *, settings: Settings | None = None
) -> str:
    """The user replaces their own password (the current one proves it is them); every
    session ends and a fresh one is returned for the browser making the change."""
    check_password(new)
    with db.transaction() as tx:
        account = tx.accounts.get(principal.account_id)
    if not _verify(account.password_hash, current[:MAX_PASSWORD]):
        raise AuthenticationError("the current password is wrong")
    if current == new:
        raise InputError("the new password must differ from the current one")
    set_password(db, account.email, new, actor=account.email)
    token, _ = login(db, account.email, new, settings=settings)
    return token


def create_token(
    db: Database, email: str, *, label: str = "", actor: str = "system"
) -> tuple[str, TokenRecord]:
    """A bearer token for scripts: (the token, shown once; its record). Stored hashed."""
    if len(label) > 100:
        raise InputError("a token label may have at most 100 characters")
    email = _email(email)
    with db.transaction() as tx:
        account = tx.accounts.by_email(email)
    if account is None:
        account = ensure_account(db, email)  # NotFoundError when no clinician has it either
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.transaction() as tx:
        found = tx.accounts.add_token(account.id, secret_hash(token), label=label, now=now_utc())
        record(tx, actor, Action.TOKEN_CREATE, detail=f"token {found.id} account {account.id}")
    return token, found


def revoke_token(db: Database, token_id: int, *, actor: str = "system") -> TokenRecord:
    with db.transaction() as tx:
        tx.accounts.token(token_id)
        if not tx.accounts.revoke_token(token_id, now_utc()):
            raise ConflictError(f"token {token_id} is already revoked")
        record(tx, actor, Action.TOKEN_REVOKE, detail=f"token {token_id}")
        return tx.accounts.token(token_id)


def tokens(db: Database, email: str) -> list[TokenRecord]:
    with db.transaction() as tx:
        account = tx.accounts.by_email(_email(email))
        if account is None:
            raise NotFoundError(f"no account with email {_email(email)}")
        return tx.accounts.tokens(account.id)


def list_accounts(db: Database, clinic_id: int) -> list[AccountInfo]:
    """The clinic's accounts for its admin (no password hash leaves this module)."""
    with db.transaction() as tx:
        return [AccountInfo.of(a) for a in tx.accounts.in_clinic(clinic_id)]


def set_disabled(
    db: Database, account_id: int, disabled: bool, *, clinic_id: int, actor: str = "system"
) -> AccountInfo:
    """Disable (every session and token stops working at once) or re-enable an account of
    the admin's clinic; another clinic's account reads as not found."""
    with db.transaction() as tx:
        account = tx.accounts.get(account_id)
        if account.clinic_id != clinic_id:
            raise NotFoundError(f"no account {account_id}")
        tx.accounts.set_disabled(account.id, disabled)
        ended = tx.accounts.revoke_sessions(account.id, now_utc()) if disabled else 0
        what = "disabled" if disabled else "enabled"
        record(tx, actor, Action.ACCOUNT, detail=f"account {account.id} {what}, {ended} ended")
        return AccountInfo.of(tx.accounts.get(account.id))
