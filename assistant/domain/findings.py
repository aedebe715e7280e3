"""Findings are how every rule, billing or documentation, reports a problem."""

from pydantic import BaseModel, ConfigDict

from assistant.domain.enums import ValueEnum


class Severity(ValueEnum):
    ERROR = "error"  # blocks signing
    WARNING = "warning"  # must be acknowledged or overridden with a reason
    INFO = "info"


class Element(ValueEnum):
    """The documentation element a finding is about (the validator's vocabulary)."""

    EXERCISES = "exercises"
    PARAMETERS = "parameters"
    BODY_REGION = "body_region"
    PURPOSE = "purpose"
    GOAL_LINK = "goal_link"
    SKILLED_NEED = "skilled_need"
    RESPONSE = "response"
    PROGRESSION = "progression"
    TIMED_MINUTES = "timed_minutes"
    TOTAL_TIME = "total_time"
    UNITS = "units"
    MODIFIERS = "modifiers"
    TIMERS = "timers"
    DIAGNOSIS = "diagnosis"
    CLINICIAN = "clinician"
    PLAN_OF_CARE = "plan_of_care"
    PROGRESS_REPORT = "progress_report"
    CLONED_TEXT = "cloned_text"
    EVIDENCE = "evidence"
    MEDICAL_NECESSITY = "medical_necessity"
    CODE_SUPPORT = "code_support"


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str
    path: str = ""
    element: Element | None = None
    hint: str = ""
