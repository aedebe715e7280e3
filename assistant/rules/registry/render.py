"""The registry as rows (`ptscribe rules`) and as docs/rules.md.

CI regenerates the Markdown and compares it with the checked-in file
(`ptscribe rules --format markdown > docs/rules.md`, or `make docs`).
"""

from typing import Any

from assistant.rules.registry.spec import Registry, RuleSpec


def row(spec: RuleSpec, registry: Registry) -> dict[str, Any]:
    return {
        "rule": spec.rule,
        "severity": str(spec.severity),
        "element": str(spec.element) if spec.element is not None else None,
        "description": spec.description,
        "rationale": spec.rationale,
        "hint": spec.hint,
        "status": str(spec.status),
        "replaced_by": spec.replaced_by,
        "emitted_by": registry.area(spec.rule).emitter,
    }


def lineage(registry: Registry, rule: str) -> list[dict[str, Any]]:
    """The rows for one id: itself and, for a retired id, each successor up to the stable
    one (so an old review's id still leads to today's check). Raises UnknownRuleError."""
    spec = registry.spec(rule)
    out = [row(spec, registry)]
    while spec.replaced_by is not None:
        spec = registry.spec(spec.replaced_by)
        out.append(row(spec, registry))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(registry: Registry) -> str:
    out = [
        "# Rule catalog",
        "",
        "Generated from the rule registry (`assistant/rules/registry/`); do not edit by hand. "
        "Regenerate with `make docs` (`ptscribe rules --format markdown > docs/rules.md`).",
        "",
        "Severity: **error** blocks signing; **warning** needs acknowledgement or an override "
        "with a reason; **info** is for the record.",
        "",
        "Status: **stable** ids are emitted today and keep their meaning; a **retired** id is "
        "no longer emitted and names the id that replaced it. Ids are never reused.",
    ]
    for area in registry.areas:
        specs = [s for s in registry if s.prefix == area.prefix]
        if not specs:
            continue
        out += [
            "",
            f"## {area.title}",
            "",
            f"Emitted by the {area.emitter}.",
            "",
            "| id | severity | element | description | rationale | fix hint | status |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| {s.rule} | {s.severity} | {s.element or ''} | {_cell(s.description)} "
            f"| {_cell(s.rationale)} | {_cell(s.hint)} | {s.status_text} |"
            for s in specs
        ]
    return "\n".join(out) + "\n"
