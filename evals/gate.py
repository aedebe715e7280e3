"""Compare a run's metrics with the committed thresholds in evals/thresholds.toml.

Each backend has a `min` table (figures that must not drop below) and a `max` table (rates
that must not rise above). Keys are dotted paths into metrics.json, e.g.
`by_style.shorthand.overall.f1`.
"""

import tomllib
from pathlib import Path
from typing import Any

THRESHOLDS = Path(__file__).with_name("thresholds.toml")


def load(path: Path = THRESHOLDS) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def lookup(metrics: dict[str, Any], dotted: str) -> float | None:
    """Follow a dotted path; a key may itself hold dots (field names like `exercise.load`)."""
    parts = dotted.split(".")
    node: Any = metrics
    i = 0
    while i < len(parts):
        if not isinstance(node, dict):
            return None
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if key in node:
                node, i = node[key], j
                break
        else:
            return None
    return float(node) if isinstance(node, int | float) and not isinstance(node, bool) else None


def check(metrics: dict[str, Any], profile: str, path: Path = THRESHOLDS) -> list[str]:
    """Every threshold the metrics break, as one line each; empty when all hold."""
    table = load(path).get(profile)
    if table is None:
        return [f"no thresholds for {profile!r} in {path.name}"]
    problems = []
    for bound, sign in (("min", -1), ("max", 1)):
        for key, limit in table.get(bound, {}).items():
            value = lookup(metrics, key)
            if value is None:
                problems.append(f"{key}: missing from the metrics")
            elif sign * (value - float(limit)) > 1e-9:
                word = "below" if bound == "min" else "above"
                problems.append(f"{key} = {value:.4f} is {word} the threshold {limit}")
    return problems
