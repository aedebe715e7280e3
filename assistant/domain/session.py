"""What a drafter is handed: the therapist's own words plus what the clinic already knows.

The input text is kept byte-for-byte (after UTF-8 decoding): every evidence span in the
draft is an offset into it.
"""

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.domain.billing import Discipline, Payer, TimerList
from assistant.domain.context import VisitContext, billing_payer
from assistant.domain.limits import CalendarDate
from assistant.domain.note import Clinician, NoteType

MAX_INPUT_CHARS = 100_000


class Patient(BaseModel):
    """Identifiers used only to mask them before text leaves the process."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=200)
    date_of_birth: CalendarDate | None = None
    mrn: str = Field(default="", max_length=64)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)


class DraftContext(VisitContext):
    """A visit context plus the facts a drafter cannot read from the dictation."""

    date_of_service: CalendarDate | None = None
    discipline: Discipline | None = None
    note_type: NoteType | None = None
    clinician: Clinician | None = None
    patient: Patient | None = None


class SessionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_INPUT_CHARS)
    date_of_service: CalendarDate
    discipline: Discipline = Discipline.PT
    note_type: NoteType = NoteType.DAILY
    clinician: Clinician | None = None
    timers: TimerList = Field(default_factory=list)
    context: DraftContext | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the input holds only whitespace")
        return value

    def resolved_clinician(self) -> Clinician:
        """The session's clinician, else the context's, else an unnamed therapist of the
        discipline (the validator then asks for the name and credentials)."""
        found = self.clinician or (self.context.clinician if self.context else None)
        return found or Clinician(role=self.discipline.therapist)

    def resolved_payer(self) -> Payer:
        """The clinic's payer settings as a plain Payer (the note records no clinic policy)."""
        return billing_payer(self.context)
