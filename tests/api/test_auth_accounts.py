"""An admin's account services: listing a clinic's accounts, disabling one."""

import pytest

from assistant.errors import NotFoundError
from assistant.services import accounts
from assistant.store.db import Database
from tests.api.auth_support import PASSWORD, seed_logins


def test_list_accounts_shows_no_hash_and_only_the_clinic(db: Database) -> None:
    who = seed_logins(db)
    _, admin = accounts.login(db, who.admin, PASSWORD)
    listed = accounts.list_accounts(db, admin.clinic_id)
    emails = {a.email for a in listed}
    assert {who.pt, who.pta, who.biller, who.admin} <= emails
    assert who.elsewhere not in emails
    assert all(a.has_password for a in listed)
    assert "argon2" not in repr(listed)


def test_disabling_an_account_stops_its_sessions_and_tokens(db: Database) -> None:
    who = seed_logins(db)
    _, admin = accounts.login(db, who.admin, PASSWORD)
    session, pt = accounts.login(db, who.pt, PASSWORD)
    token, _ = accounts.create_token(db, who.pt)
    off = accounts.set_disabled(db, pt.account_id, True, clinic_id=admin.clinic_id)
    assert off.disabled is True
    assert accounts.principal_for_session(db, session) is None
    assert accounts.principal_for_bearer(db, token) is None
    with pytest.raises(accounts.AuthenticationError):
        accounts.login(db, who.pt, PASSWORD)
    accounts.set_disabled(db, pt.account_id, False, clinic_id=admin.clinic_id)
    assert accounts.principal_for_bearer(db, token) is not None
    accounts.login(db, who.pt, PASSWORD)


def test_another_clinics_admin_cannot_disable_an_account(db: Database) -> None:
    who = seed_logins(db)
    _, outsider = accounts.login(db, who.elsewhere, PASSWORD)
    _, pt = accounts.login(db, who.pt, PASSWORD)
    with pytest.raises(NotFoundError):
        accounts.set_disabled(db, pt.account_id, True, clinic_id=outsider.clinic_id)
    accounts.login(db, who.pt, PASSWORD)
