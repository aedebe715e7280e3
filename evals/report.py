"""Write an eval run's metrics.json, summary.md and report.html (inline SVG, no plotting lib).

The chart is a grouped bar chart drawn as SVG by hand: a dozen rectangles do not justify
matplotlib and its font cache. Error examples show the source text with the true fact's
evidence span highlighted.
"""

import html
import json
from pathlib import Path
from typing import Any

from evals.runner import CaseResult

COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759")
MAX_EXAMPLES = 40
PER_FIELD = 3
CONTEXT = 120


def write(out: Path, metrics: dict[str, Any], results: list[CaseResult]) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "metrics": out / "metrics.json",
        "summary": out / "summary.md",
        "report": out / "report.html",
    }
    paths["metrics"].write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    paths["summary"].write_text(markdown(metrics), encoding="utf-8")
    paths["report"].write_text(html_report(metrics, results), encoding="utf-8")
    return paths


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def headline_rows(metrics: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    drafters = [
        (f"{name} drafts only" if name == metrics["backend"] else name, part)
        for name, part in metrics.get("by_drafter", {}).items()
    ]
    return [("all", metrics), *sorted(metrics.get("by_style", {}).items()), *drafters]


def fallback_label(m: dict[str, Any]) -> str:
    """A plain warning when some drafts are the offline fallback's, else nothing."""
    if not m.get("by_drafter"):
        return ""
    return (
        f"**{m['fallbacks']} of {m['cases']} drafts are the offline drafter's fallback, not "
        f"`{m['backend']}`'s**: the rows above them mix both; "
        f"'{m['backend']} drafts only' is the backend's own work."
    )


def field_rows(m: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    field = m.get("by_set", {}).get("field")
    if not field:
        return []
    return [("all", field), *sorted(field.get("by_style", {}).items())]


def field_markdown(m: dict[str, Any]) -> list[str]:
    rows = field_rows(m)
    if not rows:
        return []
    field = rows[0][1]
    out = [
        "",
        "## Field set (hand-written notes, evals/fieldset)",
        "",
        f"{field['cases']} notes ({field.get('labelled', 0)} labelled). Good notes also "
        f"faulted on substance: {_pct(field.get('good_notes_with_substance_findings', 0.0))}; "
        f"errors standing on good notes: {field.get('good_notes_blocked_by', {}) or 'none'}.",
        "",
        "| voice | F1 | exercises with every stated parameter | invented exercises per note "
        "| validator agrees with label | good | insufficient |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in rows:
        out.append(
            f"| {name} | {s['overall']['f1']:.3f} | {_pct(s['exercise_stated_params_rate'])} "
            f"| {s['invented_exercises_per_note']:.2f} | {_pct(s.get('label_agreement', 0.0))} "
            f"| {_pct(s.get('label_agreement_good', 0.0))} "
            f"| {_pct(s.get('label_agreement_insufficient', 0.0))} |"
        )
    return out


def markdown(m: dict[str, Any]) -> str:
    out = [
        f"# Eval: backend `{m['backend']}`, n={m['n']}, seed={m['seed']}",
        "",
        f"{m['cases']} scored cases in {m['seconds']:.1f} s; {m['failures']} drafting failures; "
        f"{m['fallbacks']} drafts fell back to another drafter.",
        "",
        *([fallback_label(m), ""] if m.get("by_drafter") else []),
        "| style | F1 | precision | recall | hallucination | omission | exercise fully right "
        "| claim exact |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in headline_rows(m):
        o = s["overall"]
        out.append(
            f"| {name} | {o['f1']:.3f} | {o['precision']:.3f} | {o['recall']:.3f} "
            f"| {_pct(s['hallucination_rate'])} | {_pct(s['omission_rate'])} "
            f"| {_pct(s['exercise_fully_right_rate'])} | {_pct(s['claim_exact_rate'])} |"
        )
    out += field_markdown(m)
    out += [
        "",
        "## Validator on seeded defects",
        "",
        f"On the ground-truth notes: recall {m['defect_recall']:.3f}, precision "
        f"{m['defect_precision']:.3f}, clean cases with an error finding "
        f"{_pct(m['clean_false_error_rate'])}.",
        f"End to end on the drafted notes: recall {m['e2e_defect_recall']:.3f}, precision "
        f"{m['e2e_defect_precision']:.3f}, clean cases with an error finding "
        f"{_pct(m['e2e_clean_false_error_rate'])}.",
        "",
        "| defect | seeded | recall (truth) | precision (truth) | recall (e2e) | precision (e2e) |",
        "|---|---|---|---|---|---|",
    ]
    for label, d in m["defects"].items():
        e = m["e2e_defects"].get(label, {})
        out.append(
            f"| {label} | {d['seeded']} | {d['recall']:.3f} | {d['precision']:.3f} "
            f"| {e.get('recall', 0):.3f} | {e.get('precision', 0):.3f} |"
        )
    styles = sorted(m.get("by_style", {}))
    out += ["", "## Per-field F1", "", "| field | " + " | ".join(["all", *styles]) + " |"]
    out.append("|---" * (len(styles) + 2) + "|")
    for field, f in m["fields"].items():
        cells = [f"{f['f1']:.3f}"]
        for s in styles:
            sf = m["by_style"][s]["fields"].get(field)
            cells.append(f"{sf['f1']:.3f}" if sf else "-")
        out.append(f"| {field} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def bar_chart(m: dict[str, Any]) -> str:
    styles = sorted(m.get("by_style", {}))
    fields = list(m["fields"])
    if not styles or not fields:
        return ""
    bar, gap, height, left, top = 9, 14, 220, 40, 20
    group = bar * len(styles) + gap
    width = left + group * len(fields) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 150}" '
        'role="img" aria-label="Per-field F1 by style" font-family="sans-serif" font-size="10">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + height * (1 - tick)
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 3}" text-anchor="end">{tick:.2f}</text>'
        )
    for i, field in enumerate(fields):
        x0 = left + i * group + gap / 2
        for k, style in enumerate(styles):
            f1 = m["by_style"][style]["fields"].get(field, {}).get("f1", 0.0)
            h = height * f1
            parts.append(
                f'<rect x="{x0 + k * bar}" y="{top + height - h:.1f}" width="{bar - 1}" '
                f'height="{h:.1f}" fill="{COLOURS[k % len(COLOURS)]}">'
                f"<title>{html.escape(field)} / {style}: {f1:.3f}</title></rect>"
            )
        cx, cy = x0 + bar * len(styles) / 2, top + height + 8
        parts.append(
            f'<text x="{cx}" y="{cy}" transform="rotate(60 {cx} {cy})">{html.escape(field)}</text>'
        )
    for k, style in enumerate(styles):
        x = left + k * 110
        parts.append(
            f'<rect x="{x}" y="{top + height + 125}" width="10" height="10" '
            f'fill="{COLOURS[k % len(COLOURS)]}"/><text x="{x + 14}" y="{top + height + 134}">'
            f"{style}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """The source around the first evidence span, with every span in <mark>."""
    if not spans:
        return html.escape(text[: 2 * CONTEXT]) + ("…" if len(text) > 2 * CONTEXT else "")
    spans = sorted(spans)
    lo = max(0, spans[0][0] - CONTEXT)
    hi = min(len(text), spans[-1][1] + CONTEXT)
    out, pos = ["…" if lo else ""], lo
    for start, end in spans:
        start, end = max(start, pos), min(end, hi)
        if start >= end:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:hi]) + ("…" if hi < len(text) else ""))
    return "".join(out)


def examples(results: list[CaseResult]) -> list[tuple[CaseResult, Any]]:
    seen: dict[str, int] = {}
    picked = []
    for r in results:
        for err in r.score.errors:
            if seen.get(err.field, 0) >= PER_FIELD:
                continue
            seen[err.field] = seen.get(err.field, 0) + 1
            picked.append((r, err))
            if len(picked) >= MAX_EXAMPLES:
                return picked
    return picked


def html_report(m: dict[str, Any], results: list[CaseResult]) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(name)}</td><td>{s['overall']['f1']:.3f}</td>"
        f"<td>{_pct(s['hallucination_rate'])}</td><td>{_pct(s['omission_rate'])}</td>"
        f"<td>{_pct(s['exercise_fully_right_rate'])}</td><td>{_pct(s['claim_exact_rate'])}</td>"
        f"<td>{s['defect_recall']:.3f}</td><td>{s['e2e_defect_recall']:.3f}</td></tr>"
        for name, s in headline_rows(m)
    )
    failures = "".join(
        f"<li><code>{e(r.case_id)}/{e(r.style)}</code>: {e(r.failure)}</li>"
        for r in results
        if r.failure
    )
    ex_html = "".join(
        f"<div class='ex'><div><b>{e(err.field)}</b> in <code>{e(r.case_id)}/{e(r.style)}"
        f"</code>: truth <code>{e(err.truth)}</code>, predicted <code>{e(err.predicted)}</code>"
        f"</div><pre>{highlight(r.text, err.evidence)}</pre></div>"
        for r, err in examples(results)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ptscribe eval: {e(m["backend"])}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 1100px; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 3px 8px; }}
pre {{ white-space: pre-wrap; background: #f7f7f7; padding: 6px; }}
mark {{ background: #ffe066; }} .ex {{ margin-bottom: 1em; }}
</style></head><body>
<h1>ptscribe eval: backend {e(m["backend"])}, n={m["n"]}, seed={m["seed"]}</h1>
<p>{e(fallback_label(m).replace("*", "").replace("`", ""))}</p>
<p>{m["cases"]} scored cases in {m["seconds"]:.1f} s, {m["failures"]} drafting failures.
Validator on ground-truth notes: defect recall {m["defect_recall"]:.3f}, precision
{m["defect_precision"]:.3f}, clean cases with an error {_pct(m["clean_false_error_rate"])}.</p>
<table><tr><th>style</th><th>F1</th><th>hallucination</th><th>omission</th>
<th>exercise fully right</th><th>claim exact</th><th>defect recall (truth)</th>
<th>defect recall (e2e)</th></tr>{rows}</table>
<h2>Field set</h2><pre>{e(chr(10).join(field_markdown(m))) or "not run"}</pre>
<h2>Per-field F1 by style</h2>{bar_chart(m)}
<h2>Drafting failures</h2><ul>{failures or "<li>none</li>"}</ul>
<h2>Error examples</h2><p>The true fact's evidence is highlighted in the source text.</p>
{ex_html or "<p>none</p>"}
</body></html>
"""
