"""A corpus of seeded patient identifiers inside realistic dictations, and the masker's recall.

`generate(seed, n)` writes n dictations, each weaving a patient's identifiers, in written and
spoken forms, through ordinary therapy content; `HANDWRITTEN` adds dictations written by hand
with their identifiers marked ⟦like this⟧. Half the generated patients come with their values
in the context (as a clinic would pass them), half with the name only, so the patterns and
the de-identification library must find the rest on their own.

An identifier counts as masked when every letter and digit of it lies inside a placeholder;
a clinical number ("3x10", "110 degrees", "23 min") must not touch one. `python -m evals.phi`
prints recall per kind and the time per dictation.
"""

import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from assistant.domain.session import Patient
from assistant.drafting.masking import Masker

FIRST = (
    "Maria",
    "Jonathan",
    "Evelyn",
    "Desmond",
    "Priscilla",
    "Harold",
    "Yolanda",
    "Dmitri",
    "Francesca",
    "Leonard",
    "Agnes",
    "Mateo",
    "Winifred",
    "Tobias",
    "Consuelo",
    "Reginald",
)
LAST = (
    "Alvarez",
    "Pikeman",
    "Okonkwo",
    "Brandauer",
    "Fitzgerald",
    "Nakamura",
    "Castellano",
    "Whitcombe",
    "Delacroix",
    "Lindqvist",
    "Abernathy",
    "Szymanski",
    "Montgomery",
    "Quintero",
)
KIN_NAMES = ("Rosa", "Ellen", "Marcus", "Beatrice", "Gideon", "Lucinda", "Oswald", "Henrietta")
KIN = ("daughter", "son", "wife", "husband", "granddaughter", "neighbor", "caregiver", "sister")
STREETS = ("Elm Street", "Oak Avenue", "Maple Lane", "Birch Road", "Harbor Drive", "Cedar Court")
CITIES = (("Springfield", "IL"), ("Worcester", "MA"), ("Fresno", "CA"), ("Dayton", "OH"))
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
CLINICAL = re.compile(
    r"(?i)\b\d+(?:\.\d+)?\s*(?:x\s*\d+|sets?\b|reps?\b|seconds?\b|sec\b|min(?:utes)?\b|"
    r"degrees?\b|deg\b|lb\b|pounds?\b|ft\b|feet\b|/10\b|%)|\b97\d{3}\b"
)


@dataclass
class Seeded:
    kind: str
    start: int
    end: int


@dataclass
class PhiCase:
    text: str
    patient: Patient
    seeded: list[Seeded] = field(default_factory=list)
    day: date = date(2026, 3, 2)


def words_under_100(n: int) -> str:
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{ONES[ones]}" if ones else "")


def spoken_year(y: int) -> str:
    hi, lo = divmod(y, 100)
    if lo == 0:
        return f"{words_under_100(hi)} hundred"
    low = f"oh {ONES[lo]}" if lo < 10 else words_under_100(lo)
    return f"{words_under_100(hi)} {low}"


def spoken_day(d: int) -> str:
    if d <= 20:
        return ORDINALS[d - 1]
    tens, ones = divmod(d, 10)
    return f"{TENS[tens]}tieth" if not ones else f"{TENS[tens]}-{ORDINALS[ones - 1]}"


def spoken_digits(digits: str, rng: random.Random) -> str:
    zero = rng.choice(("zero", "oh"))
    return " ".join(zero if c == "0" else ONES[int(c)] for c in digits)


class _Writer:
    """Builds one dictation, recording where each identifier lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.seeded: list[Seeded] = []
        self.length = 0

    def say(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def phi(self, kind: str, text: str) -> None:
        self.seeded.append(Seeded(kind, self.length, self.length + len(text)))
        self.say(text)


def _dob_forms(dob: date, rng: random.Random) -> str:
    month = dob.strftime("%B")
    return rng.choice(
        (
            f"{dob.month:02d}/{dob.day:02d}/{dob.year}",
            f"{dob.month}-{dob.day}-{dob.year % 100:02d}",
            f"{dob.month:02d}{dob.day:02d}{dob.year}",
            f"{month} {dob.day}, {dob.year}",
            f"{month} {spoken_day(dob.day)}, {spoken_year(dob.year)}",
            f"the {spoken_day(dob.day)} of {month} {spoken_year(dob.year)}",
        )
    )


def _case(rng: random.Random) -> PhiCase:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    dob = date(rng.randint(1925, 1990), rng.randint(1, 12), rng.randint(1, 28))
    mrn = str(rng.randint(1_000_000, 9_999_999))
    area, mid, end = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
    house = rng.randint(11, 99)
    street = rng.choice(STREETS)
    city, state = rng.choice(CITIES)
    zipcode = f"{rng.randint(1000, 99999):05d}"
    full = rng.random() < 0.5
    patient = Patient(
        name=f"{first} {last}",
        date_of_birth=dob if full else None,
        mrn=mrn if full else "",
        phone=f"({area}) {mid}-{end:04d}" if full else "",
        address=f"{house} {street}, {city}, {state} {zipcode}" if full else "",
    )
    w = _Writer()
    w.say(rng.choice(("Okay, um, this is the daily note for ", "Daily note, patient ", "Pt ")))
    w.phi("PATIENT", rng.choice((f"{first} {last}", f"{last}, {first}")))
    w.say(", date of birth ")
    w.phi("DOB", _dob_forms(dob, rng))
    w.say(rng.choice((", MRN ", ", medical record number ", ", chart number ")))
    w.phi("MRN", rng.choice((mrn, f"{mrn[:3]} {mrn[3:]}", spoken_digits(mrn, rng))))
    w.say(". Seen for right knee OA. ")
    w.say(rng.choice(("Mrs. ", "Mr. ", "Patient ")))
    w.phi("PATIENT", rng.choice((last, last[:-1] + ("s" if last[-1] != "s" else "z"))))
    w.say(" says pain is 4/10 today. ")
    if rng.random() < 0.6:
        age = rng.randint(90, 104)
        w.say("He is a ")
        forms = [f"{age} year old", f"{age} y/o"]
        if age < 100:
            forms.append(f"{words_under_100(age)} year old")
        w.phi("AGE", rng.choice(forms))
        w.say(" who lives alone. ")
    kin, kin_name = rng.choice(KIN), rng.choice(KIN_NAMES)
    w.say(f"Her {kin} ")
    w.phi("PERSON", kin_name)
    w.say(" drove her in and asked us to call ")
    w.phi(
        "PHONE",
        rng.choice(
            (
                f"({area}) {mid}-{end:04d}",
                f"{area} {mid} {end:04d}",
                f"{area}.{mid}.{end:04d}",
                ", ".join(spoken_digits(g, rng) for g in (str(area), str(mid), f"{end:04d}")),
            )
        ),
    )
    w.say(". Ther ex 97110 x 23 min: bridges 3x10, straight leg raise 2 sets of 15 with 2 lb, ")
    w.say("quad sets 10 reps with 5 second hold. Knee flexion 110 degrees. ")
    w.say("Home address on file is ")
    spoken_house = rng.random() < 0.4
    w.phi("ADDRESS", f"{words_under_100(house) if spoken_house else house} {street}")
    w.say(", ")
    w.phi("LOCATION", city)
    w.say(f", {state} ")
    w.phi("ZIP", zipcode if rng.random() < 0.7 else spoken_digits(zipcode, rng))
    w.say(". ")
    if rng.random() < 0.5:
        ssn = f"{rng.randint(100, 665)}{rng.randint(10, 99)}{rng.randint(1000, 9999)}"
        w.say("Social security number ")
        w.phi("SSN", rng.choice((f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}", spoken_digits(ssn, rng))))
        w.say(" for the billing office. ")
    w.say("Gait 97116 x 10 min, 150 ft x 2 with rolling walker. Plan 2x/week.")
    return PhiCase("".join(w.parts), patient, w.seeded)


def generate(seed: int, n: int) -> list[PhiCase]:
    return [_case(random.Random(f"phi:{seed}:{i}")) for i in range(n)]


_MARK = re.compile(r"⟦([A-Z]+):(.+?)⟧")

# Written by hand: dictations as clinicians speak them, identifiers marked ⟦KIND:text⟧.
HANDWRITTEN: list[tuple[Patient, str]] = [
    (
        Patient(name="Jonathan Pike", date_of_birth=date(1958, 3, 14), mrn="4471902"),
        "Um, okay, note for Mister ⟦PATIENT:Jonathan Pike⟧, birthday is "
        "⟦DOB:March fourteenth, nineteen fifty-eight⟧, MRN ⟦MRN:four four seven one nine oh "
        "two⟧. His wife ⟦PERSON:Ellen⟧ says he fell twice this week, you can reach her at "
        "⟦PHONE:five five five, two one two, three four four nine⟧. We did sit to stands 3x8 "
        "and marching 2x20, gait 97116 x 15 min with the cane, 200 feet.",
    ),
    (
        Patient(name="Agnes Whitcombe"),
        "Patient ⟦PATIENT:Agnes Whitcomb⟧ is a ⟦AGE:ninety-six year old⟧ woman, lives at "
        "⟦ADDRESS:118 Birch Road⟧, ⟦LOCATION:Dayton⟧, OH ⟦ZIP:45402⟧, with her grandson "
        "⟦PERSON:Gideon⟧. Balance 97112 x 20 min, tandem stance 4 x 30 seconds. DOB "
        "⟦DOB:04/22/1929⟧.",
    ),
    (
        Patient(name="Mateo Quintero", mrn="QX-55102"),
        "Therapist: Mateo, what's your date of birth for the chart?\nPatient: "
        "⟦DOB:June third, nineteen eighty-one⟧.\nTherapist: And your phone?\nPatient: "
        "⟦PHONE:six one seven, five five five, zero one four two⟧.\nTherapist: Great. Chart "
        "⟦MRN:QX 55102⟧. Let's do rows with the red band, 3 sets of 12.",
    ),
    (
        Patient(name="Winifred Abernathy", date_of_birth=date(1931, 11, 2)),
        "Eval for ⟦PATIENT:Winnifred Abernathy⟧, DOB ⟦DOB:11021931⟧, ⟦AGE:94 y/o⟧. Social is "
        "⟦SSN:one two three, four five, six seven eight nine⟧. Her neighbor ⟦PERSON:Oswald "
        "Fenn⟧ helps with groceries. Knee flexion 95 degrees, pain 6/10. 97162.",
    ),
    (
        Patient(name="Desmond Okonkwo", phone="(508) 555-0199"),
        "⟦PATIENT:Desmond⟧ reports less pain, 3/10. Ther ex 97110 x 25 min: clamshells 3x15 "
        "green band, bridges 3x12. Call back number ⟦PHONE:508 555 0199⟧, zip code "
        "⟦ZIP:zero one one zero one⟧. Lives on ⟦ADDRESS:forty two Harbor Drive⟧.",
    ),
    (
        Patient(name="Priscilla Nakamura", date_of_birth=date(1944, 7, 9)),
        "Ms. ⟦PATIENT:Nakamura⟧, born ⟦DOB:July 9th, 1944⟧, e-mail "
        "⟦EMAIL:pnakamura44@example.net⟧. Her daughter, ⟦PERSON:Lucinda⟧, attended. UBE 8 min, "
        "wall slides 10 x 5 sec hold, 97530 x 15 min.",
    ),
]


# Written by hand after the patterns, with names and places where no pattern looks for them:
# what the de-identification library is there for (`measure(..., library=False)` misses them).
FREE_POSITIONS: list[tuple[Patient, str]] = [
    (
        Patient(name="Harold Brandauer"),
        "⟦PATIENT:Harold⟧ came in with ⟦PERSON:Beatrice Holloway⟧ today, she is staying with him "
        "after the surgery. He retired from the post office in ⟦LOCATION:Wichita⟧. Bridges 3x10, "
        "SLR 2x15 with 2 lb.",
    ),
    (
        Patient(name="Consuelo Castellano"),
        "Pt states ⟦PERSON:Father Michael Duarte⟧ from church drives her to therapy. She moved "
        "here from ⟦LOCATION:Albuquerque⟧ last spring. Ther ex 97110 x 20 min, 2 sets of 10.",
    ),
    (
        Patient(name="Tobias Lindqvist"),
        "Spoke with ⟦PERSON:Gretchen Albers⟧ at the group home about his transfers. "
        "⟦PATIENT:Tobias⟧ did sit to stand 3 x 5, gait 150 ft x 2 with rolling walker, "
        "97116 x 12 min.",
    ),
    (
        Patient(name="Yolanda Szymanski"),
        "According to ⟦PERSON:Dolores⟧, her roommate at ⟦LOCATION:Briarwood Manor⟧, she has been "
        "walking to the mailbox. Pain 2/10, hip flexion 100 degrees.",
    ),
    (
        Patient(name="Leonard Montgomery"),
        "Leonard was referred by ⟦PERSON:Anita Kowalski⟧, his case manager, after a fall at "
        "home in ⟦LOCATION:Scranton⟧. Tandem stance 3 x 20 seconds, 97112 x 15 min.",
    ),
]


def handwritten() -> list[PhiCase]:
    out = []
    for patient, marked in (*HANDWRITTEN, *FREE_POSITIONS):
        text, seeded, pos = [], [], 0
        last = 0
        for m in _MARK.finditer(marked):
            text.append(marked[last : m.start()])
            pos += m.start() - last
            seeded.append(Seeded(m.group(1), pos, pos + len(m.group(2))))
            text.append(m.group(2))
            pos += len(m.group(2))
            last = m.end()
        text.append(marked[last:])
        out.append(PhiCase("".join(text), patient, seeded))
    return out


def corpus(seed: int = 12, n: int = 30) -> list[PhiCase]:
    return generate(seed, n) + handwritten()


def _covered(text: str, span: Seeded, masks: list[tuple[int, int, str]]) -> bool:
    for i in range(span.start, span.end):
        if text[i].isalnum() and not any(a <= i < b for a, b, _ in masks):
            return False
    return True


@dataclass
class Recall:
    seeded: int = 0
    masked: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    leaks: list[str] = field(default_factory=list)
    clinical: int = 0
    clinical_masked: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.masked / self.seeded if self.seeded else 1.0


def measure(cases: list[PhiCase], library: bool = True) -> Recall:
    out = Recall()
    for case in cases:
        masker = Masker(case.patient, date_of_service=case.day, library=library)
        start = time.perf_counter()
        masks = masker.spans(case.text)
        out.seconds.append(time.perf_counter() - start)
        for span in case.seeded:
            ok = _covered(case.text, span, masks)
            out.seeded += 1
            out.masked += ok
            out.by_kind[span.kind][0] += 1
            out.by_kind[span.kind][1] += ok
            if not ok:
                out.leaks.append(f"{span.kind}: {case.text[span.start : span.end]!r}")
        for m in CLINICAL.finditer(case.text):
            if any(s.start < m.end() and m.start() < s.end for s in case.seeded):
                continue  # a ZIP code such as 97035 looks like a CPT code
            out.clinical += 1
            if any(a < m.end() and m.start() < b for a, b, _ in masks):
                out.clinical_masked.append(m.group(0))
    return out


def main() -> None:
    cases = corpus()
    Masker(library=True).spans("warm up")  # load the model before timing
    result = measure(cases)
    print(f"{result.seeded} seeded identifiers in {len(cases)} dictations")
    print(f"masked {result.masked} = {result.recall:.2%}")
    for kind, (n, ok) in sorted(result.by_kind.items()):
        print(f"  {kind:9} {ok}/{n}")
    print(f"clinical numbers {result.clinical}, masked {len(result.clinical_masked)}")
    for number in result.clinical_masked:
        print("  clinical number masked", repr(number))
    ms = [1000 * s for s in result.seconds]
    print(f"ms per dictation: median {statistics.median(ms):.1f}, max {max(ms):.1f}")
    for leak in result.leaks:
        print("  leak", leak)
    sys.exit(0)


if __name__ == "__main__":
    main()
