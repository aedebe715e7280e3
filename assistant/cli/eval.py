"""`ptscribe eval generate|run`: synthetic cases with ground truth, and the scored eval.

`evals` lives outside the installed `assistant` package and uses its public API, so it is
imported inside the commands: `assistant` never imports `evals` at module level, and the
rest of the CLI works where `evals` is not on the path.
"""

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.cli.inputs import fail
from assistant.services.outputs import output_file, output_folder

app = typer.Typer(help="Generate synthetic sessions and score the drafters on them.")


def _ensure_evals() -> None:
    """Make `evals` importable from a source checkout when it is not installed.

    The console script's sys.path holds the venv's bin, not the working directory; an
    editable install of the repo keeps `evals/` beside `assistant/`.
    """
    if importlib.util.find_spec("evals") is not None:
        return
    root = Path(__file__).resolve().parents[2]
    if (root / "evals" / "__init__.py").is_file():
        sys.path.insert(0, str(root))
    else:
        fail("the eval suite (evals/) is not installed: run from a source checkout")


STYLES_HELP = "Style to render: shorthand, dictation or conversation (repeat for several)."


def _styles(style: list[str] | None) -> tuple[str, ...]:
    _ensure_evals()
    from evals.truth import STYLES

    chosen = tuple(style or STYLES)
    unknown = [s for s in chosen if s not in STYLES]
    if unknown:
        fail(f"unknown style {', '.join(unknown)}: choose from {', '.join(STYLES)}")
    return chosen


@app.command("generate")
def generate_command(
    n: Annotated[int, typer.Option("--n", min=1, max=100_000, help="Number of visits.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    style: Annotated[list[str] | None, typer.Option("--style", help=STYLES_HELP)] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write JSON Lines here instead of stdout.")
    ] = None,
) -> None:
    """Write generated cases as JSON Lines: id, style, defects, text, truth note, context."""
    chosen = _styles(style)
    if out is not None:
        output_file(out)
    from evals.runner import cases

    lines = (
        json.dumps(
            {
                "id": case.id,
                "style": case.style,
                "defects": case.defects,
                "text": case.text,
                "claim": case.claim,
                "note": case.note.model_dump(mode="json"),
                "context": case.context.model_dump(mode="json"),
            }
        )
        for case in cases(n, seed, chosen)
    )
    if out is None:
        for line in lines:
            typer.echo(line)
        return
    with out.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")


@app.command("run")
def run_command(
    backend: Annotated[str, typer.Option("--backend", help="offline, llm or truth.")] = "offline",
    n: Annotated[int, typer.Option("--n", min=1, max=100_000, help="Number of visits.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    style: Annotated[list[str] | None, typer.Option("--style", help=STYLES_HELP)] = None,
    out: Annotated[Path, typer.Option("--out", help="Report directory.")] = Path("eval-out"),
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, max=32, help="Concurrent drafts.")
    ] = None,
    gate: Annotated[
        str | None,
        typer.Option("--gate", help="Fail (exit 1) below this profile of evals/thresholds.toml."),
    ] = None,
    eval_set: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="synthetic (generated, --n/--seed/--style) or field (hand-written notes, "
            "evals/fieldset); repeat for both, the default.",
        ),
    ] = None,
) -> None:
    """Draft every case, score it, and write metrics.json, summary.md and report.html."""
    styles = _styles(style)
    output_folder(out)  # before the run: a bad --out must not cost minutes of drafting
    from evals import gate as gates
    from evals import report
    from evals.field import FieldSetError
    from evals.field import load as load_field
    from evals.metrics import metrics
    from evals.runner import BACKENDS, SETS, NoModelDrafts, run

    if backend not in BACKENDS:
        fail(f"unknown backend {backend!r}: choose from {', '.join(BACKENDS)}")
    sets = tuple(dict.fromkeys(eval_set or SETS))
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        fail(f"unknown eval set {', '.join(unknown)}: choose from {', '.join(SETS)}")
    profiles = gates.load()
    if gate and gate not in profiles:
        # Refused before the run, which takes minutes, not after it.
        fail(
            f"--gate {gate!r} is not a profile of thresholds.toml: "
            f"choose from {', '.join(profiles)}"
        )
    try:
        field_count = len(load_field()) if "field" in sets else 0
    except FieldSetError as exc:
        fail(f"field set: {exc}")
    console = Console(stderr=True)
    start = time.perf_counter()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        synthetic = n * len(styles) if "synthetic" in sets else 0
        task = progress.add_task(f"eval {backend}", total=synthetic + field_count)
        try:
            results = run(
                backend,
                n,
                seed,
                styles,
                lambda _: progress.advance(task),
                workers=workers,
                sets=sets,
            )
        except NoModelDrafts as exc:
            progress.stop()
            fail(str(exc))
    figures = metrics(results, backend, n, seed, time.perf_counter() - start)
    paths = report.write(out, figures, results)
    typer.echo(report.markdown(figures))
    typer.echo(f"Wrote {', '.join(str(p) for p in paths.values())}")
    if gate:
        problems = gates.check(figures, gate)
        for line in problems:
            typer.echo(f"threshold: {line}", err=True)
        if problems:
            raise typer.Exit(1)
