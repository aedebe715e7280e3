"""Bill one visit: minutes per code -> units -> claim lines -> modifiers -> expected payment.

The steps run in a fixed order so every figure can be traced in the line rationale:
codes (Medicare status), minutes (timers.py), units (units.py), CQ/CO split (assistants.py),
GP/GO/GN, NCCI (ncci.py), payment (payment.py), then KX from the priced visit.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from assistant.domain.billing import Basis, BillResult, ClaimLine, Discipline, Visit
from assistant.domain.findings import Finding
from assistant.domain.trusted import trusted
from assistant.errors import InputError
from assistant.rules import tables
from assistant.rules.billing import findings as F
from assistant.rules.billing.assistants import Share, split_timed, split_untimed, unassisted
from assistant.rules.billing.ncci import NcciTable, check_pairs, seed_table
from assistant.rules.billing.payment import price_lines, to_cents
from assistant.rules.billing.timers import CodeMinutes, off_day, reduce_minutes
from assistant.rules.billing.units import allocate
from assistant.rules.fees import FeeSchedule, shipped_fees

THERAPY_MODIFIER = {Discipline.PT: "GP", Discipline.OT: "GO", Discipline.SLP: "GN"}
ASSISTANT_MODIFIER = {Discipline.PT: "CQ", Discipline.OT: "CO"}
# Fixed per discipline, so formatted once rather than once per visit.
THERAPY_REASON = {
    d: f"{mod}: billed under a {d.value} plan of care" for d, mod in THERAPY_MODIFIER.items()
}
UNTIMED_REASON = "Untimed code: one unit per visit"


# One billed line while the visit is priced: code, timed, its share of the units, and the
# reason its units were counted. A plain tuple: the engine makes about three per visit.
_Line = tuple[str, bool, Share, str]


def bill(
    visit: Visit, ncci: NcciTable | None = None, fees: FeeSchedule | None = None
) -> BillResult:
    """Bill one visit. `ncci` and `fees` are the user's imported tables (loaded at the edge);
    None means the shipped seed and fee figures."""
    catalog = tables.catalog()
    if fees is None:
        fees = shipped_fees()
    services, segments = visit.services, visit.segments
    codes = {s.code for s in services}
    if segments:
        codes.update(s.code for s in segments)
    if not codes <= _catalog_codes():
        unknown = sorted(codes - catalog.keys())
        raise InputError(f"unknown code {', '.join(unknown)}: not a therapy code ptscribe bills")
    payer, discipline, day = visit.payer, visit.discipline, visit.date_of_service
    medicare = payer.follows_medicare
    findings: list[Finding] = []
    dated = _dated_codes()
    if not codes.isdisjoint(dated):
        # A code created or deleted on a known date is billed only inside its period.
        stale = {c for c in codes & dated if not catalog[c].in_force(day)}
        if stale:
            findings.extend(F.not_in_force(catalog[c], day) for c in sorted(stale))
            services = [s for s in services if s.code not in stale]
            segments = [s for s in segments if s.code not in stale]
    minutes = reduce_minutes(services, segments, catalog, discipline)
    if minutes.findings:
        findings.extend(minutes.findings)
    if segments:
        findings.extend(off_day(segments, day))
    per_code = minutes.per_code
    treatment = 0
    for m in per_code.values():
        treatment += m.therapist + m.assistant + m.group
    # The common case needs no status pass: every code active and, without timer segments,
    # no group minutes to filter.
    if segments or not per_code.keys() <= _active_codes():
        per_code = _apply_status(per_code, medicare, findings)

    timed = {c: m.therapist + m.assistant for c, m in per_code.items() if catalog[c].timed}
    alloc = allocate(timed, payer.unit_rule)
    alloc_units, alloc_reasons = alloc.units, alloc.reasons

    assistants = medicare and discipline in ASSISTANT_MODIFIER
    mod = THERAPY_MODIFIER[discipline]
    mod_reason = THERAPY_REASON[discipline]
    cq = ASSISTANT_MODIFIER.get(discipline, "")
    slp = discipline is Discipline.SLP
    lines: list[_Line] = []
    billed: list[str] = []  # each code with a line, in line order
    for code in sorted(per_code):
        info, cm = catalog[code], per_code[code]
        # discipline_checks reports only codes outside the discipline, and assistant time on
        # an evaluation or an SLP visit; the common assistant minutes need no call.
        if discipline not in info.disciplines or (
            cm.assistant and (slp or info.category in F.EVALUATIONS)
        ):
            findings.extend(F.discipline_checks(code, info, cm, discipline))
        if info.timed:
            units = alloc_units[code]
            reason = alloc_reasons[code]
            if units == 0:
                findings.append(F.no_unit(code, reason))
                continue
            shares = (
                split_timed(units, cm.therapist, cm.assistant)
                if assistants
                else unassisted(units, cm.therapist + cm.assistant, cm.assistant)
            )
            for share in shares:
                lines.append((code, True, share, reason))
        else:
            share = (
                split_untimed(cm.therapist, cm.assistant)
                if assistants
                else unassisted(1, cm.therapist + cm.assistant, cm.assistant)[0]
            )
            lines.append((code, False, share, UNTIMED_REASON))
        billed.append(code)
    if timed and alloc.total_units == 0:
        findings.append(F.under_eight(alloc.total_minutes))

    # An empty imported table is still the user's table (len 0 is falsy): never the seed.
    table = ncci if ncci is not None else seed_table()
    distinct: frozenset[str] = frozenset()
    distinct_reason = ""
    # Most visits bill at most one code the table pairs: nothing to check.
    if len(table.codes.intersection(billed)) >= 2:
        paths: dict[str, str] = {}
        for index, line in enumerate(lines):
            if line[0] not in paths:
                paths[line[0]] = f"lines[{index}]"
        outcome = check_pairs(billed, day, table, payer.distinct_modifier, paths)
        if outcome.findings:
            findings.extend(outcome.findings)
            distinct = outcome.distinct
            distinct_reason = (
                f". {payer.distinct_modifier}: NCCI pair with another code billed today; "
                "the modifier goes on the column-2 code"
            )

    rules = _day_rules(day, visit.qualifying_apm, fees, table.label)
    factor = rules.factor
    if factor is None:
        findings.append(F.no_factor(day))
    prices = price_lines(
        [(line[0], line[2].units, line[2].assisted) for line in lines],
        day,
        rules.cf,
        payer.fee_schedule_percent,
        fees,
    )
    allowed = _ZERO
    unpriced: list[str] = []
    for line, price in zip(lines, prices, strict=True):
        if price.amount is None:
            unpriced.append(line[0])
            if factor is not None:
                findings.append(_no_fee(line[0], day.year, fees))
        else:
            allowed += price.amount

    year_to_date: float | None = None
    allowed_cents = to_cents(allowed)
    kx_reason = ""  # the KX sentence every line carries, when the visit crosses the threshold
    if medicare:
        # The one year-to-date total: at the Medicare rate, whatever the payer's percentage.
        ytd = Decimal(str(visit.ytd_allowed))
        running = ytd + allowed
        year_to_date = to_cents(running)
        kx_reason = _apply_kx(
            bool(lines), day, ytd, allowed_cents, running, year_to_date, rules, unpriced, findings
        )
    if visit.secondary_payer and visit.secondary_payer.unit_rule != payer.unit_rule:
        findings.append(F.mixed_rules(payer.unit_rule, visit.secondary_payer.unit_rule))

    claim = []
    timed_units = total_units = 0
    for (code, is_timed, share, reason), price in zip(lines, prices, strict=True):
        units = share.units
        total_units += units
        if is_timed:
            timed_units += units
        # The rationale's sentences, in the order the steps ran: units, therapy modifier,
        # CQ/CO, NCCI, KX, payment.
        if share.assisted:
            modifiers = [mod, cq]
            why = f"{mod_reason}. {cq}: furnished in part by an assistant ({share.reason})"
        elif share.reason:
            modifiers = [mod]
            why = f"{mod_reason}. no {cq}: {share.reason}"
        else:
            modifiers = [mod]
            why = mod_reason
        extra = ""
        if distinct and code in distinct:
            modifiers.append(payer.distinct_modifier)
            extra = distinct_reason
        if kx_reason:
            modifiers.append("KX")
            extra += kx_reason
        # Every value below is typed by construction: the models are not validated again
        # (see assistant/domain/trusted.py), which is most of what a small model costs.
        claim.append(
            trusted(
                ClaimLine,
                {
                    "code": code,
                    "units": units,
                    "modifiers": modifiers,
                    "minutes": share.minutes,
                    "assistant_minutes": share.assistant_minutes,
                    "expected_payment": price.payment,
                    "rationale": (
                        f"{catalog[code].description}. {reason}. {why}{extra}. {price.rationale}"
                    ),
                },
            )
        )
    basis = trusted(
        Basis,
        {
            "unit_rule": payer.unit_rule,
            "conversion_factor": rules.cf_float,
            "kx_threshold": rules.kx_float if medicare else None,
            # A copy: the labels are cached and shared, a result's basis is its own.
            "tables": dict(rules.labels),
        },
    )
    return trusted(
        BillResult,
        {
            "lines": claim,
            "total_timed_minutes": alloc.total_minutes,
            "total_treatment_minutes": treatment,
            "timed_units": timed_units,
            "total_units": total_units,
            "findings": findings,
            "basis": basis,
            "allowed_amount": allowed_cents,
        },
        {"_year_to_date": year_to_date},
    )


_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class _DayRules:
    """The dated figures one date of service bills under, looked up once per date."""

    factor: tables.ConversionFactor | None
    kx: tables.KxThreshold | None
    labels: dict[str, str]  # shared: copy before handing out
    # The same figures as the basis shows them, converted once per date.
    cf: Decimal | None
    cf_float: float | None
    kx_float: float | None
    kx_text: str  # the threshold as the KX findings and rationales word it ("" for none)


# Keys are few (dates in use x APM flag x the loaded tables); a schedule compares by identity.
@lru_cache(maxsize=4096)
def _day_rules(day: date, qualifying_apm: bool, fees: FeeSchedule, ncci: str) -> _DayRules:
    year = day.year
    factor = fees.conversion_factor(day, qualifying_apm=qualifying_apm)
    kx = tables.kx_threshold(day)
    return _DayRules(
        factor=factor,
        kx=kx,
        labels=tables.labels(year, ncci, fees.label(year), bool(fees.rvus(year))),
        cf=factor.amount if factor else None,
        cf_float=float(factor.amount) if factor else None,
        kx_float=float(kx.amount) if kx else None,
        kx_text=F.threshold_text(kx) if kx else "",
    )


# A frozenset, not the catalog's keys view: a set is checked against it without iterating.
@cache
def _catalog_codes() -> frozenset[str]:
    return frozenset(tables.catalog())


@cache
def _dated_codes() -> frozenset[str]:
    return frozenset(
        c for c, info in tables.catalog().items() if info.start is not None or info.end is not None
    )


# Finding is frozen and a schedule compares by identity, so one finding per key is shared.
@lru_cache(maxsize=4096)
def _no_fee(code: str, year: int, fees: FeeSchedule) -> Finding:
    """A line without RVUs: named by its status in the year's fee table, or by the catalog's
    Medicare status for a year the table does not describe (an imported later year)."""
    known = fees.status(year, code)
    status = known.status if known else tables.catalog()[code].medicare_status
    return F.no_fee(code, year) if status == "A" else F.unpriced_status(code, year, status)


@cache
def _active_codes() -> frozenset[str]:
    return frozenset(c for c, info in tables.catalog().items() if info.medicare_status == "A")


def _apply_status(
    per_code: dict[str, CodeMinutes], medicare: bool, findings: list[Finding]
) -> dict[str, CodeMinutes]:
    """Drop bundled codes and move Medicare-invalid codes to their Medicare equivalent."""
    catalog = tables.catalog()
    if all(catalog[c].medicare_status == "A" and not per_code[c].group for c in per_code):
        return per_code  # the common case: nothing to drop, move or filter
    out: dict[str, CodeMinutes] = {}
    for code in sorted(per_code):
        cm, info = per_code[code], catalog[code]
        if info.medicare_status == "B":
            findings.append(F.bundled(code))
            continue
        if medicare and info.medicare_status == "I" and info.medicare_replacement:
            findings.append(F.replaced(code, info.medicare_replacement))
            code = info.medicare_replacement
        merged = out.setdefault(code, CodeMinutes())
        merged.therapist += cm.therapist
        merged.assistant += cm.assistant
        merged.group += cm.group
    return {c: m for c, m in out.items() if not (catalog[c].timed and m.total == 0 and m.group)}


def _apply_kx(
    any_lines: bool,
    day: date,
    ytd: Decimal,
    allowed_cents: float,
    running: Decimal,
    running_cents: float,
    rules: _DayRules,
    unpriced: list[str],
    findings: list[Finding],
) -> str:
    """Add the KX and review findings; return the KX sentence for every line ("" for none).
    `running` is year-to-date plus this visit (exact); `running_cents` the same rounded;
    `allowed_cents` is this visit's allowed amount rounded."""
    kx = rules.kx
    if kx is None:
        findings.append(F.no_kx_threshold(day.year))
        return ""
    reason = ""
    if running <= kx.amount and unpriced:
        # Lines without a fee add an unknown amount: "under the threshold" is not known.
        findings.append(F.kx_unchecked(sorted(set(unpriced)), running_cents, rules.kx_text))
    elif running > kx.amount and any_lines:
        reason = (
            f". KX: year-to-date allowed ${to_cents(ytd):,.2f} plus this visit "
            f"${allowed_cents:,.2f} is over {rules.kx_text}"
        )
        findings.append(F.kx_added(running_cents, rules.kx_text))
    review = tables.targeted_review_threshold()
    if running > review:
        findings.append(F.targeted_review(running_cents, review))
    return reason
