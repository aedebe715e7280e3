"""One wall-clock deadline for a whole model call, the SDK's retries included.

httpx's timeouts are per operation: the read timeout starts again with every byte, so a
server that sends its headers and then one byte a second never trips it, and the SDK's
retries multiply whatever timeout does trip (three attempts of 60 s took 183 s). Two layers
make one deadline hold:

1. `call_within` runs the call in a daemon worker thread and waits for it only until the
   deadline. Whatever the libraries underneath do, the caller gets the answer or
   `DeadlineExceeded` on time. The thread is a daemon so an abandoned call can never keep
   the process from exiting.
2. `DeadlineTransport` makes an abandoned call end soon after instead of lingering: each
   request's connect, read, write and pool timeouts are cut to the time left, no attempt
   starts after the deadline, and a body still arriving at the deadline is aborted between
   chunks, which closes its connection. Past the deadline it raises the SDK's own
   APITimeoutError, which the SDK passes up as is, without another retry or back-off sleep.

Layer 1 alone is not enough: langchain runs the request in an executor thread, and Python
joins executor threads at exit, so a trickling server would hold the process open forever.
Layer 2 alone could overrun by one read timeout. Together the caller is on time and the
abandoned request stops within about a second of a trickle, one capped read timeout of a
silent server, or one back-off sleep the SDK had already begun.
"""

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

import httpx2
import openai

T = TypeVar("T")


class DeadlineExceeded(Exception):
    """The call did not finish before its deadline (it may still be running, abandoned)."""


class Deadline:
    """A point on the monotonic clock, `seconds` from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self._end


def call_within(
    deadline: Deadline, call: Callable[[], T], *, on_exit: Callable[[], None] | None = None
) -> T:
    """`call()`'s result, or DeadlineExceeded once the deadline passes.

    `on_exit` runs in the worker when the call ends, on time or not (closing its client).
    """
    future: Future[T] = Future()
    context = contextvars.copy_context()  # langchain's callbacks and tracing live in it

    def work() -> None:
        try:
            future.set_result(context.run(call))
        except BaseException as exc:  # handed to the caller, who re-raises it
            future.set_exception(exc)
        finally:
            if on_exit is not None:
                on_exit()

    threading.Thread(target=work, name="ptscribe-model-call", daemon=True).start()
    try:
        return future.result(timeout=deadline.remaining())
    except FutureTimeout:
        raise DeadlineExceeded(f"no answer within {deadline.seconds:g} s") from None


class _DeadlineStream(httpx2.SyncByteStream):
    """A response body that stops at the deadline, however slowly its bytes arrive."""

    def __init__(
        self, inner: httpx2.SyncByteStream, deadline: Deadline, request: httpx2.Request
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if self._deadline.passed:
                raise openai.APITimeoutError(request=self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class DeadlineTransport(httpx2.BaseTransport):
    """An HTTP transport whose every request ends by the deadline (see the module doc)."""

    def __init__(self, deadline: Deadline, inner: httpx2.BaseTransport | None = None) -> None:
        self._deadline = deadline
        self._inner = inner or httpx2.HTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        left = self._deadline.remaining()
        if left <= 0:
            raise openai.APITimeoutError(request=request)
        given = request.extensions.get("timeout", {})
        request.extensions["timeout"] = {
            name: left if given.get(name) is None else min(float(given[name]), left)
            for name in ("connect", "read", "write", "pool")
        }
        response = self._inner.handle_request(request)
        assert isinstance(response.stream, httpx2.SyncByteStream)
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_DeadlineStream(response.stream, self._deadline, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()


def deadline_client(deadline: Deadline) -> httpx2.Client:
    """An HTTP client for the OpenAI SDK whose requests all end by `deadline`."""
    return httpx2.Client(transport=DeadlineTransport(deadline))
