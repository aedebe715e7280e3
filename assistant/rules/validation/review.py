"""One validation run's inputs and shared, lazily computed facts (claim, goal ids, sides).

Rules read from a Review instead of recomputing: the billing engine runs once per note.
"""

from collections.abc import Iterator
from functools import cached_property

from assistant.domain.billing import Payer
from assistant.domain.context import (
    PlanOfCare,
    VisitContext,
    billing_payer,
    requires_assistant_cosign,
)
from assistant.domain.findings import Finding
from assistant.domain.note import Exercise, Fact, Intervention, Note, Side
from assistant.domain.suggestion import CodeSystem, CodingSuggestion
from assistant.rules import tables
from assistant.rules.billing.ncci import NcciTable
from assistant.rules.claim import Claim, CodeDiff, claim_for, compare
from assistant.rules.fees import FeeSchedule
from assistant.rules.tables import CodeInfo
from assistant.rules.validation.icd import IcdCodeSet
from assistant.rules.validation.keywords import normalise

# Billing paths name the engine's Visit; rename them to the note's fields.
_PATH_RENAMES = (("segments[", "timer_segments["), ("lines[", "recomputed_claim.lines["))


class Review:
    def __init__(
        self,
        note: Note,
        context: VisitContext | None,
        ncci: NcciTable | None = None,
        fees: FeeSchedule | None = None,
        *,
        icd: IcdCodeSet,
        claim: Claim | None = None,
    ) -> None:
        if claim is not None:  # the caller's claim_for of these inputs stands for `claim`
            self.__dict__["claim"] = claim
        self.note = note
        self.context = context
        self.ncci = ncci
        self.fees = fees
        self.icd = icd
        self.payer: Payer = billing_payer(context, note.payer)
        self.requires_cosign = requires_assistant_cosign(context)
        self.catalog: dict[str, CodeInfo] = tables.catalog()

    @property
    def plan_of_care(self) -> PlanOfCare | None:
        return self.context.plan_of_care if self.context else None

    @cached_property
    def claim(self) -> Claim:
        return claim_for(self.note, self.context, self.ncci, self.fees)

    @cached_property
    def suggestions(self) -> list[CodingSuggestion]:
        """ICD-10-CM and CPT suggestions; from the note and the code set only, never a fee."""
        # Imported here: the suggesters use validation's keyword tables, and this module is
        # loaded while the validation package itself is still being imported.
        from assistant.rules.suggest import suggest

        return suggest(self.note, self.icd)

    def suggested(self, system: CodeSystem) -> list[CodingSuggestion]:
        return [s for s in self.suggestions if s.system is system]

    @cached_property
    def recoded(self) -> frozenset[int]:
        """Interventions a CPT suggestion is about: the code-support warnings say no more."""
        out = set()
        for s in self.suggested(CodeSystem.CPT):
            out.add(int(s.path.removeprefix("interventions[").split("]")[0]))
        return frozenset(out)

    @cached_property
    def claim_diffs(self) -> list[CodeDiff]:
        result = self.claim.result
        return compare(self.note.claim_lines, result) if result is not None else []

    def billing_findings(self) -> list[Finding]:
        result = self.claim.result
        if result is None:
            return []
        out = []
        for finding in result.findings:
            path = finding.path
            for old, new in _PATH_RENAMES:
                if path.startswith(old):
                    path = new + path.removeprefix(old)
            out.append(
                finding.model_copy(update={"path": path}) if path != finding.path else finding
            )
        return out

    def coded(self, *codes: str) -> Iterator[tuple[int, Intervention]]:
        for index, iv in enumerate(self.note.interventions):
            if iv.code in codes:
                yield index, iv

    def exercises(self) -> Iterator[tuple[str, Exercise]]:
        for i, iv in enumerate(self.note.interventions):
            for j, ex in enumerate(iv.exercises):
                yield f"interventions[{i}].exercises[{j}]", ex

    def is_timed(self, code: str | None) -> bool:
        info = self.catalog.get(code or "")
        return info is not None and info.timed

    @cached_property
    def plain_text(self) -> str:
        """What the clinician said and what the draft says, normalised as the phrase tables
        are (keywords.normalise): several rules search it, and it is built once."""
        return normalise("\n".join((self.note.source_text, self.note.soap_text)))

    @cached_property
    def goal_ids(self) -> frozenset[str]:
        ids = {goal.id for goal in self.note.goals}
        if self.plan_of_care:
            ids.update(goal.id for goal in self.plan_of_care.goals)
        return frozenset(ids)

    @cached_property
    def timer_codes(self) -> frozenset[str]:
        return frozenset(seg.code for seg in self.note.timer_segments)

    @cached_property
    def documented_sides(self) -> frozenset[Side]:
        sides = {ex.side for _, ex in self.exercises()}
        sides.update(m.side for m in self.note.measures)
        return frozenset(s for s in sides if s is not None and s is not Side.MIDLINE)

    @cached_property
    def facts(self) -> list[tuple[str, str, Fact]]:
        """Every fact that needs evidence: (path, label for messages, fact)."""
        note = self.note
        out: list[tuple[str, str, Fact]] = []
        out += [(f"diagnoses[{i}]", f"diagnosis {d.code}", d) for i, d in enumerate(note.diagnoses)]
        out += [(f"goals[{i}]", f"goal {g.id}", g) for i, g in enumerate(note.goals)]
        out += [(f"measures[{i}]", f"measure '{m.name}'", m) for i, m in enumerate(note.measures)]
        for i, iv in enumerate(note.interventions):
            label = iv.code or iv.category.replace("_", " ")
            out.append((f"interventions[{i}]", f"intervention {label}", iv))
            out += [
                (f"interventions[{i}].exercises[{j}]", f"exercise '{ex.name}'", ex)
                for j, ex in enumerate(iv.exercises)
            ]
        if note.medical_necessity and note.medical_necessity.text.strip():
            out.append(("medical_necessity", "medical-necessity statement", note.medical_necessity))
        return out
