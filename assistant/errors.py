"""One root exception so callers can catch everything ptscribe raises on purpose."""


class PtscribeError(Exception):
    """Base class for errors a user can act on."""


class InputError(PtscribeError):
    """The input cannot be processed as given; the message says what to change."""


class SettingsError(PtscribeError):
    """An environment setting holds a value ptscribe cannot use; the message names it."""


class RuleTableError(PtscribeError):
    """A shipped or imported rule table is malformed."""


class DrafterError(PtscribeError):
    """A drafter could not produce a note (timeout, HTTP error, refusal, invalid output).

    The pipeline catches it and falls back to the offline drafter with a visible notice.
    """


class NotFoundError(PtscribeError):
    """A clinician, patient, session or note named by the caller does not exist."""


class AuthenticationError(PtscribeError):
    """No valid login: wrong email or password, a locked account, an expired session or a
    revoked token. The message never says which, so it reveals no account."""


class ForbiddenError(PtscribeError):
    """The caller is logged in but their role may not do this (see services/access.py)."""


class ConflictError(PtscribeError):
    """The request clashes with the record's current state (a stale revision, a note that is
    already signed); nothing was changed."""


class SignBlockedError(ConflictError):
    """Signing refused: an error finding stands or a warning is neither acknowledged nor
    overridden. `findings` names each one."""

    def __init__(self, message: str, findings: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.findings = findings
