"""Billing engine ids (BIL): timers, units, code validity, NCCI pairs, KX and fees.

Emitted by assistant/rules/billing through `REGISTRY.finding`; ids are stable and other tools
and saved reviews refer to them.
"""

from assistant.domain.findings import Element, Severity
from assistant.rules.registry.spec import RuleSpec, stable

MANUAL = "CMS Pub. 100-04 (Claims Processing Manual) ch. 5 sec. 20"

SPECS: tuple[RuleSpec, ...] = (
    stable(
        "BIL001",
        Severity.ERROR,
        Element.TIMERS,
        "Timed one-on-one timers overlap",
        f"One clinician-minute can be billed once; {MANUAL}.2",
        "Correct the start or end times so one-on-one timers do not overlap.",
    ),
    stable(
        "BIL002",
        Severity.WARNING,
        Element.TIMERS,
        "Timed-code timer not one-on-one: minutes excluded from units",
        f"Timed codes need direct one-on-one contact; {MANUAL}.2",
        "Timed codes need direct one-on-one time; bill group work as 97150.",
    ),
    stable(
        "BIL003",
        Severity.WARNING,
        Element.TIMERS,
        "Timer provider role does not match the visit's discipline",
        "GP/GO/GN and CQ/CO follow the discipline of the plan of care",
        "Check the provider role on the timer or the visit's discipline.",
    ),
    stable(
        "BIL004",
        Severity.WARNING,
        Element.TIMERS,
        "Timer not on the date of service",
        "Each visit bills only the time furnished on its date of service",
        "Check the timer was recorded for this visit.",
    ),
    stable(
        "BIL005",
        Severity.INFO,
        Element.UNITS,
        "Under 8 timed minutes: no timed unit",
        f"The 15-minute table starts at 8 minutes; {MANUAL}.2",
        "Check the timers if more one-on-one time was furnished.",
    ),
    stable(
        "BIL006",
        Severity.INFO,
        Element.UNITS,
        "A timed code earned no unit",
        f"Units go to the largest leftover minutes; {MANUAL}.2",
        "Nothing to fix unless the minutes are wrong.",
    ),
    stable(
        "BIL010",
        Severity.INFO,
        Element.CODE_SUPPORT,
        "Bundled code (status B) is not billed",
        "Status B codes are never paid separately (PFS relative value file)",
        "Document it in the note; it needs no claim line.",
    ),
    stable(
        "BIL011",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Code not valid for Medicare replaced by its Medicare equivalent",
        "97014 has status I for Medicare, which pays unattended e-stim as G0283",
        "Confirm the Medicare code describes the service furnished.",
    ),
    stable(
        "BIL012",
        Severity.ERROR,
        Element.CLINICIAN,
        "Evaluation or re-evaluation with assistant minutes",
        "Evaluations are furnished by the therapist; assistants may not evaluate",
        "Record evaluation time under the evaluating therapist.",
    ),
    stable(
        "BIL013",
        Severity.WARNING,
        Element.CLINICIAN,
        "Assistant minutes on a speech-language pathology visit",
        "Medicare has no SLP assistant modifier; SLP assistant time is not billable",
        "Bill only the SLP's own minutes.",
    ),
    stable(
        "BIL014",
        Severity.ERROR,
        Element.CODE_SUPPORT,
        "Code belongs to another discipline",
        "PT evaluation codes are for PT, OT evaluation codes for OT",
        "Bill the code of the discipline that furnished the service.",
    ),
    stable(
        "BIL015",
        Severity.ERROR,
        Element.CODE_SUPPORT,
        "Code not in force on the date of service: not billed",
        "Codes are created and deleted by dated CPT/HCPCS updates; the catalog records the "
        "period of each (CMS annual therapy code list)",
        "Bill the code in force on the date of service.",
    ),
    stable(
        "BIL020",
        Severity.ERROR,
        Element.CODE_SUPPORT,
        "NCCI pair that may never be billed together (indicator 0)",
        "CMS NCCI procedure-to-procedure edits, practitioner file",
        "Bill only the service that was performed and documented.",
    ),
    stable(
        "BIL021",
        Severity.WARNING,
        Element.MODIFIERS,
        "NCCI pair billed with a distinct-service modifier (indicator 1)",
        "CMS NCCI policy manual ch. 1: 59/X modifiers need documented distinct services",
        "Keep the modifier only if the note shows the column-2 service was distinct (separate "
        "time, structure or encounter).",
    ),
    stable(
        "BIL030",
        Severity.INFO,
        Element.MODIFIERS,
        "KX added above the therapy threshold",
        "Social Security Act 1833(g) as amended by BBA 2018; threshold per CY PFS rule",
        "KX attests medical necessity: the note must document why therapy continues to be needed.",
    ),
    stable(
        "BIL031",
        Severity.INFO,
        Element.MEDICAL_NECESSITY,
        "Over the targeted medical review threshold",
        "BBA 2018 sec. 50202: $3,000 review threshold until 2028",
        "Make sure goals, progress and medical necessity are well documented.",
    ),
    stable(
        "BIL032",
        Severity.WARNING,
        Element.MODIFIERS,
        "No KX threshold known for the year of service",
        "Thresholds are dated data; add the year's figure to kx.toml",
        "Add the year's threshold to kx.toml.",
    ),
    stable(
        "BIL033",
        Severity.WARNING,
        Element.MODIFIERS,
        "KX could not be checked: a line has no fee figure",
        "The threshold is compared with allowed amounts, and an unpriced line may cross it "
        "(Social Security Act 1833(g)); never a silent no-KX",
        "Import the year's CMS RVU file (ptscribe fees import FILE) or decide KX by hand.",
    ),
    stable(
        "BIL040",
        Severity.INFO,
        Element.UNITS,
        "No fee figure for a code on that date",
        "Expected payment needs the year's RVUs in fees.toml",
        "Add the code's RVUs for that year to fees.toml.",
    ),
    stable(
        "BIL042",
        Severity.INFO,
        Element.UNITS,
        "No national fee for a code by its fee schedule status",
        "The CMS RVU file gives bundled (B), Medicare-invalid (I), carrier-priced (C) and "
        "restricted (R) codes no national RVUs; the MAC or the payer sets any payment",
        "Take the payment from the MAC's or the payer's own fee schedule.",
    ),
    stable(
        "BIL041",
        Severity.WARNING,
        Element.UNITS,
        "No conversion factor for the date",
        "Expected payment needs the year's conversion factor in fees.toml",
        "Update the fee tables for that year.",
    ),
    stable(
        "BIL050",
        Severity.WARNING,
        Element.UNITS,
        "Primary and secondary payer count units by different rules",
        "CMS pools minutes, the AMA rule counts each code; the claims will differ",
        "Bill each payer with its own rule; the unit counts may differ.",
    ),
)
