"""The billing engine's findings: one constructor per rule id.

Ids, severities, elements and general hints are declared in the rule registry
(assistant/rules/registry/billing.py); a constructor adds the message, and a hint only where
it can name something more specific than the declared one.
"""

from datetime import date
from decimal import Decimal
from functools import lru_cache

from assistant.domain.billing import Discipline, UnitRule
from assistant.domain.findings import Finding
from assistant.rules.billing.timers import CodeMinutes
from assistant.rules.registry import finding
from assistant.rules.tables import CodeInfo, KxThreshold

EVALUATIONS = ("evaluation", "re_evaluation")  # categories only the therapist furnishes


def discipline_checks(
    code: str, info: CodeInfo, cm: CodeMinutes, discipline: Discipline
) -> list[Finding]:
    out = []
    if discipline not in info.disciplines:
        out.append(finding("BIL014", f"{code} ({info.description}) is not a {discipline} code"))
    if info.category in EVALUATIONS and cm.assistant:
        out.append(finding("BIL012", f"{code} has {cm.assistant} assistant minutes"))
    if discipline is Discipline.SLP and cm.assistant:
        out.append(
            finding("BIL013", f"{code} has {cm.assistant} assistant minutes on an SLP visit")
        )
    return out


def not_in_force(info: CodeInfo, day: date) -> Finding:
    if info.start is not None and day < info.start:
        when = f"takes effect {info.start.isoformat()}"
    else:
        when = f"was deleted after {info.end.isoformat() if info.end else '?'}"
    return finding(
        "BIL015", f"{info.code} ({info.description}) {when}: not billed on {day.isoformat()}"
    )


def no_unit(code: str, reason: str) -> Finding:
    return finding("BIL006", f"{code} is not billed: {reason}")


def under_eight(total: int) -> Finding:
    return finding("BIL005", f"{total} timed minutes in the visit: no timed unit can be billed")


def bundled(code: str) -> Finding:
    return finding("BIL010", f"{code} is bundled (status B) and is not billed")


def replaced(code: str, replacement: str) -> Finding:
    return finding(
        "BIL011",
        f"{code} is not valid for Medicare; billed as {replacement}",
        hint=f"Confirm {replacement} describes the service furnished.",
    )


def no_factor(day: date) -> Finding:
    return finding("BIL041", f"no conversion factor for {day.isoformat()}: payments left empty")


# Finding is frozen, so one instance per (code, year) can be shared by every result.
@lru_cache(maxsize=1024)
def no_fee(code: str, year: int) -> Finding:
    return finding("BIL040", f"no {year} RVUs for {code}: expected payment left empty")


# What each status of the CMS RVU file means for a line without a national fee.
_STATUS_TEXT = {
    "B": "bundled (status B): paid only within other services",
    "I": "not valid for Medicare (status I): Medicare pays another code",
    "C": "carrier priced (status C): the MAC sets the payment",
    "R": "restricted coverage (status R): the MAC prices it where it is covered",
    "N": "not covered by Medicare (status N)",
    "absent": "not in the CMS fee schedule file for the year",
}


@lru_cache(maxsize=1024)
def unpriced_status(code: str, year: int, status: str) -> Finding:
    why = _STATUS_TEXT.get(status, f"status {status} in the CMS fee schedule file")
    return finding(
        "BIL042", f"{code} has no {year} national fee, {why}: expected payment left empty"
    )


def no_kx_threshold(year: int) -> Finding:
    return finding("BIL032", f"no therapy threshold known for {year}: KX not evaluated")


def threshold_text(kx: KxThreshold) -> str:
    """'the 2025 threshold $2,410.00', as the KX messages and line rationales name it."""
    return _threshold_text(kx.year, kx.amount)


# The thresholds are a few fixed figures: formatted once, not once per visit. Keyed by the
# figures rather than the dataclass, whose generated hash is a Python call per lookup.
@lru_cache(maxsize=64)
def _threshold_text(year: int, amount: Decimal) -> str:
    return f"the {year} threshold ${amount:,.2f}"


@lru_cache(maxsize=16)
def _review_text(review: Decimal) -> str:
    return f"${review:,.0f}"


# The KX findings take the threshold as `threshold_text` words it: the engine has it per date.
def kx_unchecked(codes: list[str], running: float, threshold: str) -> Finding:
    return finding(
        "BIL033",
        f"KX could not be checked: no fee for {', '.join(codes)}; year-to-date allowed with "
        f"the priced lines is ${running:,.2f}, under {threshold}, "
        "but the unpriced lines may cross it",
    )


def kx_added(running: float, threshold: str) -> Finding:
    return finding(
        "BIL030",
        f"year-to-date allowed with this visit ${running:,.2f} exceeds {threshold}: "
        "KX added to every line",
    )


def targeted_review(running: float, review: Decimal) -> Finding:
    return finding(
        "BIL031",
        f"year-to-date allowed with this visit ${running:,.2f} exceeds {_review_text(review)}: "
        "claims may be selected for targeted medical review",
    )


def mixed_rules(primary: UnitRule, secondary: UnitRule) -> Finding:
    return finding(
        "BIL050", f"primary payer counts units by the {primary} rule, secondary by {secondary}"
    )
