"""The LLM drafter: langchain-openai structured output into the extraction schema.

One request per draft, with one wall-clock deadline (`PTSCRIBE_LLM_DEADLINE`) over it and
every retry the SDK makes (`deadline`). The dictation and any plan-of-care goal text are
masked first (`masking`), so no patient identifier leaves the process; the answer is
unmasked, aligned to the source text and assembled into a Note (`assemble`). Every
failure — the deadline, a timeout, HTTP error, connection error, refusal, truncated or
invalid output, a broken prompt file — becomes a DrafterError with a short reason that holds
no patient text; the pipeline then falls back to the offline drafter, and the input is never
lost because nothing here mutates it.

Logs carry sizes, timings and token counts only, never text.
"""

import logging
import time
from typing import Any, cast

import openai
from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr, ValidationError

from assistant.domain.session import SessionInput
from assistant.drafting.assemble import build_note, ignored_finding, ignored_keys
from assistant.drafting.base import Draft, DrafterInfo, Tokens
from assistant.drafting.deadline import Deadline, DeadlineExceeded, call_within, deadline_client
from assistant.drafting.extraction import NoteExtractionV1, bounded_schema, schema_for
from assistant.drafting.masking import Masker
from assistant.drafting.prompts import Prompt, load_prompt
from assistant.errors import DrafterError
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)

# OpenAI rejects an empty key before sending anything; a local server ignores the value.
_PLACEHOLDER_KEY = "not-needed-for-a-local-server"


def chat_model(settings: Settings, http_client: Any = None) -> ChatOpenAI:
    """The chat client from settings. Retries are the SDK's; tests set them to 0.

    The per-request timeout never exceeds the draft's deadline; `http_client` (a
    deadline-bound client from `deadline.deadline_client`) holds the deadline itself.
    """
    key = settings.openai_api_key or SecretStr(_PLACEHOLDER_KEY)
    # langchain sends the limit as OpenAI's max_completion_tokens, which llama.cpp's server
    # ignores (it then generates until its context is full); other servers also get the
    # older max_tokens field, which they all read.
    extra = (
        {}
        if settings.structured_method == "json_schema"
        else {"max_tokens": settings.llm_max_tokens}
    )
    return ChatOpenAI(
        model=settings.model,
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=request_timeout(settings),
        max_retries=settings.llm_max_retries,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        extra_body=extra or None,
        http_client=http_client,
    )


def request_timeout(settings: Settings) -> float:
    """Seconds one request may take: PTSCRIBE_LLM_TIMEOUT, bounded by the draft's deadline."""
    return min(settings.llm_timeout, settings.llm_deadline)


class LLMDrafter:
    """Drafts with a model behind an OpenAI-compatible API (OpenAI, vLLM, Ollama, llama.cpp)."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        chat: BaseChatModel | None = None,
        prompt: Prompt | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self._chat = chat
        self._prompt = prompt

    @property
    def prompt(self) -> Prompt:
        if self._prompt is None:
            self._prompt = load_prompt(self.settings.draft_prompt, self.settings.prompts_dir)
        return self._prompt

    def draft(self, session: SessionInput) -> Draft:
        ctx = session.context
        masker = Masker.for_session(session)
        poc = ctx.plan_of_care if ctx else None
        goals = [{"id": g.id, "text": masker.mask(g.text).text} for g in poc.goals] if poc else []
        rendered = self.prompt.render(
            note_type=session.note_type.value.replace("_", " "),
            discipline=session.discipline.value,
            dictation=masker.mask(session.text).text,
            goals=goals,
        )
        messages = [SystemMessage(rendered.system), HumanMessage(rendered.user)]
        method = self.settings.structured_method
        schema = schema_for(rendered.version)
        # The deadline covers the model call and its retries, not the local work before it
        # (masking loads a NER model on first use, which must not eat the server's time).
        deadline = Deadline(self.settings.llm_deadline)
        # A client per draft, bound to this draft's deadline and closed when the call ends
        # (by the worker thread, even when the caller has stopped waiting for it).
        client = None if self._chat is not None else deadline_client(deadline)
        chat = self._chat or chat_model(self.settings, client)
        # OpenAI's strict mode takes the pydantic schema as is (every field required); other
        # servers get it as a function with length limits (extraction.bounded_schema) and the
        # answer is validated here.
        if method == "json_schema":
            runnable = chat.with_structured_output(
                schema, method=method, include_raw=True, strict=True
            )
        else:
            runnable = chat.with_structured_output(
                bounded_schema(schema), method=method, include_raw=True
            )
        started = time.perf_counter()
        try:
            answer = call_within(
                deadline,
                lambda: runnable.invoke(messages),
                on_exit=client.close if client is not None else None,
            )
        except DeadlineExceeded:
            raise DrafterError(_deadline_reason(self.settings)) from None
        except openai.APITimeoutError as exc:
            if deadline.passed:  # the transport cut the last attempt at the deadline
                raise DrafterError(_deadline_reason(self.settings)) from exc
            raise _drafter_error(exc, self.settings, time.perf_counter() - started) from exc
        except Exception as exc:
            raise _drafter_error(exc, self.settings, time.perf_counter() - started) from exc
        result = cast(dict[str, Any], answer)
        latency_ms = (time.perf_counter() - started) * 1000
        raw = result.get("raw")
        if not isinstance(raw, AIMessage):
            raise DrafterError("the model server returned no message")
        _check_finish(raw, result, self.settings, schema)
        extraction = cast(NoteExtractionV1, result["parsed"])
        tokens = _tokens(raw)
        log.info(
            "llm draft: model=%s method=%s input_chars=%d latency_ms=%.0f tokens=%s",
            self.settings.model,
            method,
            len(session.text),
            latency_ms,
            tokens.total if tokens else None,
        )
        try:
            note, findings = build_note(session, extraction, masker.unmask_data)
        except ValidationError as exc:
            raise DrafterError(
                f"the model's output does not make a valid note: {_why(exc)}"
            ) from exc
        extra = ignored_keys(schema, _raw_arguments(raw, method))
        if extra:
            findings.append(ignored_finding(extra))
        info = DrafterInfo(
            backend="llm",
            model=self.settings.model,
            prompt_id=f"{rendered.id}.v{rendered.version}",
            prompt_sha256=rendered.sha256,
            latency_ms=round(latency_ms, 1),
            tokens=tokens,
        )
        return Draft(note=note, drafter=info, findings=findings)


def _check_finish(
    raw: AIMessage, result: dict[str, Any], settings: Settings, schema: type[NoteExtractionV1]
) -> None:
    reason = raw.response_metadata.get("finish_reason")
    if reason == "length":
        raise DrafterError(
            f"the model's output was cut off at max_tokens={settings.llm_max_tokens}"
        )
    if reason == "content_filter":
        raise DrafterError("the model server's content filter stopped the output")
    if raw.additional_kwargs.get("refusal"):
        raise DrafterError("the model refused to draft this note")
    error = result.get("parsing_error")
    if error is not None:
        raise DrafterError(f"the model's output is not a valid note: {_short(error)}")
    if raw.invalid_tool_calls:
        # llama.cpp reports finish_reason "tool_calls" even when it stopped at max_tokens.
        usage = raw.usage_metadata
        if usage is not None and usage["output_tokens"] >= settings.llm_max_tokens:
            raise DrafterError(
                f"the model's output was cut off at max_tokens={settings.llm_max_tokens}"
            )
        raise DrafterError("the model's output is not valid JSON")
    parsed = result.get("parsed")
    if isinstance(parsed, dict):
        try:
            result["parsed"] = schema.model_validate(parsed)
        except ValidationError as exc:
            raise DrafterError(f"the model's output is not a valid note: {_why(exc)}") from exc
    if not isinstance(result.get("parsed"), schema):
        raise DrafterError("the model returned no structured note")


def _tokens(raw: AIMessage) -> Tokens | None:
    usage = raw.usage_metadata
    if usage is None:
        return None
    return Tokens(
        prompt=usage["input_tokens"],
        completion=usage["output_tokens"],
        total=usage["total_tokens"],
    )


def _raw_arguments(raw: AIMessage, method: str) -> Any:
    """The model's output as JSON-like data, to see which keys it sent beyond the schema."""
    if method == "function_calling":
        return raw.tool_calls[0]["args"] if raw.tool_calls else None
    parsed = raw.additional_kwargs.get("parsed")
    return parsed.model_dump() if isinstance(parsed, NoteExtractionV1) else None


def _why(exc: ValidationError) -> str:
    first = exc.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "note"
    return f"{exc.error_count()} error(s), first at {where}: {first['msg']}"


def _short(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return _why(error)
    # Parser messages can quote the model's output, which may hold restored patient text:
    # name the error kind only.
    return type(error).__name__


def _deadline_reason(settings: Settings) -> str:
    return (
        f"the model server did not answer within the {settings.llm_deadline:g} s deadline "
        f"for a draft (PTSCRIBE_LLM_DEADLINE, retries included)"
    )


def _drafter_error(exc: Exception, settings: Settings, elapsed: float) -> DrafterError:
    """A short, PHI-free reason for a failed model call."""
    if isinstance(exc, DrafterError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        attempts = settings.llm_max_retries + 1
        return DrafterError(
            f"the model server did not answer within {request_timeout(settings):g} s "
            f"({attempts} attempt{'s' if attempts > 1 else ''}, {elapsed:.1f} s in all)"
        )
    if isinstance(exc, openai.APIConnectionError):
        return DrafterError("the model server could not be reached")
    if isinstance(exc, openai.APIStatusError):
        return DrafterError(f"the model server answered HTTP {exc.status_code}")
    if isinstance(exc, openai.LengthFinishReasonError):
        return DrafterError(
            f"the model's output was cut off at max_tokens={settings.llm_max_tokens}"
        )
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return DrafterError("the model server's content filter stopped the output")
    if isinstance(exc, openai.OpenAIError):
        return DrafterError(f"the model call failed ({type(exc).__name__})")
    if type(exc).__name__ == "OpenAIRefusalError":
        return DrafterError("the model refused to draft this note")
    if isinstance(exc, OutputParserException | ValidationError | ValueError):
        return DrafterError(f"the model's output is not a valid note: {_short(exc)}")
    return DrafterError(f"the model call failed unexpectedly ({type(exc).__name__})")
