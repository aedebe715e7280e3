"""The NCCI table every command bills with: the user's imported CMS edits, else the seed.

Loaded here, at the service edge (rules do no I/O), and handed to the engine by `bill`,
`draft` and `validate` alike, so the three can never disagree on a 59/X modifier. The
reading itself (and its refusal of a corrupt stored table) is `services.imported.load_ncci`.
"""

from assistant.rules.billing.ncci import NcciTable
from assistant.rules.fees import FeeSchedule
from assistant.services.imported import load_fees, load_ncci
from assistant.settings import get_settings


def load_imported() -> NcciTable | None:
    """The user's imported table, or None to use the shipped seed; RuleTableError (one line,
    asking to re-import) when the stored table cannot be read."""
    return load_ncci(get_settings())


def imported_fees() -> FeeSchedule:
    """The fee schedule every command prices with: shipped years, imported years laid over."""
    return load_fees(get_settings())
