"""Patients and their plans of care, always within the caller's clinic."""

from typing import Annotated

from fastapi import Path, Query

from api.body import json_body
from api.deps import CurrentUser, DatabaseDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX, PatientIn, PatientOut, PlanIn, PlanOut
from assistant.services import access, people
from assistant.services.access import Action

router = one_hop_router(prefix=PREFIX, tags=["patients"])
PatientId = Annotated[int, Path(ge=1, description="The patient's id")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/patients", response_model=list[PatientOut], responses=error_responses(401, 403, 422))
def list_patients(
    user: CurrentUser, db: DatabaseDep, limit: Limit = 100, offset: Offset = 0
) -> list[PatientOut]:
    """The clinic's patients, oldest first."""
    access.require(user, Action.READ_PATIENT)
    found = people.patients(db, clinic_id=user.clinic_id, limit=limit, offset=offset)
    return [PatientOut.of(p) for p in found]


@router.post(
    "/patients",
    status_code=201,
    response_model=PatientOut,
    responses=error_responses(401, 403, 409, 413, 422),
)
def add_patient(
    user: CurrentUser,
    db: DatabaseDep,
    payload: Annotated[PatientIn, json_body(PatientIn, "patient")],
) -> PatientOut:
    """Register a patient with their payer and the therapy spend carried in."""
    access.require(user, Action.WRITE_PATIENT)
    found = people.add_patient(
        db,
        name=payload.name,
        date_of_birth=payload.date_of_birth,
        mrn=payload.mrn,
        payer=payload.payer,
        carried_in=payload.ytd_allowed,
        carried_in_ot=payload.ytd_allowed_ot,
        carried_in_year=payload.ytd_year,
        actor=user.email,
        clinic_id=user.clinic_id,
    )
    return PatientOut.of(found)


@router.get(
    "/patients/{patient_id}",
    response_model=PatientOut,
    responses=error_responses(401, 403, 404, 422),
)
def get_patient(user: CurrentUser, db: DatabaseDep, patient_id: PatientId) -> PatientOut:
    """One patient of the clinic (another clinic's is not found)."""
    access.require(user, Action.READ_PATIENT)
    return PatientOut.of(people.patient(db, patient_id, clinic_id=user.clinic_id))


@router.get(
    "/patients/{patient_id}/plans",
    response_model=list[PlanOut],
    responses=error_responses(401, 403, 404, 422),
)
def list_plans(user: CurrentUser, db: DatabaseDep, patient_id: PatientId) -> list[PlanOut]:
    """The patient's plans of care (episodes), oldest first."""
    access.require(user, Action.READ_PATIENT)
    return [PlanOut.of(p) for p in people.plans(db, patient_id, clinic_id=user.clinic_id)]


@router.post(
    "/patients/{patient_id}/plans",
    status_code=201,
    response_model=PlanOut,
    responses=error_responses(401, 403, 404, 413, 422),
)
def add_plan(
    user: CurrentUser,
    db: DatabaseDep,
    patient_id: PatientId,
    payload: Annotated[PlanIn, json_body(PlanIn, "plan of care")],
) -> PlanOut:
    """Add a plan of care (an episode) for the patient."""
    access.require(user, Action.WRITE_PATIENT)
    found = people.add_plan(
        db,
        patient_id=patient_id,
        clinic_id=user.clinic_id,
        first_treatment=payload.first_treatment,
        certified_through=payload.certified_through,
        goals=payload.goals,
        frequency=payload.frequency,
        requires_cosign=payload.cosign_assistants,
        actor=user.email,
    )
    return PlanOut.of(found)
