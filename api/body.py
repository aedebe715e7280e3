"""Request bodies parsed strictly from the JSON text, as the command line parses its files.

FastAPI validates a body in pydantic's lax mode (after `json.loads`), where "33" passes as a
number of minutes and an integer as a date. The routes' contract is the CLI's: strict JSON.
`json_body(Model)` keeps FastAPI's validation (and with it the OpenAPI request schema and
its 422 with field locations) and then re-reads the same bytes strictly through the one
input parser in assistant/services/inputs.py.
"""

from typing import Annotated, Any, TypeVar

from fastapi import Body, Depends, Request
from pydantic import BaseModel

from assistant.services.inputs import decode, parse_json

M = TypeVar("M", bound=BaseModel)


def json_body(model: type[M], what: str, example: dict[str, Any] | None = None) -> Any:
    """A dependency marker: `payload: Annotated[Model, json_body(Model, "what")]`; `example`
    for a model that carries none in its own schema."""
    examples = [example] if example is not None else None

    async def parse(
        request: Request,
        body: Annotated[model, Body(examples=examples)],  # type: ignore[valid-type]
    ) -> M:
        # Starlette caches the body, so this is the exact text FastAPI already parsed.
        text = decode(await request.body(), "the request body")
        return parse_json(model, text, "the request body", what)

    return Depends(parse)
