"""Bill one visit: minutes per code -> units -> claim lines -> modifiers -> expected payment.

The steps run in a fixed order so every figure can be traced in the line rationale:
codes (Medicare status), minutes (timers.py), units (units.py), CQ/CO split (assistants.py),
GP/GO/GN, NCCI (ncci.py), payment (payment.py), then KX from the priced visit.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.domain.billing import Basis, BillResult, ClaimLine, Discipline, Visit
from assistant.domain.findings import Finding
from assistant.errors import InputError
from assistant.rules import tables
from assistant.rules.billing import findings as F
from assistant.rules.billing.assistants import Share, split_timed, split_untimed
from assistant.rules.billing.ncci import NcciTable, check_pairs, seed_table
from assistant.rules.billing.payment import PriceInput, price_lines, to_cents
from assistant.rules.billing.timers import CodeMinutes, reduce_minutes
from assistant.rules.billing.units import allocate

THERAPY_MODIFIER = {Discipline.PT: "GP", Discipline.OT: "GO", Discipline.SLP: "GN"}
ASSISTANT_MODIFIER = {Discipline.PT: "CQ", Discipline.OT: "CO"}


@dataclass(slots=True)
class _Line:
    code: str
    share: Share
    reasons: list[str]
    modifiers: list[str] = field(default_factory=list)
    payment: Decimal | None = None
    payment_reason: str = ""


def bill(visit: Visit, ncci: NcciTable | None = None) -> BillResult:
    catalog = tables.catalog()
    codes = {s.code for s in visit.services} | {s.code for s in visit.segments}
    unknown = sorted(codes - catalog.keys())
    if unknown:
        raise InputError(f"unknown code {', '.join(unknown)}: not a therapy code ptscribe bills")
    medicare = visit.payer.follows_medicare
    minutes = reduce_minutes(visit.services, visit.segments, catalog, visit.discipline)
    findings: list[Finding] = list(minutes.findings)
    per_code = _apply_status(minutes.per_code, medicare, findings)

    timed = {c: m.total for c, m in per_code.items() if catalog[c].timed}
    alloc = allocate(timed, visit.payer.unit_rule)
    treatment = sum(m.total + m.group for m in minutes.per_code.values())

    assistants = medicare and visit.discipline in ASSISTANT_MODIFIER
    lines: list[_Line] = []
    for code in sorted(per_code):
        info, cm = catalog[code], per_code[code]
        findings.extend(F.discipline_checks(code, info, cm, visit.discipline))
        if info.timed:
            units = alloc.units[code]
            if units == 0:
                findings.append(F.no_unit(code, alloc.reasons[code]))
                continue
            shares = (
                split_timed(units, cm.therapist, cm.assistant)
                if assistants
                else [Share(False, units, cm.total, cm.assistant, "")]
            )
            base = f"{info.description}. {alloc.reasons[code]}"
        else:
            shares = [
                split_untimed(cm.therapist, cm.assistant)
                if assistants
                else Share(False, 1, cm.total, cm.assistant, "")
            ]
            base = f"{info.description}. Untimed code: one unit per visit"
        for share in shares:
            lines.append(_Line(code, share, [base]))
    if timed and alloc.total_units == 0:
        findings.append(F.under_eight(alloc.total_minutes))

    mod = THERAPY_MODIFIER[visit.discipline]
    mod_reason = f"{mod}: billed under a {visit.discipline.value} plan of care"
    cq = ASSISTANT_MODIFIER.get(visit.discipline, "")
    for line in lines:
        line.modifiers.append(mod)
        line.reasons.append(mod_reason)
        if line.share.assisted:
            line.modifiers.append(cq)
            line.reasons.append(f"{cq}: furnished in part by an assistant ({line.share.reason})")
        elif line.share.reason:
            line.reasons.append(f"no {cq}: {line.share.reason}")

    paths: dict[str, str] = {}
    for index, line in enumerate(lines):
        paths.setdefault(line.code, f"lines[{index}]")
    outcome = check_pairs(
        sorted(paths),
        visit.date_of_service,
        ncci or seed_table(),
        visit.payer.distinct_modifier,
        paths,
    )
    findings.extend(outcome.findings)
    for line in lines:
        if line.code in outcome.distinct:
            line.modifiers.append(visit.payer.distinct_modifier)
            line.reasons.append(
                f"{visit.payer.distinct_modifier}: NCCI pair with another code billed today; "
                "the modifier goes on the column-2 code"
            )

    factor = tables.conversion_factor(visit.date_of_service, qualifying_apm=visit.qualifying_apm)
    if factor is None:
        findings.append(F.no_factor(visit.date_of_service))
    day = visit.date_of_service
    prices = price_lines(
        [
            PriceInput(
                line.share.units,
                tables.rvu(line.code, day),
                line.share.assisted,
            )
            for line in lines
        ],
        factor.amount if factor else None,
    )
    allowed = Decimal(0)
    for line, price in zip(lines, prices, strict=True):
        line.payment = price.amount
        if price.amount is None:
            if factor is not None:
                findings.append(F.no_fee(line.code, day))
        else:
            allowed += price.amount
        line.payment_reason = f"Expected payment: {price.reason}"

    kx = tables.kx_threshold(day) if medicare else None
    if medicare:
        findings.extend(_apply_kx(lines, visit, allowed, kx))
    if visit.secondary_payer and visit.secondary_payer.unit_rule != visit.payer.unit_rule:
        findings.append(F.mixed_rules(visit.payer.unit_rule, visit.secondary_payer.unit_rule))

    payer_share = Decimal(str(visit.payer.fee_schedule_percent)) / 100
    claim = [_claim_line(line, payer_share, visit.payer.fee_schedule_percent) for line in lines]
    timed_units = sum(
        c.units for c, line in zip(claim, lines, strict=True) if catalog[line.code].timed
    )
    return BillResult(
        lines=claim,
        total_timed_minutes=alloc.total_minutes,
        total_treatment_minutes=treatment,
        timed_units=timed_units,
        total_units=sum(c.units for c in claim),
        findings=findings,
        basis=Basis(
            unit_rule=visit.payer.unit_rule,
            conversion_factor=float(factor.amount) if factor else None,
            kx_threshold=float(kx.amount) if kx else None,
            tables=tables.labels(day.year, (ncci or seed_table()).label),
        ),
    )


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
    lines: list[_Line], visit: Visit, allowed: Decimal, kx: tables.KxThreshold | None
) -> list[Finding]:
    if kx is None:
        return [F.no_kx_threshold(visit.date_of_service.year)]
    ytd = Decimal(str(visit.ytd_allowed))
    running = ytd + allowed
    found = []
    if running > kx.amount and lines:
        reason = (
            f"KX: year-to-date allowed ${to_cents(ytd):,.2f} plus this visit "
            f"${to_cents(allowed):,.2f} is over the {kx.year} threshold ${kx.amount:,.2f}"
        )
        for line in lines:
            line.modifiers.append("KX")
            line.reasons.append(reason)
        found.append(F.kx_added(to_cents(running), kx))
    review = tables.targeted_review_threshold()
    if running > review:
        found.append(F.targeted_review(to_cents(running), review))
    return found


def _claim_line(line: _Line, share: Decimal, percent: float) -> ClaimLine:
    payment = None
    rationale = ". ".join([*line.reasons, line.payment_reason])
    if line.payment is not None:
        payment = to_cents(line.payment if percent == 100.0 else line.payment * share)
        if percent != 100.0:
            rationale += f"; at {percent:g}% of the Medicare amount (payer setting)"
        rationale += f" = ${payment:,.2f}"
    return ClaimLine(
        code=line.code,
        units=line.share.units,
        modifiers=line.modifiers,
        minutes=line.share.minutes,
        assistant_minutes=line.share.assistant_minutes,
        expected_payment=payment,
        rationale=rationale + ".",
    )
