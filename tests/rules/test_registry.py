"""The rule registry: its invariants, finding construction, and scans of the source tree that
fail when code emits an id the registry lacks or builds a finding around it."""

import ast
from pathlib import Path

import pytest

from assistant.domain.findings import Element, Severity
from assistant.rules.registry import REGISTRY, RetiredRuleError, Status, UnknownRuleError
from assistant.rules.registry.spec import ID_PATTERN, Area, Registry, retired, stable

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "assistant"
REGISTRY_DIR = PACKAGE / "rules" / "registry"
AREAS = (Area("XX", "Test", "tests"), Area("YY", "Other", "tests"))


def spec(rule: str = "XX001", **changes: object):
    fields: dict[str, object] = {
        "rule": rule,
        "severity": Severity.WARNING,
        "element": Element.UNITS,
        "description": "d",
        "rationale": "r",
        "hint": "h",
    }
    fields.update(changes)
    return stable(**fields)  # type: ignore[arg-type]


def test_finding_takes_severity_element_and_hint_from_the_declaration():
    reg = Registry(AREAS, [spec(severity=Severity.ERROR, element=Element.TIMERS, hint="fix")])
    found = reg.finding("XX001", "message", "a.b")
    assert (found.rule, found.severity, found.element) == ("XX001", Severity.ERROR, Element.TIMERS)
    assert (found.message, found.path, found.hint) == ("message", "a.b", "fix")
    assert reg.finding("XX001", "m", hint="a more specific fix").hint == "a more specific fix"


def test_an_undeclared_id_raises():
    with pytest.raises(UnknownRuleError, match="XX002 is not declared"):
        Registry(AREAS, [spec()]).finding("XX002", "m")
    with pytest.raises(UnknownRuleError):
        REGISTRY.finding("BIL999", "m")


def test_a_retired_id_cannot_be_emitted_and_redirects_to_its_successor():
    old, new, newest = spec("XX001"), spec("XX002"), spec("XX003")
    reg = Registry(AREAS, [retired(old, "XX002"), retired(new, "XX003"), newest])
    with pytest.raises(RetiredRuleError, match="XX001 is retired; emit XX002"):
        reg.finding("XX001", "m")
    assert reg.resolve("XX001").rule == "XX003"
    assert reg.spec("XX001").status is Status.RETIRED
    assert reg.spec("XX001").status_text == "retired: use XX002"


@pytest.mark.parametrize(
    ("specs", "error"),
    [
        ([spec(), spec()], "declared twice"),
        ([spec("X001")], "two to four letters"),
        ([spec("ZZ001")], "no area for prefix ZZ"),
        ([spec(hint="")], "needs a description, rationale and hint"),
        ([retired(spec(), "XX009")], "XX009 is not declared"),
        ([retired(spec("XX001"), "XX002"), retired(spec("XX002"), "XX001")], "in a circle"),
    ],
    ids=["duplicate", "malformed", "no-area", "no-hint", "dangling", "circle"],
)
def test_a_bad_declaration_is_refused(specs, error):
    with pytest.raises((ValueError, KeyError), match=error):
        Registry(AREAS, specs)


def test_registry_is_listed_by_area_then_id():
    reg = Registry(AREAS, [spec("YY001"), spec("XX002"), spec("XX001")])
    assert [s.rule for s in reg] == ["XX001", "XX002", "YY001"]


def test_every_declared_id_has_its_texts_and_a_known_area():
    assert len(REGISTRY) >= 80
    for s in REGISTRY:
        assert s.description, s.rule
        assert s.rationale, s.rule
        assert s.hint, s.rule
        assert REGISTRY.area(s.rule).prefix == s.prefix


# Where ids are emitted or expected: the package, the evals that expect seeded defects to be
# found, and the server packages once they exist.
SOURCES = ("assistant", "evals", "api", "web")


def _python_files(exclude: Path | None = None) -> list[Path]:
    files = [p for root in SOURCES for p in (ROOT / root).rglob("*.py")]
    return [p for p in files if exclude is None or exclude not in p.parents]


def _id_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ID_PATTERN.fullmatch(node.value)
    ]


def test_every_id_literal_in_the_code_is_declared_and_stable():
    # Whatever builds the finding, an id written in the code must be one the registry
    # declares as emittable: this catches a new id before any test reaches its code path,
    # and an eval still expecting an id that was retired.
    bad = []
    for path in _python_files(exclude=REGISTRY_DIR):
        for line, literal in _id_literals(path):
            if literal not in REGISTRY or REGISTRY.spec(literal).status is not Status.STABLE:
                bad.append(f"{path.relative_to(ROOT)}:{line}: {literal}")
    assert bad == []


def test_the_scan_sees_ids_however_they_are_written():
    # Guards the scan above: it must find the ids the emitters use today.
    found = {
        literal for path in _python_files(exclude=REGISTRY_DIR) for _, literal in _id_literals(path)
    }
    assert {"BIL001", "BIL020", "DR001", "DRF010", "DRF022", "PL002", "PL004", "TE001"} <= found
    assert "AU001" in found  # evals/truth.py's expected defects


def _builds_a_finding(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name) and func.id == "Finding":
        return True
    # A builder handed the class, e.g. trusted(Finding, {...}) or partial(Finding, ...).
    first = node.args[0] if node.args else None
    if isinstance(first, ast.Name) and first.id == "Finding":
        return not (isinstance(func, ast.Name) and func.id in ("cast", "isinstance"))
    if isinstance(func, ast.Attribute) and func.attr == "model_construct":
        return isinstance(func.value, ast.Name) and func.value.id == "Finding"
    if isinstance(func, ast.Attribute) and func.attr == "model_copy":
        # Moving a finding (a new path) is fine; changing what it is is not.
        for kw in node.keywords:
            if kw.arg == "update" and isinstance(kw.value, ast.Dict):
                keys = {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
                if keys & {"rule", "severity", "element"}:
                    return True
    return False


def test_findings_are_built_only_through_the_registry():
    bad = []
    for path in _python_files(exclude=REGISTRY_DIR):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if _builds_a_finding(node)
        ]
    assert bad == []


def test_the_construction_scan_catches_direct_construction():
    samples = [
        'Finding(rule="BIL001", severity=s, message="m")',
        'Finding.model_construct(rule="X")',
        'f.model_copy(update={"severity": s})',
        'trusted(Finding, {"rule": "X"})',
    ]
    assert all(_builds_a_finding(ast.parse(s).body[0].value) for s in samples)  # type: ignore[attr-defined]
    assert not _builds_a_finding(ast.parse('f.model_copy(update={"path": p})').body[0].value)  # type: ignore[attr-defined]


LEDGER = Path(__file__).with_name("rule_ids.txt")


def _ledger() -> dict[str, str]:
    out = {}
    for line in LEDGER.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rule, description = line.split("\t", 1)
            out[rule] = description
    return out


def test_no_id_is_ever_deleted():
    # Saved reviews and acknowledgements name ids: an id no longer emitted is retired, with
    # its successor, never removed.
    assert sorted(set(_ledger()) - {s.rule for s in REGISTRY}) == []


def test_an_id_keeps_its_meaning():
    # Two engineers picking the same free number, or an id reused for a new check, shows
    # here as a changed description. New ids are appended to rule_ids.txt.
    ledger = _ledger()
    missing = [f"{s.rule}\t{s.description}" for s in REGISTRY if s.rule not in ledger]
    assert missing == [], "append these lines to tests/rules/rule_ids.txt"
    changed = [s.rule for s in REGISTRY if ledger[s.rule] != s.description]
    assert changed == [], "declare a new id instead of changing what an id means"


def test_lineage_lists_a_retired_id_then_each_successor():
    from assistant.rules.registry.render import lineage

    reg = Registry(
        AREAS, [retired(spec("XX001"), "XX002"), retired(spec("XX002"), "YY001"), spec("YY001")]
    )
    assert [r["rule"] for r in lineage(reg, "XX001")] == ["XX001", "XX002", "YY001"]
    assert [r["status"] for r in lineage(reg, "YY001")] == ["stable"]
    with pytest.raises(UnknownRuleError):
        lineage(reg, "XX009")
