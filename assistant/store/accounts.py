"""Accounts, login sessions, bearer tokens and login lockouts: rows <-> account records.

Session ids and bearer tokens are stored only as SHA-256 hashes (they are long random
strings, so a plain hash is enough: there is nothing to brute-force), so a copy of the
database logs no one in. Lockouts are keyed by a hash of the email typed, whether or not an
account has it, and live here rather than in a process so several servers count as one.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, or_, update
from sqlmodel import Field, Session, SQLModel, col, select

from assistant.domain.accounts import AccountRecord, AccountRole, TokenRecord
from assistant.errors import NotFoundError
from assistant.store.direct import Direct
from assistant.store.ids import existing_id


class AccountRow(SQLModel, table=True):
    __tablename__ = "account"
    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    credentials: str = Field(default="", max_length=100)
    role: str = Field(max_length=8)
    clinician_id: int | None = Field(default=None, foreign_key="clinician.id", unique=True)
    password_hash: str | None = Field(default=None, max_length=255)
    must_change_password: bool = False
    disabled: bool = False
    created_at: datetime
    password_changed_at: datetime | None = None


class LoginSessionRow(SQLModel, table=True):
    __tablename__ = "login_session"
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


class ApiTokenRow(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    label: str = Field(default="", max_length=100)
    created_at: datetime
    revoked_at: datetime | None = None


class LoginLockoutRow(SQLModel, table=True):
    __tablename__ = "login_lockout"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    failures: int = 0
    window_start: datetime
    locked_until: datetime | None = None


def _id(value: int | None) -> int:
    if value is None:
        raise RuntimeError("row has no id")
    return value


def account_record(row: AccountRow | Row[Any]) -> AccountRecord:
    return AccountRecord(
        id=_id(row.id),
        clinic_id=row.clinic_id,
        email=row.email,
        name=row.name,
        credentials=row.credentials,
        role=AccountRole(row.role),
        clinician_id=row.clinician_id,
        password_hash=row.password_hash,
        must_change_password=row.must_change_password,
        disabled=row.disabled,
        created_at=row.created_at,
    )


def token_record(row: ApiTokenRow) -> TokenRecord:
    return TokenRecord(
        id=_id(row.id),
        account_id=row.account_id,
        label=row.label,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


# Every request looks its caller up with one of these: Core statements built once (building
# the expression cost more than running it), read as plain rows on a bare connection
# (Database.lookup), since the ORM's session and identity map doubled the lookup's cost.
_ACCOUNT = AccountRow.__table__.c  # type: ignore[attr-defined]
_SESSION = LoginSessionRow.__table__.c  # type: ignore[attr-defined]
_TOKEN = ApiTokenRow.__table__.c  # type: ignore[attr-defined]
_SESSION_ACCOUNT = (
    select(*_ACCOUNT)
    .join_from(AccountRow.__table__, LoginSessionRow.__table__, _SESSION.account_id == _ACCOUNT.id)  # type: ignore[attr-defined]
    .where(
        _SESSION.token_hash == bindparam("token_hash"),
        _SESSION.revoked_at.is_(None),
        _SESSION.expires_at > bindparam("now"),
        _ACCOUNT.disabled.is_(False),
    )
)
_TOKEN_ACCOUNT = (
    select(*_ACCOUNT)
    .join_from(AccountRow.__table__, ApiTokenRow.__table__, _TOKEN.account_id == _ACCOUNT.id)  # type: ignore[attr-defined]
    .where(
        _TOKEN.token_hash == bindparam("token_hash"),
        _TOKEN.revoked_at.is_(None),
        _ACCOUNT.disabled.is_(False),
    )
)


# Every request that names someone makes one of these two reads: on the driver's cursor.
_DIRECT_SESSION_ACCOUNT = Direct(_SESSION_ACCOUNT)
_DIRECT_TOKEN_ACCOUNT = Direct(_TOKEN_ACCOUNT)


def session_account(conn: Connection, token_hash: str, now: datetime) -> AccountRecord | None:
    """The account of a live session: not revoked, not expired, account not disabled."""
    row = _DIRECT_SESSION_ACCOUNT.first(conn, {"token_hash": token_hash, "now": now})
    return account_record(row) if row else None


def token_account(conn: Connection, token_hash: str) -> AccountRecord | None:
    """The account of a bearer token that was not revoked, account not disabled."""
    row = _DIRECT_TOKEN_ACCOUNT.first(conn, {"token_hash": token_hash})
    return account_record(row) if row else None


class AccountRepo:
    def __init__(self, session: Session, *, postgres: bool) -> None:
        self.s = session
        self.postgres = postgres

    # Accounts

    def by_email(self, email: str) -> AccountRecord | None:
        row = self.s.exec(select(AccountRow).where(AccountRow.email == email)).first()
        return account_record(row) if row else None

    def get(self, account_id: int) -> AccountRecord:
        row = self.s.get(AccountRow, existing_id(account_id, "account"))
        if row is None:
            raise NotFoundError(f"no account {account_id}")
        return account_record(row)

    def add(
        self,
        clinic_id: int,
        *,
        email: str,
        name: str,
        credentials: str,
        role: AccountRole,
        clinician_id: int | None,
        now: datetime,
    ) -> AccountRecord:
        row = AccountRow(
            clinic_id=clinic_id,
            email=email,
            name=name,
            credentials=credentials,
            role=role.value,
            clinician_id=clinician_id,
            created_at=now,
        )
        self.s.add(row)
        self.s.flush()
        return account_record(row)

    def in_clinic(self, clinic_id: int) -> list[AccountRecord]:
        query = (
            select(AccountRow).where(AccountRow.clinic_id == clinic_id).order_by(col(AccountRow.id))
        )
        return [account_record(r) for r in self.s.exec(query)]

    def set_disabled(self, account_id: int, disabled: bool) -> None:
        self.s.connection().execute(
            update(AccountRow).where(col(AccountRow.id) == account_id).values(disabled=disabled)
        )

    def set_password(
        self, account_id: int, password_hash: str, *, must_change: bool, now: datetime
    ) -> None:
        self.s.connection().execute(
            update(AccountRow)
            .where(col(AccountRow.id) == account_id)
            .values(
                password_hash=password_hash,
                must_change_password=must_change,
                password_changed_at=now,
            )
        )

    def rehash(self, account_id: int, password_hash: str) -> None:
        """The same password under newer hashing parameters (nothing else changes)."""
        self.s.connection().execute(
            update(AccountRow)
            .where(col(AccountRow.id) == account_id)
            .values(password_hash=password_hash)
        )

    # Login sessions

    def add_session(
        self, account_id: int, token_hash: str, *, now: datetime, expires: datetime
    ) -> None:
        self.s.add(
            LoginSessionRow(
                account_id=account_id, token_hash=token_hash, created_at=now, expires_at=expires
            )
        )
        self.s.flush()

    def session_account(self, token_hash: str, now: datetime) -> AccountRecord | None:
        return session_account(self.s.connection(), token_hash, now)

    def revoke_session(self, token_hash: str, now: datetime) -> bool:
        result = self.s.connection().execute(
            update(LoginSessionRow)
            .where(
                col(LoginSessionRow.token_hash) == token_hash,
                col(LoginSessionRow.revoked_at).is_(None),
            )
            .values(revoked_at=now)
        )
        return bool(result.rowcount)

    def purge_sessions(self, account_id: int, now: datetime) -> None:
        """Drop the account's ended sessions (the audit trail keeps who logged in when), so
        the table holds live sessions only and never grows with every login."""
        self.s.connection().execute(
            delete(LoginSessionRow).where(
                col(LoginSessionRow.account_id) == account_id,
                or_(
                    col(LoginSessionRow.expires_at) <= now,
                    col(LoginSessionRow.revoked_at).is_not(None),
                ),
            )
        )

    def revoke_sessions(self, account_id: int, now: datetime) -> int:
        result = self.s.connection().execute(
            update(LoginSessionRow)
            .where(
                col(LoginSessionRow.account_id) == account_id,
                col(LoginSessionRow.revoked_at).is_(None),
            )
            .values(revoked_at=now)
        )
        return int(result.rowcount)

    # Bearer tokens

    def add_token(
        self, account_id: int, token_hash: str, *, label: str, now: datetime
    ) -> TokenRecord:
        row = ApiTokenRow(account_id=account_id, token_hash=token_hash, label=label, created_at=now)
        self.s.add(row)
        self.s.flush()
        return token_record(row)

    def tokens(self, account_id: int) -> list[TokenRecord]:
        query = (
            select(ApiTokenRow)
            .where(ApiTokenRow.account_id == account_id)
            .order_by(col(ApiTokenRow.id))
        )
        return [token_record(r) for r in self.s.exec(query)]

    def token(self, token_id: int) -> TokenRecord:
        row = self.s.get(ApiTokenRow, existing_id(token_id, "token"))
        if row is None:
            raise NotFoundError(f"no token {token_id}")
        return token_record(row)

    def revoke_token(self, token_id: int, now: datetime) -> bool:
        result = self.s.connection().execute(
            update(ApiTokenRow)
            .where(col(ApiTokenRow.id) == token_id, col(ApiTokenRow.revoked_at).is_(None))
            .values(revoked_at=now)
        )
        return bool(result.rowcount)

    # Lockouts

    def lockout(self, key: str, *, lock: bool = False) -> LoginLockoutRow | None:
        query = select(LoginLockoutRow).where(LoginLockoutRow.key == key)
        if lock:
            query = query.with_for_update()
        return self.s.exec(query).first()

    def locked_until(self, key: str) -> datetime | None:
        row = self.lockout(key)
        return row.locked_until if row else None

    def count_failure(
        self, key: str, *, now: datetime, window_start_after: datetime, limit: int, until: datetime
    ) -> bool:
        """One more failure for the key; True when it now locks (then the count restarts).
        The row is locked first, so failures from several processes are all counted."""
        row = self.lockout(key, lock=True)
        if row is None:
            row = LoginLockoutRow(key=key, failures=0, window_start=now)
        elif row.window_start <= window_start_after:
            row.failures, row.window_start = 0, now
        row.failures += 1
        locks = row.failures >= limit
        if locks:
            row.failures, row.window_start, row.locked_until = 0, now, until
        self.s.add(row)
        self.s.flush()
        return locks

    def clear_failures(self, key: str) -> None:
        row = self.lockout(key, lock=True)
        if row is not None and (row.failures or row.locked_until):
            row.failures, row.locked_until = 0, None
            self.s.add(row)
            self.s.flush()
