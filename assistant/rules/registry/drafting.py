"""Drafting ids: the offline drafter (DR), the LLM drafter and its cross-check (DRF), and the
drafting pipeline (PL).

They are declared here, in the rules layer, although assistant/drafting and
assistant/services emit them: the registry must see every id so `ptscribe rules` and
docs/rules.md list them, and rules may not import the layers above them.
"""

from assistant.domain.findings import Element, Severity
from assistant.rules.registry.spec import RuleSpec, retired, stable

DRAFTS = "ptscribe drafts state only what the therapist said; the therapist confirms before signing"
CROSSCHECK = (
    "The offline parser reads numbers from fixed patterns with evidence; a model that reads "
    "another value is more likely wrong, but either may be"
)

SPECS: tuple[RuleSpec, ...] = (
    stable(
        "DR001",
        Severity.INFO,
        Element.EVIDENCE,
        "Passages of the dictation not turned into facts",
        f"Nothing said is lost: unread passages stay in the SOAP text; {DRAFTS}",
        "Read the passages quoted; enter any fact they hold by hand.",
    ),
    stable(
        "DR002",
        Severity.WARNING,
        Element.TIMED_MINUTES,
        "Timed minutes taken from the text, not from timers",
        "Self-reported minutes decide units as timers would (CMS Pub. 100-04 ch. 5 sec. 20.2) "
        "but nothing measured them",
        "Confirm the minutes before signing, or record the session with timers.",
    ),
    stable(
        "DR003",
        Severity.INFO,
        Element.EXERCISES,
        "Exercise names kept as written (not in the lexicon)",
        "Unknown names are kept verbatim rather than guessed; they get no canonical name, "
        "type or body region",
        "Check the spelling, or add the exercise's type and body region by hand.",
    ),
    stable(
        "DR004",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Evaluation mentioned without its complexity",
        "PT evaluations are billed by complexity (97161 low, 97162 moderate, 97163 high); "
        "the drafter does not guess one",
        "Choose 97161 (low), 97162 (moderate) or 97163 (high) from the evaluation's elements.",
    ),
    stable(
        "DR005",
        Severity.WARNING,
        Element.TIMED_MINUTES,
        "Two different minute figures for one service",
        "Units follow from minutes; the drafter keeps the first figure and says so",
        "Correct the minutes to the figure actually furnished.",
    ),
    stable(
        "DR006",
        Severity.WARNING,
        Element.TIMERS,
        "Minutes in the text disagree with the timers",
        "Billing uses timers over self-reported minutes (CMS Pub. 100-04 ch. 5 sec. 20.2)",
        "Correct the timers or the dictation so both state the minutes furnished.",
    ),
    stable(
        "DR007",
        Severity.WARNING,
        Element.EXERCISES,
        "No treatment recognised in a daily note",
        "A daily note bills only what it documents; with no intervention nothing can be billed",
        "Dictate the interventions performed with their minutes, or enter them by hand.",
    ),
    stable(
        "DR008",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Dry needling without the number of muscles",
        "CPT bills dry needling by muscle count: 20560 for one or two muscles, 20561 for "
        "three or more",
        "Say how many muscles were needled, or choose 20560 or 20561 by hand.",
    ),
    stable(
        "DR009",
        Severity.WARNING,
        Element.EVIDENCE,
        "More in one dictation than a note holds: some of it kept as text only",
        "A note holds at most 100 of each fact and 100,000 characters a section; past that the "
        f"words stay in the section text rather than being cut; {DRAFTS}",
        "Read the section text for the items past the limit, or split the dictation into "
        "one note per visit.",
    ),
    stable(
        "DR010",
        Severity.WARNING,
        Element.TIMED_MINUTES,
        "Minutes stated as a range",
        'Units follow from the minutes furnished; of "20-25 min" the drafter keeps the '
        "upper figure and says so rather than choosing silently",
        "Correct the minutes to the figure actually furnished.",
    ),
    stable(
        "DRF010",
        Severity.WARNING,
        Element.PARAMETERS,
        "Model and dictation parser read different exercise parameters",
        CROSSCHECK,
        "Check the dictation and correct the number.",
    ),
    stable(
        "DRF011",
        Severity.WARNING,
        Element.TIMED_MINUTES,
        "Model and dictation parser read different minutes for a service",
        CROSSCHECK,
        "Check the minutes against the timers or the dictation.",
    ),
    stable(
        "DRF012",
        Severity.ERROR,
        Element.TIMED_MINUTES,
        "Model's code or minutes not found in the dictation: not billed",
        "Minutes and codes reach a claim only with support in the source (timers, or the "
        "offline parser's reading with evidence); a model can invent either",
        "Check the dictation; if the service was furnished, enter its code and minutes by hand.",
    ),
    stable(
        "DRF013",
        Severity.WARNING,
        Element.TIMED_MINUTES,
        "A service the model left out or left uncoded is billed from the dictation parser",
        "A service the dictation states must not vanish from the claim because a model "
        "dropped it; the parser's reading has evidence in the source",
        "Check the service against the dictation and the draft before signing.",
    ),
    stable(
        "DRF020",
        Severity.WARNING,
        Element.EVIDENCE,
        "An item the model returned was invalid and dropped",
        "One bad item must not cost the whole draft; the item is dropped and named instead",
        "Check the dictation and enter the item by hand if it was said.",
    ),
    stable(
        "DRF021",
        Severity.INFO,
        Element.EVIDENCE,
        "Invalid fields of a model's item cleared, the item kept",
        "A value out of range (a pain score of 12, a load without its unit) is cleared rather "
        "than stored",
        "Check the dictation and enter the cleared values by hand if they were said.",
    ),
    stable(
        "DRF022",
        Severity.INFO,
        None,
        "Fields the model returned that ptscribe never takes from a model",
        "Units, claim lines and codes are computed by the billing engine, never taken from "
        "a model, so a prompt-injected dictation cannot bill",
        "Nothing to fix: units and claim lines are computed from minutes by the billing engine.",
    ),
    stable(
        "DRF023",
        Severity.WARNING,
        Element.DIAGNOSIS,
        "A diagnosis code the model chose that the dictation does not state",
        "A model codes diagnosis words by guess: a code on a claim must be the clinician's, "
        f"and ICD-10-CM side and 7th character are never to be guessed; {DRAFTS}",
        "Confirm the code against the diagnosis stated, or correct or remove it.",
    ),
    # Retired: the draft's claim is now the validator's own (one note -> claim path), so
    # MIN010 reports an uncomputable claim for draft and validate alike.
    retired(
        stable(
            "PL001",
            Severity.ERROR,
            Element.UNITS,
            "No claim could be computed from the note's minutes",
            "The claim is always the billing engine's; a note it cannot bill must not be signed "
            "as billable",
            "Correct the minutes, codes or timers named in the message.",
        ),
        "MIN010",
    ),
    stable(
        "PL002",
        Severity.WARNING,
        Element.EVIDENCE,
        "The LLM drafter failed: the offline draft is shown",
        "A model failure must never lose the therapist's dictation; the deterministic drafter "
        "always yields a draft",
        "Review the offline draft, or retry the model later.",
    ),
    stable(
        "PL003",
        Severity.INFO,
        None,
        "Where an inferred date of service came from",
        "A note is judged by the rules in force on its date of service, so the date's source "
        "is recorded",
        "Check the date; give it in the context or the dictation if it is wrong.",
    ),
    stable(
        "PL004",
        Severity.WARNING,
        None,
        "A date in the text differs from the note's date of service",
        "The rules in force and the claim follow the date of service; a conflicting date in the "
        "dictation may mean the wrong visit",
        "Correct the date of service, or the date in the dictation.",
    ),
    stable(
        "PL005",
        Severity.WARNING,
        None,
        "No date of service given: the note is dated today",
        "A note is judged by the rules in force on its date of service; today is only a guess "
        "when neither the context nor the dictation states the visit's date",
        "Check the date; give it in the context or the dictation if the visit was not today.",
    ),
    stable(
        "PL006",
        Severity.WARNING,
        None,
        "A date of service in the text that is not a real date",
        "An impossible date (02/30/2025) is a typing or dictation slip; the note must not "
        "take some other date silently",
        "Correct the date in the dictation, or give the date of service in the context.",
    ),
)
