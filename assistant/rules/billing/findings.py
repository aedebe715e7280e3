"""The billing engine's findings: one catalog entry per rule id, one constructor per rule.

Ids are stable (BIL0xx); other tools and saved reviews refer to them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from assistant.domain.billing import Discipline, UnitRule
from assistant.domain.findings import Element, Finding, Severity
from assistant.rules.billing.timers import CodeMinutes
from assistant.rules.tables import CodeInfo, KxThreshold


@dataclass(frozen=True, slots=True)
class RuleSpec:
    rule: str
    severity: Severity
    element: Element
    description: str
    rationale: str


MANUAL = "CMS Pub. 100-04 (Claims Processing Manual) ch. 5 sec. 20"
SPECS = {
    spec.rule: spec
    for spec in (
        RuleSpec(
            "BIL001",
            Severity.ERROR,
            Element.TIMERS,
            "Timed one-on-one timers overlap",
            f"One clinician-minute can be billed once; {MANUAL}.2",
        ),
        RuleSpec(
            "BIL002",
            Severity.WARNING,
            Element.TIMERS,
            "Timed-code timer not one-on-one: minutes excluded from units",
            f"Timed codes need direct one-on-one contact; {MANUAL}.2",
        ),
        RuleSpec(
            "BIL003",
            Severity.WARNING,
            Element.TIMERS,
            "Timer provider role does not match the visit's discipline",
            "GP/GO/GN and CQ/CO follow the discipline of the plan of care",
        ),
        RuleSpec(
            "BIL005",
            Severity.INFO,
            Element.UNITS,
            "Under 8 timed minutes: no timed unit",
            f"The 15-minute table starts at 8 minutes; {MANUAL}.2",
        ),
        RuleSpec(
            "BIL006",
            Severity.INFO,
            Element.UNITS,
            "A timed code earned no unit",
            f"Units go to the largest leftover minutes; {MANUAL}.2",
        ),
        RuleSpec(
            "BIL010",
            Severity.INFO,
            Element.CODE_SUPPORT,
            "Bundled code (status B) is not billed",
            "Status B codes are never paid separately (PFS relative value file)",
        ),
        RuleSpec(
            "BIL011",
            Severity.WARNING,
            Element.CODE_SUPPORT,
            "Code not valid for Medicare replaced by its Medicare equivalent",
            "97014 has status I for Medicare, which pays unattended e-stim as G0283",
        ),
        RuleSpec(
            "BIL012",
            Severity.ERROR,
            Element.CLINICIAN,
            "Evaluation or re-evaluation with assistant minutes",
            "Evaluations are furnished by the therapist; assistants may not evaluate",
        ),
        RuleSpec(
            "BIL013",
            Severity.WARNING,
            Element.CLINICIAN,
            "Assistant minutes on a speech-language pathology visit",
            "Medicare has no SLP assistant modifier; SLP assistant time is not billable",
        ),
        RuleSpec(
            "BIL014",
            Severity.ERROR,
            Element.CODE_SUPPORT,
            "Code belongs to another discipline",
            "PT evaluation codes are for PT, OT evaluation codes for OT",
        ),
        RuleSpec(
            "BIL020",
            Severity.ERROR,
            Element.CODE_SUPPORT,
            "NCCI pair that may never be billed together (indicator 0)",
            "CMS NCCI procedure-to-procedure edits, practitioner file",
        ),
        RuleSpec(
            "BIL021",
            Severity.WARNING,
            Element.MODIFIERS,
            "NCCI pair billed with a distinct-service modifier (indicator 1)",
            "CMS NCCI policy manual ch. 1: 59/X modifiers need documented distinct services",
        ),
        RuleSpec(
            "BIL030",
            Severity.INFO,
            Element.MODIFIERS,
            "KX added above the therapy threshold",
            "Social Security Act 1833(g) as amended by BBA 2018; threshold per CY PFS rule",
        ),
        RuleSpec(
            "BIL031",
            Severity.INFO,
            Element.MEDICAL_NECESSITY,
            "Over the targeted medical review threshold",
            "BBA 2018 sec. 50202: $3,000 review threshold until 2028",
        ),
        RuleSpec(
            "BIL032",
            Severity.WARNING,
            Element.MODIFIERS,
            "No KX threshold known for the year of service",
            "Thresholds are dated data; add the year's figure to kx.toml",
        ),
        RuleSpec(
            "BIL040",
            Severity.INFO,
            Element.UNITS,
            "No fee figure for a code on that date",
            "Expected payment needs the year's RVUs in fees.toml",
        ),
        RuleSpec(
            "BIL041",
            Severity.WARNING,
            Element.UNITS,
            "No conversion factor for the date",
            "Expected payment needs the year's conversion factor in fees.toml",
        ),
        RuleSpec(
            "BIL050",
            Severity.WARNING,
            Element.UNITS,
            "Primary and secondary payer count units by different rules",
            "CMS pools minutes, the AMA rule counts each code; the claims will differ",
        ),
    )
}


def _make(rule: str, message: str, path: str = "", hint: str = "") -> Finding:
    spec = SPECS[rule]
    return Finding(
        rule=rule,
        severity=spec.severity,
        element=spec.element,
        message=message,
        path=path,
        hint=hint,
    )


def discipline_checks(
    code: str, info: CodeInfo, cm: CodeMinutes, discipline: Discipline
) -> list[Finding]:
    out = []
    if discipline not in info.disciplines:
        out.append(
            _make(
                "BIL014",
                f"{code} ({info.description}) is not a {discipline} code",
                hint="Bill the code of the discipline that furnished the service.",
            )
        )
    if info.category in ("evaluation", "re_evaluation") and cm.assistant:
        out.append(
            _make(
                "BIL012",
                f"{code} has {cm.assistant} assistant minutes",
                hint="Record evaluation time under the evaluating therapist.",
            )
        )
    if discipline is Discipline.SLP and cm.assistant:
        out.append(
            _make(
                "BIL013",
                f"{code} has {cm.assistant} assistant minutes on an SLP visit",
                hint="Bill only the SLP's own minutes.",
            )
        )
    return out


def no_unit(code: str, reason: str) -> Finding:
    return _make(
        "BIL006",
        f"{code} is not billed: {reason}",
        hint="Nothing to fix unless the minutes are wrong.",
    )


def under_eight(total: int) -> Finding:
    return _make(
        "BIL005",
        f"{total} timed minutes in the visit: no timed unit can be billed",
        hint="Check the timers if more one-on-one time was furnished.",
    )


def bundled(code: str) -> Finding:
    return _make(
        "BIL010",
        f"{code} is bundled (status B) and is not billed",
        hint="Document it in the note; it needs no claim line.",
    )


def replaced(code: str, replacement: str) -> Finding:
    return _make(
        "BIL011",
        f"{code} is not valid for Medicare; billed as {replacement}",
        hint=f"Confirm {replacement} describes the service furnished.",
    )


def no_factor(day: date) -> Finding:
    return _make(
        "BIL041",
        f"no conversion factor for {day.isoformat()}: payments left empty",
        hint="Update the fee tables for that year.",
    )


# Finding is frozen, so one instance per (code, year) can be shared by every result.
@lru_cache(maxsize=1024)
def no_fee(code: str, year: int) -> Finding:
    return _make(
        "BIL040",
        f"no {year} RVUs for {code}: expected payment left empty",
        hint="Add the code's RVUs for that year to fees.toml.",
    )


def no_kx_threshold(year: int) -> Finding:
    return _make(
        "BIL032",
        f"no therapy threshold known for {year}: KX not evaluated",
        hint="Add the year's threshold to kx.toml.",
    )


def kx_added(running: float, kx: KxThreshold) -> Finding:
    return _make(
        "BIL030",
        f"year-to-date allowed with this visit ${running:,.2f} exceeds the {kx.year} "
        f"threshold ${kx.amount:,.2f}: KX added to every line",
        hint="KX attests medical necessity: the note must document why therapy "
        "continues to be needed.",
    )


def targeted_review(running: float, review: Decimal) -> Finding:
    return _make(
        "BIL031",
        f"year-to-date allowed with this visit ${running:,.2f} exceeds ${review:,.0f}: "
        "claims may be selected for targeted medical review",
        hint="Make sure goals, progress and medical necessity are well documented.",
    )


def mixed_rules(primary: UnitRule, secondary: UnitRule) -> Finding:
    return _make(
        "BIL050",
        f"primary payer counts units by the {primary} rule, secondary by {secondary}",
        hint="Bill each payer with its own rule; the unit counts may differ.",
    )
