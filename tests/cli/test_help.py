"""Help text of every command: no `<bool>` beside flags, no `{file}` braces in usage."""

from importlib.metadata import version
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli.app import app

RUNNER = CliRunner()


def command_paths() -> list[list[str]]:
    def walk(command: Any, path: list[str]) -> list[list[str]]:
        out = [path]
        for name, sub in getattr(command, "commands", {}).items():
            out += walk(sub, [*path, name])
        return out

    return walk(typer.main.get_command(app), [])


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "ptscribe")
def test_help_has_no_type_noise(path: list[str]) -> None:
    result = RUNNER.invoke(app, [*path, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    usage = next(line for line in result.output.splitlines() if "Usage:" in line)
    assert "{" not in usage
    assert "}" not in usage


def test_usage_names_arguments_in_capitals() -> None:
    result = RUNNER.invoke(app, ["bill", "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert "Usage: ptscribe bill [OPTIONS] FILE" in result.output


def test_version() -> None:
    result = RUNNER.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"ptscribe {version('ptscribe')}"


def test_a_service_error_is_one_line_under_the_test_runner_too() -> None:
    result = RUNNER.invoke(app, ["bill", "/nonexistent/visit.json"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: cannot read /nonexistent/visit.json")
