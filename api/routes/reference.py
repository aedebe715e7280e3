"""Reference routes: the stateless `POST /bill`, the rule registry, the public JSON Schemas."""

from typing import Annotated, Any

from fastapi import Path

from api.body import json_body
from api.deps import CurrentUser, DatabaseDep
from api.errors import error_responses
from api.onehop import router as one_hop_router
from api.schemas import PREFIX, RuleOut, SchemaName
from assistant.domain.billing import BillResult, Visit
from assistant.services import access, billing, catalog
from assistant.services.access import Action

router = one_hop_router(prefix=PREFIX, tags=["reference"])
VISIT_EXAMPLE = {
    "date_of_service": "2025-06-02",
    "discipline": "PT",
    "payer": {"name": "Medicare", "unit_rule": "cms", "distinct_modifier": "59"},
    "ytd_allowed": 0.0,
    "services": [{"code": "97110", "minutes": 33, "assistant_minutes": 0}],
    "segments": [
        {
            "code": "97140",
            "start": "2025-06-02T09:33:00",
            "end": "2025-06-02T09:40:00",
            "provider": "PT",
        }
    ],
}


@router.post("/bill", response_model=BillResult, responses=error_responses(401, 403, 413, 422))
def bill(
    user: CurrentUser,
    db: DatabaseDep,
    visit: Annotated[Visit, json_body(Visit, "visit", VISIT_EXAMPLE)],
) -> BillResult:
    """One visit in, the claim out: the contract of `ptscribe bill` (nothing is stored)."""
    access.require(user, Action.READ_REFERENCE)
    # The app's own database holds the imported NCCI edits and fees the lifecycle bills
    # with; without it the call would open the environment's database instead.
    return billing.bill_visit(visit, db)


@router.get("/rules", response_model=list[RuleOut], responses=error_responses(401, 403))
def rules(user: CurrentUser) -> list[dict[str, Any]]:
    """Every rule id ptscribe can emit: severity, element, description, rationale, hint."""
    access.require(user, Action.READ_REFERENCE)
    return catalog.rules()


@router.get(
    "/rules/{rule_id}",
    response_model=list[RuleOut],
    responses=error_responses(401, 403, 404, 422),
)
def rule(
    user: CurrentUser, rule_id: Annotated[str, Path(min_length=1, max_length=16)]
) -> list[dict[str, Any]]:
    """One id; a retired id is followed by the ids that replaced it."""
    access.require(user, Action.READ_REFERENCE)
    return catalog.rule_lineage(rule_id)


@router.get(
    "/schemas/{name}",
    response_model=dict[str, Any],
    responses=error_responses(401, 403, 422),
)
def schema(user: CurrentUser, name: SchemaName) -> dict[str, Any]:
    """The JSON Schema of a public document: note, context, visit (bill input) or claim."""
    access.require(user, Action.READ_REFERENCE)
    return catalog.document_schema(name)
