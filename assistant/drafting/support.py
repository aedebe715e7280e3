"""Only minutes and codes the source supports reach a claim from a model's draft.

A model's intervention is billed from its code and minutes, so both must be found in the
therapist's input by something deterministic: the session timers (a code with timers bills
from them whatever the model says) or the offline parser, which reads codes and minutes from
fixed patterns with evidence spans. Per billable code, the model's figures (therapist and
assistant minutes) are compared with the parser's evidence-backed reading of that code:

- the same figures: the model's interventions stand;
- the parser found the code with other minutes, or the model gave none: the parser's
  interventions for that code replace the model's (DRF011 or DRF013 says so), so the claim
  follows the dictation, including an assistant's share the model cannot express;
- the parser found the code but no minutes: the model's minutes are unsupported; they are
  removed and an error (DRF012) blocks signing until the therapist enters them;
- the parser did not find the code at all: the model's code and minutes are removed (DRF012,
  an error) and the intervention stays in the note as text;
- the parser found a code the model left out: the parser's intervention is added and billed,
  with a warning (DRF013), rather than the service silently vanishing from the claim.

A model that leaves an intervention's code empty (a category with several codes, such as an
evaluation) takes the parser's code for that category the same way.
"""

from collections import defaultdict

from assistant.domain.findings import Finding
from assistant.domain.note import Intervention, Note
from assistant.rules.registry import finding

TIMED_MINUTES = "DRF011"
UNSUPPORTED = "DRF012"
FROM_PARSER = "DRF013"

# Therapist minutes and assistant-alone minutes of one code; None when nothing was read.
Figures = tuple[int, int] | None


def _figures(ivs: list[Intervention]) -> Figures:
    read = [iv for iv in ivs if iv.minutes is not None]
    if not read:
        return None
    assistant = sum(iv.minutes or 0 for iv in read if iv.provider.is_assistant)
    return sum(iv.minutes or 0 for iv in read) - assistant, assistant


def _text(figures: Figures) -> str:
    if figures is None:
        return "no minutes"
    therapist, assistant = figures
    total = therapist + assistant
    return f"{total} min" + (f" ({assistant} by the assistant)" if assistant else "")


def ground(model: Note, offline: Note) -> tuple[Note, list[Finding]]:
    """The model's note with only source-supported codes and minutes, and what was changed."""
    timers = {seg.code for seg in model.timer_segments}
    parser: dict[str, list[Intervention]] = defaultdict(list)
    for iv in offline.interventions:
        # Only readings with evidence are the parser's certain ones.
        if iv.code is not None and iv.code not in timers and iv.evidence:
            parser[iv.code].append(iv)
    mine: dict[str, list[Intervention]] = defaultdict(list)
    for iv in model.interventions:
        if iv.code is not None:
            mine[iv.code].append(iv)
    uncoded = _adopt_codes(model, parser, mine, timers)

    out: list[Intervention] = []
    findings: list[Finding] = []
    reported: set[str] = set()  # codes already reported (and, if replaced, placed once)
    for position, iv in enumerate(model.interventions):
        code = iv.code if iv.code is not None else uncoded.get(position)
        if code is None or code in timers:
            out.append(iv)
            continue
        path = f"interventions[{len(out)}]"
        refs = parser.get(code)
        if iv.code is None:  # a category the parser coded: its reading is billed
            findings.append(_replaced(code, None, _figures(parser[code]), path, uncoded=True))
            out.extend(parser[code])
            continue
        if not refs:
            findings.append(
                finding(
                    UNSUPPORTED,
                    f"The model's {code} ({_text(_figures([iv]))}) is not found in the "
                    "dictation: not billed",
                    path,
                )
            )
            out.append(iv.model_copy(update={"code": None, "minutes": None}))
            continue
        theirs, ours = _figures(refs), _figures(mine[code])
        if ours == theirs:
            out.append(iv)
        elif theirs is None:
            if code not in reported:
                reported.add(code)
                findings.append(
                    finding(
                        UNSUPPORTED,
                        f"The model's {_text(ours)} of {code} are not found in the "
                        "dictation: not billed",
                        f"{path}.minutes",
                    )
                )
            out.append(iv.model_copy(update={"minutes": None}))
        elif code not in reported:
            reported.add(code)
            findings.append(_replaced(code, ours, theirs, path, uncoded=False))
            out.extend(refs)
    for code, refs in parser.items():
        if code not in mine and code not in uncoded.values():
            findings.append(
                finding(
                    FROM_PARSER,
                    f"The model left out {code} ({_text(_figures(refs))}), which the "
                    "dictation states: added and billed from the dictation parser's reading",
                    f"interventions[{len(out)}]",
                )
            )
            out.extend(refs)
    return model.model_copy(update={"interventions": out[:100]}), findings


def _adopt_codes(
    model: Note,
    parser: dict[str, list[Intervention]],
    mine: dict[str, list[Intervention]],
    timers: set[str],
) -> dict[int, str]:
    """Uncoded model interventions that stand for a parser code the model did not name:
    position -> code, one per code, matched by category."""
    adopted: dict[int, str] = {}
    for code, refs in parser.items():
        if code in mine or code in timers:
            continue
        for position, iv in enumerate(model.interventions):
            if iv.code is None and position not in adopted and iv.category == refs[0].category:
                adopted[position] = code
                break
    return adopted


def _replaced(code: str, ours: Figures, theirs: Figures, path: str, *, uncoded: bool) -> Finding:
    if uncoded or ours is None:
        what = "gave no code" if uncoded else "gave no minutes"
        return finding(
            FROM_PARSER,
            f"The model {what} for {code}; the dictation parser's reading ({_text(theirs)}) "
            "is billed",
            path,
        )
    return finding(
        TIMED_MINUTES,
        f"The model read {_text(ours)} of {code} but the dictation parser read "
        f"{_text(theirs)}; the parser's reading is billed",
        f"{path}.minutes",
    )
