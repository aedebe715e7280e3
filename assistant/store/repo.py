"""One transaction's repositories. Services receive a Tx and never see a row or a query."""

from sqlmodel import Session

from assistant.store.accounts import AccountRepo
from assistant.store.audit import AuditRepo
from assistant.store.current import CurrentRepo
from assistant.store.exports import ExportRepo
from assistant.store.history import HistoryRepo
from assistant.store.notes import NoteRepo
from assistant.store.people import PeopleRepo
from assistant.store.reference import ReferenceRepo


class Tx:
    def __init__(self, session: Session, *, postgres: bool, token: str = "") -> None:
        self.session = session
        self.token = token  # the Database's: keys caches that must not cross databases
        self.people = PeopleRepo(session)
        self.notes = NoteRepo(session, postgres=postgres)
        self.current = CurrentRepo(session)
        self.audit = AuditRepo(session, postgres=postgres, token=token)
        self.history = HistoryRepo(session)
        self.reference = ReferenceRepo(session)
        self.exports = ExportRepo(session)
        self.accounts = AccountRepo(session, postgres=postgres)
