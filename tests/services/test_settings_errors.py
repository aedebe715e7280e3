"""A bad environment value is one line naming the variable, never a pydantic traceback."""

import pytest

from assistant.errors import SettingsError
from assistant.settings import get_settings

pytestmark = pytest.mark.usefixtures("fresh_settings")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PTSCRIBE_DRAFTER", "gpt", "PTSCRIBE_DRAFTER='gpt': Input should be 'offline' or 'llm'"),
        ("PTSCRIBE_MAX_INPUT_BYTES", "lots", "PTSCRIBE_MAX_INPUT_BYTES='lots': Input should be"),
        ("PTSCRIBE_MAX_INPUT_BYTES", "0", "PTSCRIBE_MAX_INPUT_BYTES='0': Input should be greater"),
        ("PTSCRIBE_LLM_TIMEOUT", "-1", "PTSCRIBE_LLM_TIMEOUT='-1'"),
        ("PTSCRIBE_REQUEST_THREADS", "0", "PTSCRIBE_REQUEST_THREADS='0': Input should be greater"),
        ("PTSCRIBE_DRAFTING_THREADS", "many", "PTSCRIBE_DRAFTING_THREADS='many': Input should be"),
    ],
)
def test_bad_setting_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        get_settings()
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert "errors.pydantic.dev" not in text
