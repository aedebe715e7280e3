"""Every stable rule id keeps a firing and a quiet table row.

Each module in TABLES holds `CASES`, a list of pytest params whose first value is the rule
id and whose last is the path the finding must appear at, or None where the rule must stay
silent. An id with no row of either kind fails here, so a new id cannot land untested.
Retired ids are exempt: nothing emits them.
"""

from types import ModuleType

from assistant.rules.registry import REGISTRY, Status
from tests.drafting.llm import test_rule_rows as llm_rows
from tests.drafting.offline import test_rule_rows as offline_rows
from tests.rules.billing import test_rule_rows as billing_rows
from tests.rules.validation import (
    test_audit,
    test_clinician,
    test_codes,
    test_diagnosis,
    test_evidence,
    test_exercise,
    test_minutes,
    test_necessity,
    test_plan,
    test_vague,
)
from tests.services import test_rule_rows as pipeline_rows

TABLES: tuple[ModuleType, ...] = (
    test_exercise,
    test_codes,
    test_minutes,
    test_diagnosis,
    test_clinician,
    test_plan,
    test_necessity,
    test_audit,
    test_evidence,
    test_vague,
    billing_rows,
    offline_rows,
    llm_rows,
    pipeline_rows,
)


def _rows() -> list[tuple[str, bool]]:
    """(rule id, whether the row expects it to fire) for every row of every table."""
    return [(p.values[0], p.values[-1] is not None) for t in TABLES for p in t.CASES]


def test_every_stable_id_has_a_firing_and_a_quiet_row():
    rows = _rows()
    stable = {s.rule for s in REGISTRY if s.status is Status.STABLE}
    firing = {rule for rule, fires in rows if fires}
    quiet = {rule for rule, fires in rows if not fires}
    assert sorted(stable - firing) == [], "ids without a row where they fire"
    assert sorted(stable - quiet) == [], "ids without a row where they stay quiet"


def test_rows_name_only_ids_that_can_be_emitted():
    for rule, _ in _rows():
        assert REGISTRY.active(rule).rule == rule  # raises on an undeclared or retired id
