"""The extraction schema passes OpenAI's strict structured-output rules, checked through the
openai SDK's own strict conversion, so the first real json_schema call is not an HTTP 400.

The SDK converts a pydantic model with `to_strict_json_schema` (also what
`pydantic_function_tool` sends); langchain hands our model to that conversion in json_schema
mode. The rules checked are OpenAI's documented strict subset: the root is an object, every
object lists all its properties as required and forbids others, a `$ref` stands alone, and
no default, length, range, item-count or composition keyword appears (strict mode rejects
them, or cannot honour them).
"""

from typing import Any

import openai
import pytest
from openai.lib._pydantic import to_strict_json_schema
from pydantic import BaseModel, Field

from assistant.drafting.extraction import NoteExtraction
from assistant.drafting.llm import LLMDrafter
from assistant.errors import DrafterError
from assistant.settings import Settings
from tests.drafting.llm.conftest import GAIT_DICTATION, session
from tests.drafting.llm.local_server import Answer, local_server

FORBIDDEN = {
    "default", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "contains",
    "patternProperties", "propertyNames", "minProperties", "maxProperties", "oneOf", "allOf",
    "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
}  # fmt: skip
MAX_DEPTH = 10  # OpenAI's nesting limit for strict schemas
MAX_PROPERTIES = 5000


def strict_problems(schema: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    count = 0
    if schema.get("type") != "object":
        problems.append("root: not an object")

    def walk(node: Any, where: str, depth: int) -> None:
        nonlocal count
        if not isinstance(node, dict):
            return
        if depth > MAX_DEPTH:
            problems.append(f"{where}: nested deeper than {MAX_DEPTH}")
        for key in sorted(FORBIDDEN & set(node)):
            problems.append(f"{where}: '{key}' is not allowed")
        if "$ref" in node and set(node) - {"$ref"}:
            problems.append(f"{where}: $ref with sibling keys")
        if node.get("type") == "object" or "properties" in node:
            props = node.get("properties", {})
            count += len(props)
            if node.get("additionalProperties") is not False:
                problems.append(f"{where}: additionalProperties is not false")
            if sorted(node.get("required", [])) != sorted(props):
                problems.append(f"{where}: not every property is required")
            for name, child in props.items():
                walk(child, f"{where}.{name}", depth + 1)
        if "items" in node:
            walk(node["items"], f"{where}[]", depth + 1)
        for i, variant in enumerate(node.get("anyOf", [])):
            walk(variant, f"{where}|{i}", depth)
        for name, child in node.get("$defs", {}).items():
            walk(child, f"$defs.{name}", 1)
        if "enum" in node and not node["enum"]:
            problems.append(f"{where}: empty enum")

    walk(schema, "root", 0)
    if count > MAX_PROPERTIES:
        problems.append(f"{count} properties, more than {MAX_PROPERTIES}")
    return problems


def test_the_sdk_strict_conversion_changes_nothing() -> None:
    # What we validate answers against is exactly what OpenAI is sent.
    assert to_strict_json_schema(NoteExtraction) == NoteExtraction.model_json_schema()


def test_the_schema_meets_the_strict_rules() -> None:
    assert strict_problems(to_strict_json_schema(NoteExtraction)) == []
    tool = openai.pydantic_function_tool(NoteExtraction)
    assert tool["function"]["strict"] is True
    assert strict_problems(dict(tool["function"]["parameters"])) == []


def test_the_schema_carries_diagnoses() -> None:
    schema = to_strict_json_schema(NoteExtraction)
    diagnosis = schema["$defs"]["ExtractedDiagnosis"]
    assert schema["properties"]["diagnoses"]["items"] == {"$ref": "#/$defs/ExtractedDiagnosis"}
    assert sorted(diagnosis["required"]) == ["code", "description", "quote"]


def test_the_checker_catches_what_openai_rejects() -> None:
    class Loose(BaseModel):
        name: str = Field(default="x", max_length=3)
        tags: list[str] = Field(min_length=1)

    problems = strict_problems(to_strict_json_schema(Loose))
    assert "root.name: 'default' is not allowed" in problems
    assert "root.name: 'maxLength' is not allowed" in problems
    assert "root.tags: 'minItems' is not allowed" in problems


def test_the_request_langchain_sends_in_json_schema_mode_is_strict() -> None:
    seen: list[dict[str, Any]] = []

    def respond(body: dict[str, Any]) -> Answer:
        seen.append(body)
        return 500, {"error": {"message": "captured"}}, 0.0

    with local_server(respond) as url:
        settings = Settings(
            openai_base_url=url,
            openai_api_key="local",
            model="local-test",
            llm_method="json_schema",
            llm_max_retries=0,
        )
        # The server's 500 ends the call once the request is captured.
        with pytest.raises(DrafterError, match="HTTP 500"):
            LLMDrafter(settings).draft(session(GAIT_DICTATION))
    sent = seen[0]["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["strict"] is True
    assert strict_problems(sent["json_schema"]["schema"]) == []
    assert sent["json_schema"]["schema"] == to_strict_json_schema(NoteExtraction)
