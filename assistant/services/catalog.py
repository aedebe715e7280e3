"""The public catalog: every rule id and the JSON Schema of each public document.

`ptscribe rules`, `ptscribe schema` and the API's `/rules` and `/schemas` read the same
rows, so a client and the command line can never describe the rules differently.
"""

from typing import Any

from pydantic import BaseModel

from assistant.domain.billing import BillResult, Visit
from assistant.domain.note import Note
from assistant.domain.session import DraftContext
from assistant.errors import InputError, NotFoundError
from assistant.rules.registry import REGISTRY, UnknownRuleError
from assistant.rules.registry.render import lineage, row

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DOCUMENTS: dict[str, type[BaseModel]] = {
    "note": Note,
    # The one context file both `draft --context` and `validate --context` read.
    "context": DraftContext,
    "visit": Visit,  # `bill` input
    "claim": BillResult,  # `bill` output
}


def rules(rule: str | None = None) -> list[dict[str, Any]]:
    """Every id in report order, or one id with its successors when it was retired."""
    if rule is None:
        return [row(spec, REGISTRY) for spec in REGISTRY]
    return rule_lineage(rule)


def rule_lineage(rule: str) -> list[dict[str, Any]]:
    """One id and, when it was retired, each id that replaced it (NotFoundError: unknown)."""
    try:
        return lineage(REGISTRY, rule.strip().upper())
    except UnknownRuleError:
        raise NotFoundError(f"unknown rule id {rule!r}: `ptscribe rules` lists them") from None


def document_schema(name: str) -> dict[str, Any]:
    model = DOCUMENTS.get(name)
    if model is None:
        raise InputError(f"unknown document {name!r}: use one of {', '.join(DOCUMENTS)}")
    return {"$schema": SCHEMA_DIALECT, **model.model_json_schema()}
