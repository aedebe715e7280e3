"""One CPU per server process.

A worker process is GIL-bound: its event loop and its request threads never run Python on
two cores at once. Left to float, the threads still land on different cores, and every
hand-off between them (a request to its worker thread and back) is a cross-core wake-up.
On a virtual machine that costs a hypervisor exit each way: a no-op `run_in_threadpool`
measured 150-200 us of CPU floating and 60 us pinned on this project's two-core machines,
and the API bench served about 50% more requests per second with its server pinned.

Each worker takes the first CPU no other pinned ptscribe process holds, by an exclusive
`flock` on a file per CPU that it keeps open for its lifetime: the kernel drops the lock
when the process ends, however it ends. With more workers than CPUs the rest float, as does
a system without `sched_setaffinity` (macOS, Windows). `ptscribe serve` and `make run` pin
(the pin_cpu setting); an app in a test process never does, since everything that process
started afterwards (browsers, other servers) would inherit the one CPU.
"""

import contextlib
import fcntl  # Unix only; the app runs on Linux and macOS
import logging
import os
import tempfile
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

# The lock this process holds, kept referenced (closing the file would free its CPU), and
# the CPUs the process was allowed before, to float on again at release.
_HELD: list[IO[bytes]] = []
_BEFORE: list[set[int]] = []


def lock_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"ptscribe-cpus-{os.getuid()}"


def pin_to_a_free_cpu(folder: Path | None = None) -> int | None:
    """Pin this process to a CPU no other pinned ptscribe process holds; the CPU, or None
    when none is free or the system cannot pin (the process then floats, as before)."""
    if _HELD:
        return int(Path(_HELD[0].name).stem.removeprefix("cpu-"))
    if not hasattr(os, "sched_setaffinity"):
        return None
    folder = folder or lock_folder()
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        owner = folder.stat().st_uid
        allowed = sorted(os.sched_getaffinity(0))
    except OSError as exc:
        log.info("CPU pinning skipped: %s", exc.strerror or exc)
        return None
    if owner != os.getuid():  # a folder another user made in the shared temp folder
        log.info("CPU pinning skipped: %s is not this user's", folder)
        return None
    if len(allowed) < 2:
        return None  # nothing to choose between, and nothing to gain
    for cpu in allowed:
        handle = open(folder / f"cpu-{cpu}.lock", "ab")  # noqa: SIM115 (held for life)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        try:
            _set_all_threads({cpu})
        except OSError as exc:
            handle.close()
            log.info("CPU pinning skipped: %s", exc.strerror or exc)
            return None
        _HELD.append(handle)
        _BEFORE.append(set(allowed))
        return cpu
    return None


def _set_all_threads(cpus: set[int]) -> None:
    # On Linux an affinity belongs to a thread (pid 0 is the caller), and a new thread
    # inherits its creator's: the threads that exist already are each set too.
    tasks = Path("/proc/self/task")
    ids = [int(t) for t in os.listdir(tasks)] if tasks.is_dir() else [0]
    for tid in ids:
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(tid, cpus)


def release() -> None:
    """Float again on the CPUs allowed before, and free the CPU (a stopped server's
    lifespan; tests)."""
    for handle in _HELD:
        handle.close()
    _HELD.clear()
    if _BEFORE:
        try:
            _set_all_threads(_BEFORE.pop())
        except OSError as exc:
            log.info("CPU pinning not undone: %s", exc.strerror or exc)
