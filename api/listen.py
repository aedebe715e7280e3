"""A pre-flight for `ptscribe serve`: the address is tried before uvicorn starts, so a
mistyped host or a port already in use is one clear line (exit 2), not uvicorn's log and
an exit code of its own."""

import socket

from assistant.errors import InputError


def check_address(host: str, port: int) -> None:
    """Refuse an address this machine cannot listen on. A port taken in the instant between
    this check and uvicorn's bind still ends in uvicorn's own error."""
    if not host or any(ord(ch) < 33 or ord(ch) == 127 for ch in host):
        # The resolver reads a C string and stops at a NUL: "127.0.0.1\x00x" would pass here
        # and fail in uvicorn.
        raise InputError(f"--host {host!r} is not an address this machine knows (blank or control)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise InputError(f"--host {host!r} is not an address this machine knows ({exc})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server is free to reuse.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise InputError(f"cannot listen on {host}:{port}: {reason}") from exc
