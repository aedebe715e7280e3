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
from assistant.rules.billing.ncci import NO_PAIRS, NcciTable, check_pairs, seed_table
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


@dataclass(slots=True)
class _Line:
    code: str
    timed: bool
    share: Share
    reasons: list[str]
    modifiers: list[str]


def bill(
    visit: Visit, ncci: NcciTable | None = None, fees: FeeSchedule | None = None
) -> BillResult:
    """Bill one visit. `ncci` and `fees` are the user's imported tables (loaded at the edge);
    None means the shipped seed and fee figures."""
    catalog = tables.catalog()
    fees = fees or shipped_fees()
    services, segments = visit.services, visit.segments
    codes = {s.code for s in services}
    if segments:
        codes.update(s.code for s in segments)
    if not codes <= catalog.keys():
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
    findings.extend(minutes.findings)
    if segments:
        findings.extend(off_day(segments, day))
    per_code = minutes.per_code
    # The common case needs no status pass: every code active and, without timer segments,
    # no group minutes to filter.
    if segments or not per_code.keys() <= _active_codes():
        per_code = _apply_status(per_code, medicare, findings)

    timed = {c: m.therapist + m.assistant for c, m in per_code.items() if catalog[c].timed}
    alloc = allocate(timed, payer.unit_rule)
    treatment = sum(m.therapist + m.assistant + m.group for m in minutes.per_code.values())

    assistants = medicare and discipline in ASSISTANT_MODIFIER
    mod = THERAPY_MODIFIER[discipline]
    mod_reason = THERAPY_REASON[discipline]
    cq = ASSISTANT_MODIFIER.get(discipline, "")
    slp = discipline is Discipline.SLP
    lines: list[_Line] = []
    for code in sorted(per_code):
        info, cm = catalog[code], per_code[code]
        # discipline_checks reports only codes outside the discipline, and assistant time on
        # an evaluation or an SLP visit; the common assistant minutes need no call.
        if discipline not in info.disciplines or (
            cm.assistant and (slp or info.category in F.EVALUATIONS)
        ):
            findings.extend(F.discipline_checks(code, info, cm, discipline))
        if info.timed:
            units = alloc.units[code]
            if units == 0:
                findings.append(F.no_unit(code, alloc.reasons[code]))
                continue
            shares = (
                split_timed(units, cm.therapist, cm.assistant)
                if assistants
                else unassisted(units, cm.total, cm.assistant)
            )
            base = f"{info.description}. {alloc.reasons[code]}"
        else:
            shares = (
                (split_untimed(cm.therapist, cm.assistant),)
                if assistants
                else unassisted(1, cm.total, cm.assistant)
            )
            base = f"{info.description}. {UNTIMED_REASON}"
        for share in shares:
            if share.assisted:
                reasons = [
                    base,
                    mod_reason,
                    f"{cq}: furnished in part by an assistant ({share.reason})",
                ]
                modifiers = [mod, cq]
            elif share.reason:
                reasons = [base, mod_reason, f"no {cq}: {share.reason}"]
                modifiers = [mod]
            else:
                reasons = [base, mod_reason]
                modifiers = [mod]
            lines.append(_Line(code, info.timed, share, reasons, modifiers))
    if timed and alloc.total_units == 0:
        findings.append(F.under_eight(alloc.total_minutes))

    # An empty imported table is still the user's table (len 0 is falsy): never the seed.
    table = ncci if ncci is not None else seed_table()
    paths: dict[str, str] = {}
    for index, line in enumerate(lines):
        if line.code not in paths:
            paths[line.code] = f"lines[{index}]"
    # Most visits bill at most one code the table pairs: nothing to check.
    paired = table.codes
    if sum(code in paired for code in paths) < 2:
        outcome = NO_PAIRS
    else:
        outcome = check_pairs(sorted(paths), day, table, payer.distinct_modifier, paths)
    if outcome.findings:
        findings.extend(outcome.findings)
        distinct_reason = (
            f"{payer.distinct_modifier}: NCCI pair with another code billed today; "
            "the modifier goes on the column-2 code"
        )
        for line in lines:
            if line.code in outcome.distinct:
                line.modifiers.append(payer.distinct_modifier)
                line.reasons.append(distinct_reason)

    rules = _day_rules(day, visit.qualifying_apm, fees, table.label)
    factor = rules.factor
    if factor is None:
        findings.append(F.no_factor(day))
    percent = payer.fee_schedule_percent
    prices = price_lines(
        [(line.code, line.share.units, line.share.assisted) for line in lines],
        day,
        factor.amount if factor else None,
        percent,
        fees,
    )
    allowed = Decimal(0)
    unpriced: list[str] = []
    for line, price in zip(lines, prices, strict=True):
        if price.amount is None:
            unpriced.append(line.code)
            if factor is not None:
                findings.append(_no_fee(line.code, day.year, fees, catalog[line.code]))
        else:
            allowed += price.amount

    kx = rules.kx if medicare else None
    year_to_date: float | None = None
    allowed_cents = to_cents(allowed)
    if medicare:
        # The one year-to-date total: at the Medicare rate, whatever the payer's percentage.
        ytd = Decimal(str(visit.ytd_allowed))
        running = ytd + allowed
        year_to_date = to_cents(running)
        findings.extend(
            _apply_kx(lines, visit, ytd, allowed_cents, running, year_to_date, kx, unpriced)
        )
    if visit.secondary_payer and visit.secondary_payer.unit_rule != payer.unit_rule:
        findings.append(F.mixed_rules(payer.unit_rule, visit.secondary_payer.unit_rule))

    claim = []
    timed_units = total_units = 0
    for line, price in zip(lines, prices, strict=True):
        share = line.share
        units = share.units
        total_units += units
        if line.timed:
            timed_units += units
        # Every value below is typed by construction: the models are not validated again
        # (see assistant/domain/trusted.py), which is most of what a small model costs.
        claim.append(
            trusted(
                ClaimLine,
                {
                    "code": line.code,
                    "units": units,
                    "modifiers": line.modifiers,
                    "minutes": share.minutes,
                    "assistant_minutes": share.assistant_minutes,
                    "expected_payment": price.payment,
                    "rationale": f"{'. '.join(line.reasons)}. {price.rationale}",
                },
            )
        )
    basis = trusted(
        Basis,
        {
            "unit_rule": payer.unit_rule,
            "conversion_factor": float(factor.amount) if factor else None,
            "kx_threshold": float(kx.amount) if kx else None,
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


@dataclass(frozen=True, slots=True)
class _DayRules:
    """The dated figures one date of service bills under, looked up once per date."""

    factor: tables.ConversionFactor | None
    kx: tables.KxThreshold | None
    labels: dict[str, str]  # shared: copy before handing out


# Keys are few (dates in use x APM flag x the loaded tables); a schedule compares by identity.
@lru_cache(maxsize=4096)
def _day_rules(day: date, qualifying_apm: bool, fees: FeeSchedule, ncci: str) -> _DayRules:
    year = day.year
    return _DayRules(
        factor=fees.conversion_factor(day, qualifying_apm=qualifying_apm),
        kx=tables.kx_threshold(day),
        labels=tables.labels(year, ncci, fees.label(year), bool(fees.rvus(year))),
    )


@cache
def _dated_codes() -> frozenset[str]:
    return frozenset(
        c for c, info in tables.catalog().items() if info.start is not None or info.end is not None
    )


def _no_fee(code: str, year: int, fees: FeeSchedule, info: tables.CodeInfo) -> Finding:
    """A line without RVUs: named by its status in the year's fee table, or by the catalog's
    Medicare status for a year the table does not describe (an imported later year)."""
    known = fees.status(year, code)
    status = known.status if known else info.medicare_status
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
    lines: list[_Line],
    visit: Visit,
    ytd: Decimal,
    allowed_cents: float,
    running: Decimal,
    running_cents: float,
    kx: tables.KxThreshold | None,
    unpriced: list[str],
) -> list[Finding]:
    """`running` is year-to-date plus this visit (exact); `running_cents` the same rounded;
    `allowed_cents` is this visit's allowed amount rounded."""
    if kx is None:
        return [F.no_kx_threshold(visit.date_of_service.year)]
    found = []
    if running <= kx.amount and unpriced:
        # Lines without a fee add an unknown amount: "under the threshold" is not known.
        found.append(F.kx_unchecked(sorted(set(unpriced)), running_cents, kx))
    elif running > kx.amount and lines:
        reason = (
            f"KX: year-to-date allowed ${to_cents(ytd):,.2f} plus this visit "
            f"${allowed_cents:,.2f} is over {F.threshold_text(kx)}"
        )
        for line in lines:
            line.modifiers.append("KX")
            line.reasons.append(reason)
        found.append(F.kx_added(running_cents, kx))
    review = tables.targeted_review_threshold()
    if running > review:
        found.append(F.targeted_review(running_cents, review))
    return found
