"""Validator ids about the record around the services: diagnoses (DX), the clinician (CL),
the plan of care and progress reports (POC), medical necessity (MN), audit red flags (AU)
and evidence (EV).

Each id here is checked by one function in assistant/rules/validation (bound by id with
`@rule("DX001")`); the text below is the only place its severity, element and wording live.
"""

from assistant.domain.findings import Element, Severity
from assistant.rules.registry.spec import RuleSpec, stable

ICD_GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting, section I.A and I.B"
BPM = "Pub. 100-02 ch. 15 sec. 220.3"
BPM_CH15 = "Pub. 100-02 ch. 15"
RED_FLAGS = (
    "MAC guidance on cloned documentation (e.g. NGS Medicare, First Coast); OIG therapy audits"
)
EVIDENCE_RATIONALE = (
    "Documentation must reflect the care furnished (Pub. 100-02 ch. 15 sec. 220.3); "
    "ptscribe's drafts state only what the therapist said"
)

SPECS: tuple[RuleSpec, ...] = (
    stable(
        "DX001",
        Severity.ERROR,
        Element.DIAGNOSIS,
        "No diagnosis documented",
        "Every therapy claim line needs a diagnosis that supports medical necessity "
        "(CMS-1500 item 21; Pub. 100-02 ch. 15 sec. 220.3)",
        "Add the treating diagnosis (ICD-10-CM) from the plan of care.",
    ),
    stable(
        "DX002",
        Severity.ERROR,
        Element.DIAGNOSIS,
        "Diagnosis code is not an ICD-10-CM code",
        f"Claims are rejected for codes not in the ICD-10-CM code set; {ICD_GUIDELINES}",
        "Check the code for a typo against the ICD-10-CM code set.",
    ),
    stable(
        "DX003",
        Severity.ERROR,
        Element.DIAGNOSIS,
        "Diagnosis code is a category, not a billable code",
        f"Codes must be reported to the highest number of characters available; {ICD_GUIDELINES}",
        "Use the complete code: add the characters for side, site or encounter.",
    ),
    stable(
        "DX004",
        Severity.WARNING,
        Element.DIAGNOSIS,
        "Diagnosis side conflicts with the side treated or measured",
        f"Laterality in the code must match the documentation; {ICD_GUIDELINES} (I.B.13 "
        "laterality)",
        "Correct the diagnosis side, or the side recorded on the exercises and measures.",
    ),
    stable(
        "DX005",
        Severity.INFO,
        Element.DIAGNOSIS,
        "ICD-10-CM codes suggested for a diagnosis stated in words",
        "A diagnosis written in words ('R knee OA') still needs its code; ptscribe ranks the "
        "code set's billable codes by fit with the words and side, and the clinician chooses "
        f"(ICD-10-CM code set, simple-icd-10-cm); {ICD_GUIDELINES}",
        "Check the suggested code against the documentation and add the one that fits.",
    ),
    stable(
        "DX006",
        Severity.WARNING,
        Element.DIAGNOSIS,
        "Diagnosis stated in words lacks the side or 7th character its code needs",
        "Laterality and the 7th character (encounter) are coded only from documentation, "
        f"never assumed; {ICD_GUIDELINES} (I.B.13 laterality; I.C.19.a 7th characters)",
        "State the side (right, left, both) or the encounter (initial, subsequent, sequela), "
        "then choose the code.",
    ),
    stable(
        "CL001",
        Severity.ERROR,
        Element.CLINICIAN,
        "Treating clinician's name missing",
        f"Each note must identify and be signed by the clinician who furnished the care; {BPM}",
        "Add the treating clinician's name.",
    ),
    stable(
        "CL002",
        Severity.ERROR,
        Element.CLINICIAN,
        "Treating clinician's credentials missing",
        f"The signature must carry the clinician's professional credentials; {BPM}",
        "Add the credentials, e.g. PT, DPT or OTR/L or PTA.",
    ),
    stable(
        "CL003",
        Severity.WARNING,
        Element.CLINICIAN,
        "Clinician's role does not belong to the note's discipline",
        "GP/GO/GN and the plan of care follow the discipline; a PT note is written by a PT or PTA",
        "Check the clinician's role or the note's discipline.",
    ),
    stable(
        "CL004",
        Severity.ERROR,
        Element.CLINICIAN,
        "Evaluation, re-evaluation, progress report or discharge note written by an assistant",
        f"Assistants may not evaluate or write progress reports and discharge summaries; {BPM}",
        "The supervising therapist must write and sign this note.",
    ),
    stable(
        "CL005",
        Severity.WARNING,
        Element.CLINICIAN,
        "Assistant's note without its supervising therapist, where the payer requires co-signature",
        "Payer setting requires_assistant_cosign (payer policy or state practice act)",
        "Name the supervising therapist who will co-sign this note.",
    ),
    stable(
        "CL006",
        Severity.INFO,
        Element.CLINICIAN,
        "Assistant's note awaits the supervising therapist's co-signature",
        "Payer setting requires_assistant_cosign; the note goes to the co-sign queue once signed",
        "After signing, the note goes to the supervising therapist's co-sign queue.",
    ),
    stable(
        "POC001",
        Severity.WARNING,
        Element.PLAN_OF_CARE,
        "Plan of care not certified 30 days after the first treatment",
        f"The physician/NPP must certify the plan within 30 days of the first treatment "
        f"({BPM_CH15} sec. 220.1.3); since 2025 a signed order plus proof the plan was sent within "
        "30 days also qualifies (CY2025 PFS final rule)",
        "Obtain the signed certification, or record the signed order and the date the "
        "plan was sent.",
    ),
    stable(
        "POC002",
        Severity.WARNING,
        Element.PLAN_OF_CARE,
        "Visit after the certified period of the plan of care ended",
        f"Plans are recertified at least every 90 days ({BPM_CH15} sec. 220.1.3)",
        "Obtain a recertification before further visits are billed.",
    ),
    stable(
        "POC003",
        Severity.ERROR,
        Element.PROGRESS_REPORT,
        "Progress report due (Medicare: at least every 10 treatment days)",
        f"A progress report must be written at least once every 10 treatment days ({BPM_CH15} "
        "sec. 220.3.D)",
        "Write this visit as a progress report (by the therapist), or a re-evaluation if "
        "indicated.",
    ),
    stable(
        "POC004",
        Severity.INFO,
        Element.PROGRESS_REPORT,
        "Progress report interval reached (non-Medicare payer)",
        f"Medicare's 10-treatment-day interval ({BPM_CH15} sec. 220.3.D); other payers set "
        "their own",
        "Check the payer's progress report requirement.",
    ),
    stable(
        "POC005",
        Severity.WARNING,
        Element.PLAN_OF_CARE,
        "Treatment note with no plan of care on file",
        f"Outpatient therapy is furnished under an established plan of care ({BPM_CH15} sec. "
        "220.1.2)",
        "Attach the plan of care this visit is furnished under.",
    ),
    stable(
        "POC006",
        Severity.WARNING,
        Element.GOAL_LINK,
        "Intervention linked to a goal that is not in the note or plan of care",
        f"Interventions must work toward the plan of care's goals ({BPM_CH15} sec. 220.1.2)",
        "Link an existing goal id, or add the goal to the plan of care.",
    ),
    stable(
        "POC007",
        Severity.WARNING,
        Element.GOAL_LINK,
        "No goals in the note or the plan of care",
        f"Measurable functional goals are part of every plan of care ({BPM_CH15} sec. 220.1.2); "
        "missing goals are an audit red flag",
        "Add short- and long-term measurable functional goals.",
    ),
    stable(
        "POC008",
        Severity.INFO,
        Element.PLAN_OF_CARE,
        "No visit context: plan of care, progress report and audit checks skipped",
        "Those rules need the plan of care, treatment-day count and previous notes",
        "Pass the visit context to run every check.",
    ),
    stable(
        "MN001",
        Severity.ERROR,
        Element.MEDICAL_NECESSITY,
        "Over the KX threshold without a medical-necessity statement",
        "The KX modifier attests that therapy above the annual threshold is medically necessary "
        "and that the record shows it (Social Security Act sec. 1833(g)(7); CY PFS final rules)",
        "State why continued therapy is needed: the deficits, the expected functional gain "
        "and why it needs a therapist's skill.",
    ),
    stable(
        "AU001",
        Severity.WARNING,
        Element.CLONED_TEXT,
        "Note text nearly identical to a previous note (cloned documentation)",
        f"Copied-forward notes do not show the individual visit's care; {RED_FLAGS}",
        "Rewrite the note to describe this visit: what was done, how the patient responded, "
        "what changed.",
    ),
    stable(
        "AU002",
        Severity.WARNING,
        Element.PROGRESSION,
        "Same exercise with the same parameters for 3+ visits and no progression documented",
        "Identical parameters visit after visit suggest maintenance, not skilled care; "
        f"{RED_FLAGS}",
        "Progress the exercise, or document why the dose is kept (e.g. pain flare).",
    ),
    stable(
        "EV001",
        Severity.WARNING,
        Element.EVIDENCE,
        "Fact with no supporting text in the source",
        EVIDENCE_RATIONALE,
        "Unsupported: confirm or remove.",
    ),
    stable(
        "EV002",
        Severity.WARNING,
        Element.EVIDENCE,
        "Evidence span does not match the source text at its offsets",
        EVIDENCE_RATIONALE,
        "Unsupported: confirm or remove, or re-align the quote to the source.",
    ),
)
