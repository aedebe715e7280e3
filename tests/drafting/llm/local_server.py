"""A real HTTP server on 127.0.0.1 for failures a cassette should not fake.

Each test hands it a function from the request's JSON body to (status, JSON answer, delay).
The server runs in a thread for the test only; a delayed answer waits on an event that the
fixture sets at teardown, so no thread outlives its test.
"""

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, Any], float]
Responder = Callable[[dict[str, Any]], Answer]


@contextmanager
def local_server(respond: Responder) -> Iterator[str]:
    """Serve `respond` on a free loopback port; yields the base URL ending in /v1."""
    release = threading.Event()
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            seen.append(body)
            status, answer, delay = respond(body)
            if delay:
                release.wait(delay)
            payload = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first (the timeout case)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def completion(message: dict[str, Any], finish_reason: str = "stop") -> dict[str, Any]:
    """An OpenAI-style chat completion around one assistant message."""
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": 1_750_000_000,
        "model": "local-test",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def tool_call(arguments: str) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "NoteExtraction", "arguments": arguments},
            }
        ],
    }
