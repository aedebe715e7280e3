"""Who may log in: accounts and their roles.

A clinician's account is their clinician row plus a password; billers and admins are accounts
of a clinic without a clinician row. The role names the one policy in services/access.py
applies; nothing else decides what a role may do.
"""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.domain.billing import Role


class AccountRole(StrEnum):
    PT = "PT"
    PTA = "PTA"
    OT = "OT"
    OTA = "OTA"
    SLP = "SLP"
    BILLER = "biller"
    ADMIN = "admin"

    @property
    def clinical(self) -> Role | None:
        """The clinician role this account documents as, or None for billers and admins."""
        return _CLINICAL.get(self)

    @classmethod
    def of(cls, role: Role) -> "AccountRole":
        return cls(role.value)


_CLINICAL = {AccountRole(r.value): r for r in Role}


class AccountRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    clinic_id: int
    email: str
    name: str
    credentials: str
    role: AccountRole
    clinician_id: int | None = None
    # The argon2 hash; None until a password is set (such an account cannot log in).
    password_hash: str | None = None
    # A generated password printed once: it must be replaced before anything else is done.
    must_change_password: bool = False
    disabled: bool = False
    created_at: datetime


class AccountInfo(BaseModel):
    """An account as an admin sees it: everything but the password hash."""

    model_config = ConfigDict(frozen=True)

    id: int
    clinic_id: int
    email: str
    name: str
    credentials: str
    role: AccountRole
    clinician_id: int | None
    has_password: bool
    must_change_password: bool
    disabled: bool
    created_at: datetime

    @classmethod
    def of(cls, record: AccountRecord) -> "AccountInfo":
        return cls(
            **record.model_dump(exclude={"password_hash"}),
            has_password=record.password_hash is not None,
        )


class TokenRecord(BaseModel):
    """A bearer token's row as listed to its owner or an admin (never the token itself)."""

    model_config = ConfigDict(frozen=True)

    id: int
    account_id: int
    label: str
    created_at: datetime
    revoked_at: datetime | None = None
