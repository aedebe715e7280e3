"""Small server-rendered SVG charts of an exercise's dose across visits.

Each chart plots one series scaled to its own range (load when the exercise has a numeric
load, else reps, else sets), with a point per visit; a table beside it carries the same
figures as text, so the chart is decoration for sighted readers and nothing depends on it.
No script and no style attribute: the page's CSP allows neither inline.
"""

from dataclasses import dataclass
from html import escape

from assistant.services.worklist import Point, Progression

WIDTH, HEIGHT, PAD = 240, 80, 14


@dataclass(frozen=True)
class ChartView:
    name: str
    measure: str
    svg: str
    points: list[Point]


def _series(points: list[Point]) -> tuple[str, list[float | None]]:
    if any(p.load is not None for p in points):
        return "load", [p.load for p in points]
    if any(p.reps is not None for p in points):
        return "reps", [float(p.reps) if p.reps is not None else None for p in points]
    return "sets", [float(p.sets) if p.sets is not None else None for p in points]


def _svg(label: str, values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    coords = []
    for i, v in enumerate(values):
        if v is None:
            continue
        x = PAD + i * step
        y = HEIGHT - PAD - (v - low) / (high - low) * (HEIGHT - 2 * PAD)
        coords.append((x, y, v))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="dot"><title>{v:g}</title></circle>'
        for x, y, v in coords
    )
    base = HEIGHT - PAD
    axis = f'<line x1="{PAD}" y1="{base}" x2="{WIDTH - PAD}" y2="{base}" class="axis"/>'
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" class="spark">{axis}'
        f'<polyline points="{line}" class="trend"/>{dots}</svg>'
    )


def chart_views(progressions: list[Progression]) -> list[ChartView]:
    views = []
    for prog in progressions:
        measure, values = _series(prog.points)
        known = [f"{v:g}" for v in values if v is not None]
        label = f"{prog.name}: {measure} over {len(prog.points)} visits" + (
            f", from {known[0]} to {known[-1]}" if known else ""
        )
        views.append(ChartView(prog.name, measure, _svg(label, values), prog.points))
    return views
