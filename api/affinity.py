"""One CPU per server process.

A worker process runs Python on one core at a time (the GIL), yet left to float its event
loop and its request threads land on different cores, and every hand-off between them (a
request to its worker thread and back) is a cross-core wake-up. On a virtual machine that
costs a hypervisor exit each way: a no-op `run_in_threadpool` measured 150-200 us of CPU
floating and 60 us pinned on this project's two-core machines, and the API bench served
35-50% more requests per second with its server pinned. What the pin costs: work that leaves
the GIL (argon2 at login, the drivers' waits) no longer spreads to a second core within one
worker; run one worker per CPU to use them all.

Each worker takes the first CPU no other pinned ptscribe server of this user holds, by an
exclusive `flock` on a file per CPU that it keeps open for its lifetime: the kernel drops the
lock when the process ends, however it ends. The files live in the user's runtime folder
($XDG_RUNTIME_DIR) or else the temp folder, in a folder of the user's own that nobody else
may write. With more workers than CPUs the rest float, as does a system that cannot pin
(macOS, Windows). `ptscribe serve` and `make run` pin (the pin_cpu setting); other apps
only when told, since everything their process started afterwards (a test's browsers and
servers) would inherit the one CPU.
"""

import contextlib
import logging
import os
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: nothing is pinned
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


@dataclass
class _Pin:
    fd: int  # the lock file's descriptor: closing it frees the CPU
    cpu: int
    before: set[int]  # the CPUs the process was allowed, to float on again
    users: int = 1  # apps in this process that asked for it; the last to stop releases it


_LOCK = threading.Lock()
_pin: _Pin | None = None


def lock_folder() -> Path:
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(base) / f"ptscribe-cpus-{os.getuid()}"


def pin_to_a_free_cpu(folder: Path | None = None) -> int | None:
    """Pin this process to a CPU no other pinned ptscribe server holds; the CPU, or None
    when none is free or the system cannot pin (the process then floats, as before)."""
    global _pin
    with _LOCK:
        if _pin is not None:
            _pin.users += 1
            return _pin.cpu
        if fcntl is None or not hasattr(os, "sched_setaffinity"):
            return None
        allowed = set(os.sched_getaffinity(0))
        if len(allowed) < 2:
            return None  # nothing to choose between, and nothing to gain
        folder = folder or lock_folder()
        try:
            _own_folder(folder)
        except OSError as exc:
            # A setting or a folder that needs fixing: said where the server's log shows it.
            log.warning("CPU pinning skipped: %s", exc.strerror or exc)
            return None
        for cpu in sorted(allowed):
            fd = _locked(folder / f"cpu-{cpu}.lock")
            if fd is None:
                continue
            try:
                _set_all_threads({cpu})
            except OSError as exc:
                os.close(fd)
                with contextlib.suppress(OSError):
                    _set_all_threads(allowed)  # the threads set before the failure
                log.warning("CPU pinning skipped: %s", exc.strerror or exc)
                return None
            _pin = _Pin(fd=fd, cpu=cpu, before=allowed)
            return cpu
        return None


def _own_folder(folder: Path) -> None:
    """Make the lock folder, or accept it only as a real folder of this user's that no one
    else may write (another user could plant links in a shared temp folder)."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
        raise OSError(f"{folder} is not a folder of this user's")
    if found.st_mode & 0o077:
        raise OSError(f"{folder} may be written by others")


def _locked(path: Path) -> int | None:
    """A descriptor holding the exclusive lock of `path`, or None when another process
    holds it or the file cannot be opened."""
    assert fcntl is not None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        log.info("CPU lock %s unusable: %s", path.name, exc.strerror or exc)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _set_all_threads(cpus: set[int]) -> None:
    # On Linux an affinity belongs to a thread (pid 0 is the caller), and a new thread
    # inherits its creator's: the threads that exist already are each set too.
    tasks = Path("/proc/self/task")
    ids = [int(t) for t in os.listdir(tasks)] if tasks.is_dir() else [0]
    for tid in ids:
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(tid, cpus)


def release() -> None:
    """One app's pin given back (its server stopped); the last one floats the process again
    on the CPUs allowed before and frees the CPU."""
    global _pin
    with _LOCK:
        if _pin is None:
            return
        _pin.users -= 1
        if _pin.users > 0:
            return
        os.close(_pin.fd)
        before, _pin = _pin.before, None
        try:
            _set_all_threads(before)
        except OSError as exc:
            log.warning("CPU pinning not undone: %s", exc.strerror or exc)
