import hashlib
from pathlib import Path

import pytest

from assistant.drafting.prompts import PromptError, load_prompt
from assistant.settings import Settings

GOOD = """id = "demo"
version = 2
variables = ["name"]
system = "You help."
user = "Hello {{ name }}"
"""


def _write(tmp_path: Path, text: str, name: str = "demo.v2") -> Path:
    (tmp_path / f"{name}.toml").write_text(text)
    return tmp_path


def test_shipped_prompt_loads_and_renders() -> None:
    settings = Settings()
    prompt = load_prompt(settings.draft_prompt, settings.prompts_dir)
    raw = (settings.prompts_dir / "draft_note.v2.toml").read_bytes()
    assert prompt.sha256 == hashlib.sha256(raw).hexdigest()
    rendered = prompt.render(
        note_type="daily",
        discipline="PT",
        dictation="bridges 3x10",
        goals=[{"id": "G1", "text": "walk"}],
    )
    assert (rendered.id, rendered.version) == ("draft_note", 2)
    assert "bridges 3x10" in rendered.user
    assert "- G1: walk" in rendered.user
    assert "Never propose CPT codes, units or charges" in rendered.system


@pytest.mark.parametrize(
    "guidance",
    [
        "applies to each item of the list",  # doses before or after a list
        "spelled out or reordered",
        "A distance or height is not a count",
        "A range of minutes",
        "are not session exercises",  # plan, home programme, modalities
        "not a pain score of 0",
        "Percent limitations are not degrees",
        "guess a side or a 7th character",  # diagnoses
    ],
)
def test_prompt_v2_carries_the_failure_classes(guidance: str) -> None:
    settings = Settings()
    prompt = load_prompt(settings.draft_prompt, settings.prompts_dir)
    system = prompt.render(note_type="daily", discipline="PT", dictation="x", goals=[]).system
    assert guidance in system


def test_prompt_v1_still_loads_for_drafts_that_name_it() -> None:
    prompt = load_prompt("draft_note.v1", Settings().prompts_dir)
    assert prompt.render(note_type="daily", discipline="PT", dictation="x", goals=[]).version == 1


def test_dictation_is_data_not_template() -> None:
    settings = Settings()
    prompt = load_prompt(settings.draft_prompt, settings.prompts_dir)
    rendered = prompt.render(note_type="daily", discipline="PT", dictation="{{ 7 * 7 }}", goals=[])
    assert "{{ 7 * 7 }}" in rendered.user
    assert "49" not in rendered.user


def test_sandbox_blocks_attribute_access(tmp_path: Path) -> None:
    text = GOOD.replace("Hello {{ name }}", "{{ name }}{{ ''.__class__.__mro__ }}")
    prompt = load_prompt("demo.v2", _write(tmp_path, text))
    with pytest.raises(PromptError, match="unsafe"):
        prompt.render(name="x")


def test_missing_variable_is_an_error(tmp_path: Path) -> None:
    prompt = load_prompt("demo.v2", _write(tmp_path, GOOD))
    with pytest.raises(PromptError, match="undefined"):
        prompt.render()


def test_undeclared_variable_is_an_error(tmp_path: Path) -> None:
    prompt = load_prompt("demo.v2", _write(tmp_path, GOOD))
    with pytest.raises(PromptError, match="does not take"):
        prompt.render(name="x", other="y")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "temperature = 0.2\n", "Extra inputs are not permitted"),
        (GOOD.replace('variables = ["name"]', "variables = []"), "declares"),
        (GOOD.replace("version = 2", "version = 0"), "greater than or equal to 1"),
        (GOOD.replace('user = "Hello {{ name }}"', 'user = "{% if %}"'), "does not parse"),
        ("id = ", "not UTF-8 TOML"),
        (GOOD.replace("version = 2", "version = 3"), "declares id demo v3"),
    ],
)
def test_invalid_prompt_files_are_rejected(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PromptError, match=message):
        load_prompt("demo.v2", _write(tmp_path, text))


def test_missing_prompt_file(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="cannot be read"):
        load_prompt("nothing.v1", tmp_path)
