"""Validator ids about the services a note bills: 97110 documentation (TE), code support
(CS), and minutes, units and modifiers (MIN).

Each id here is checked by one function in assistant/rules/validation (bound by id with
`@rule("TE001")`); the text below is the only place its severity, element and wording live.
"""

from assistant.domain.findings import Element, Severity
from assistant.rules.registry.spec import RuleSpec, retired, stable

TE_SOURCE = "Pub. 100-02 ch. 15 sec. 220.3; LCD L33631 (therapeutic exercise)"
LCD = "LCD L33631 (Outpatient Physical and Occupational Therapy Services)"
MANUAL = "CMS Pub. 100-04 ch. 5 sec. 20.2"
BPM = "Pub. 100-02 ch. 15 sec. 220.3"

SPECS: tuple[RuleSpec, ...] = (
    stable(
        "TE001",
        Severity.ERROR,
        Element.EXERCISES,
        "97110 billed without naming the exercises performed",
        f"Auditors deny 'ther ex per flowsheet': each exercise must be named; {TE_SOURCE}",
        "List each exercise by name, e.g. 'bridges' or 'standing hip abduction'.",
    ),
    stable(
        "TE003",
        Severity.WARNING,
        Element.PARAMETERS,
        "97110 exercise missing a parameter its type needs",
        "Strengthening needs sets, reps and load (none for body-weight exercises such as "
        "bridges or mini squats, and no set count for repetitions of a hold); ROM needs reps "
        "or time; stretches need hold time; endurance "
        "needs duration or distance; an undosed exercise among dosed ones is asked here; "
        f"{TE_SOURCE}",
        "Add the missing parameters so the next clinician can repeat or progress it.",
    ),
    stable(
        "TE004",
        Severity.WARNING,
        Element.BODY_REGION,
        "97110 exercise without the body region treated",
        f"The muscles, joints or region exercised must be identifiable; {TE_SOURCE}",
        "Name the region and side, e.g. 'right hip abductors'.",
    ),
    stable(
        "TE005",
        Severity.WARNING,
        Element.EXERCISES,
        "97110 exercise without its type (AROM, isotonic, stretch, endurance...)",
        f"The type of exercise shows the deficit addressed and the skill involved; {TE_SOURCE}",
        "Say whether it is active, assisted or passive ROM, isometric, isotonic, "
        "isokinetic, a stretch or endurance work.",
    ),
    stable(
        "TE006",
        Severity.WARNING,
        Element.PURPOSE,
        "97110 without the deficit the exercise addresses",
        "Each exercise must address a deficit (strength, ROM, flexibility, endurance); "
        f"{TE_SOURCE}",
        "State the deficit, e.g. 'to improve right quadriceps strength for stair climbing'.",
    ),
    stable(
        "TE007",
        Severity.WARNING,
        Element.GOAL_LINK,
        "97110 not linked to a goal in the plan of care",
        f"Services must relate to the plan of care's functional goals; {TE_SOURCE}",
        "Link the exercise to the plan-of-care goal it works toward.",
    ),
    stable(
        "TE008",
        Severity.WARNING,
        Element.SKILLED_NEED,
        "97110 without why a therapist's skill was needed",
        "Exercise a patient can do alone is not skilled care (Pub. 100-02 ch. 15 sec. 220.2)",
        "Say what the therapist did: cueing, monitoring, modifying or progressing.",
    ),
    stable(
        "TE009",
        Severity.WARNING,
        Element.RESPONSE,
        "97110 without the patient's response",
        f"The note must show tolerance and response to treatment; {TE_SOURCE}",
        "Record how the patient tolerated it and any change seen during the session.",
    ),
    stable(
        "TE010",
        Severity.ERROR,
        Element.PARAMETERS,
        "97110 billed with no dose for any of its exercises",
        "Without sets, reps, load, hold, duration or distance for any exercise the service's dose "
        f"cannot be judged; {TE_SOURCE}",
        "Record each exercise's dose, e.g. 3 x 10 with 5 lb, or 10 min on the bike.",
    ),
    # Retired: an exercise without a dose beside dosed ones is now TE003's warning, and the
    # service with no dose at all is one TE010 error instead of one error per exercise.
    retired(
        stable(
            "TE002",
            Severity.ERROR,
            Element.PARAMETERS,
            "97110 exercise with no parameters at all",
            "Without sets, reps, load, hold, duration or distance the dose cannot be judged; "
            f"{TE_SOURCE}",
            "Record the dose, e.g. 3 x 10 with 5 lb, or 10 min on the bike.",
        ),
        "TE010",
    ),
    stable(
        "CS001",
        Severity.ERROR,
        Element.CODE_SUPPORT,
        "Billed or timed code with no documented intervention",
        "Every billed service must be documented in the note (Pub. 100-02 ch. 15 sec. 220.3)",
        "Document the intervention performed under this code, or remove the code.",
    ),
    stable(
        "CS002",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Intervention text does not describe its code's kind of service",
        f"Each code covers one kind of service (97530 dynamic functional activities, 97112 "
        f"balance/coordination, 97116 gait, 97140 manual techniques); {LCD}",
        "Describe the service performed in enough detail to show its kind, or confirm the code.",
    ),
    stable(
        "CS003",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Exercises documented under 97530",
        f"97530 is for dynamic functional activities, not exercises for a single deficit; {LCD}",
        "Check that the code describes the service performed; for 97530, describe the "
        "functional task practised.",
    ),
    stable(
        "CS004",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Functional training documented under 97110",
        f"Functional training (ADLs, transfers, work or sport tasks) is not therapeutic exercise; "
        f"{LCD}",
        "Check that the code describes the service performed; for 97110, document the "
        "exercises and the deficit each one addresses.",
    ),
    stable(
        "CS005",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Intervention category does not match its code",
        "The code billed must describe the service documented (CMS NCCI policy manual ch. 1)",
        "Correct the category or the code so both describe the service performed.",
    ),
    stable(
        "CS006",
        Severity.WARNING,
        Element.SKILLED_NEED,
        "Billed timed service without why a therapist's skill was needed",
        "Medicare pays only for services that need a therapist's skills (Pub. 100-02 ch. 15 "
        "sec. 220.2)",
        "Say what the therapist's skill added: technique, cueing, monitoring, progression.",
    ),
    stable(
        "CS007",
        Severity.ERROR,
        Element.CODE_SUPPORT,
        "Code that ptscribe does not know as a therapy code",
        "Only codes in the dated code catalog (data/catalog.toml) can be checked and billed",
        "Check the code for a typo; ptscribe bills the PT/OT/SLP codes in its catalog.",
    ),
    stable(
        "CS008",
        Severity.WARNING,
        Element.CODE_SUPPORT,
        "Documented content fits another code better than the one billed",
        "Each code covers one kind of service; the suggestion is made from the documented "
        "content alone, in either direction and never from what a code pays (NCCI policy "
        f"manual ch. 1; {LCD})",
        "Confirm the code billed describes what was done, or bill the suggested code.",
    ),
    stable(
        "MIN001",
        Severity.ERROR,
        Element.TIMED_MINUTES,
        "Timed code without its minutes",
        f"Units of a timed code follow from its one-on-one minutes; {MANUAL}",
        "Record the one-on-one minutes spent on this service.",
    ),
    stable(
        "MIN002",
        Severity.WARNING,
        Element.TOTAL_TIME,
        "Total timed minutes not documented",
        f"Medicare asks for the total timed-code minutes in every treatment note; {BPM}",
        "Add the total of the timed-code minutes.",
    ),
    stable(
        "MIN003",
        Severity.WARNING,
        Element.TOTAL_TIME,
        "Total treatment minutes not documented",
        f"Medicare asks for the total treatment time, timed and untimed; {BPM}",
        "Add the total treatment time, including untimed services.",
    ),
    stable(
        "MIN004",
        Severity.ERROR,
        Element.TOTAL_TIME,
        "Documented total timed minutes differ from the minutes per code",
        f"The total must equal the sum of the timed-code minutes billed; {MANUAL}",
        "Correct the total or the minutes per service so they agree.",
    ),
    stable(
        "MIN005",
        Severity.ERROR,
        Element.TOTAL_TIME,
        "Total treatment minutes less than the minutes documented",
        f"Total treatment time includes all timed and untimed minutes; {BPM}",
        "Correct the total treatment time or the service minutes.",
    ),
    stable(
        "MIN006",
        Severity.ERROR,
        Element.UNITS,
        "Claim units differ from the units the minutes support",
        f"Units follow the payer's unit rule from the documented minutes; {MANUAL}",
        "Use the recomputed lines, or correct the minutes if they are wrong.",
    ),
    stable(
        "MIN007",
        Severity.ERROR,
        Element.MODIFIERS,
        "Claim modifiers differ from the recomputed modifiers",
        "GP/GO, CQ/CO, KX and 59/X modifiers follow from discipline, who furnished the minutes, "
        "year-to-date spend and NCCI edits (Pub. 100-04 ch. 5 sec. 20.1; CY2022 PFS final rule)",
        "Use the recomputed modifiers, or correct the provider or minutes if they are wrong.",
    ),
    stable(
        "MIN008",
        Severity.WARNING,
        Element.TIMERS,
        "Timed codes billed from documented minutes, with no timers",
        "ptscribe bills from timers; minutes typed or dictated are less reliable evidence of "
        f"one-on-one time; {MANUAL}",
        "Confirm the minutes per service, or record the session with timers.",
    ),
    stable(
        "MIN009",
        Severity.WARNING,
        Element.TIMERS,
        "Documented minutes differ from the timers for a code",
        f"The claim is computed from the timers; the note should say the same; {MANUAL}",
        "Correct the minutes in the note or the timers so they agree.",
    ),
    stable(
        "MIN010",
        Severity.ERROR,
        Element.UNITS,
        "The claim cannot be recomputed from the note's minutes",
        "Units and modifiers must come from the billing engine, never from the draft",
        "Correct the minutes or timers named in the message.",
    ),
    # Retired: the billing engine reports it for `bill`, `draft` and `validate` alike.
    retired(
        stable(
            "MIN011",
            Severity.WARNING,
            Element.TIMERS,
            "Timer not on the date of service",
            "Each visit bills only the time furnished on its date of service",
            "Check the timer was recorded for this visit.",
        ),
        "BIL004",
    ),
)
