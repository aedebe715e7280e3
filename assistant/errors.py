"""One root exception so callers can catch everything ptscribe raises on purpose."""


class PtscribeError(Exception):
    """Base class for errors a user can act on."""


class InputError(PtscribeError):
    """The input cannot be processed as given; the message says what to change."""


class RuleTableError(PtscribeError):
    """A shipped or imported rule table is malformed."""


class DrafterError(PtscribeError):
    """A drafter could not produce a note (timeout, HTTP error, refusal, invalid output).

    The pipeline catches it and falls back to the offline drafter with a visible notice.
    """
