"""Real servers on 127.0.0.1 for failures a cassette should not fake.

`local_server` takes a function from the request's JSON body to (status, JSON answer, delay).
`raw_server` takes a connection handler (`trickle`, `silent`) for servers that misbehave
below HTTP. Servers run in threads for the test only; a delayed answer waits on an event
that is set at teardown, so no thread outlives its test.
"""

import contextlib
import json
import socket
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


@contextmanager
def raw_server(handle: Callable[[socket.socket, threading.Event], None]) -> Iterator[str]:
    """A bare TCP server on loopback for servers no HTTP library would write: each
    connection is given to `handle` in its own thread with an event set at teardown, when
    every connection is closed and every thread joined. Yields the base URL ending in /v1."""
    release = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    threads: list[threading.Thread] = []
    connections: list[socket.socket] = []

    def serve(conn: socket.socket) -> None:
        # OSError: the client hung up first, which is what these tests provoke.
        with contextlib.suppress(OSError):
            handle(conn, release)

    def accept() -> None:
        while not release.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(conn)
            worker = threading.Thread(target=serve, args=(conn,), daemon=True)
            threads.append(worker)
            worker.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        release.set()
        acceptor.join(timeout=5)
        listener.close()
        for conn in connections:
            conn.close()
        for worker in threads:
            worker.join(timeout=5)


def _read_request(conn: socket.socket) -> None:
    """Read up to the end of the request headers (the body does not matter here)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk


def trickle(conn: socket.socket, release: threading.Event) -> None:
    """Send the headers of a 200 answer at once, then one byte of its body a second."""
    _read_request(conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n"
    )
    while not release.wait(1.0):
        conn.sendall(b" ")


def silent(conn: socket.socket, release: threading.Event) -> None:
    """Accept the connection and say nothing until the test ends."""
    release.wait()
