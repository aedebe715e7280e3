"""Coding suggestions: codes the documented words point to, ranked, with the words' place.

ptscribe suggests, it never codes on its own: each suggestion carries the words that led to
it (evidence spans into source_text), its candidates best first with a reason each, and the
question to ask when the words do not say enough to choose (a side, an ICD-10-CM 7th
character). Suggestions never read a fee: the same documentation gets the same suggestions
whatever a code pays.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.domain.note import Span


class CodeSystem(StrEnum):
    ICD10CM = "ICD-10-CM"
    CPT = "CPT"


class Candidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    description: str
    reason: str = ""


class CodingSuggestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    system: CodeSystem
    words: str  # the documented words the suggestion comes from
    evidence: list[Span]
    path: str  # where in the note the code would go: "diagnoses", "interventions[2].code"
    candidates: list[Candidate]  # best first; with a question, one per possible answer
    question: str = ""  # what the clinician must say before a code can be chosen
