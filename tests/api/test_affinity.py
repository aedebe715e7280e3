"""Pinning a server process to a CPU of its own (api/affinity.py): the first CPU no other
pinned process holds, every thread of the process on it, released at shutdown; nothing
pinned where nothing is free or the lock folder is not this user's."""

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from fastapi.testclient import TestClient

from api import affinity
from api.main import create_app, served_app
from assistant.settings import Settings

ALLOWED = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
pytestmark = pytest.mark.skipif(len(ALLOWED) < 2, reason="pinning needs two CPUs to choose")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "cpus"
    affinity.release()
    assert sorted(os.sched_getaffinity(0)) == ALLOWED


def _thread_cpus() -> set[frozenset[int]]:
    return {frozenset(os.sched_getaffinity(int(tid))) for tid in os.listdir("/proc/self/task")}


def _hold(folder: Path, cpu: int) -> IO[bytes]:
    folder.mkdir(mode=0o700, exist_ok=True)
    handle = open(folder / f"cpu-{cpu}.lock", "ab")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def test_the_first_free_cpu_is_taken_by_every_thread_and_given_back(folder: Path) -> None:
    started = threading.Event()
    stop = threading.Event()
    # A thread that exists before the pinning: it is pinned too.
    older = threading.Thread(target=lambda: (started.set(), stop.wait()))
    older.start()
    started.wait()
    try:
        held = _hold(folder, ALLOWED[0])  # another process's CPU
        cpu = affinity.pin_to_a_free_cpu(folder)
        assert cpu == ALLOWED[1]
        assert _thread_cpus() == {frozenset({cpu})}
        assert affinity.pin_to_a_free_cpu(folder) == cpu  # a second app shares the pin
        affinity.release()  # ... and its stop keeps it for the first
        assert _thread_cpus() == {frozenset({cpu})}
        newer: list[set[int]] = []
        t = threading.Thread(target=lambda: newer.append(os.sched_getaffinity(0)))
        t.start()
        t.join()
        assert newer == [{cpu}]
        affinity.release()
        assert _thread_cpus() == {frozenset(ALLOWED)}
        # Its lock is free again for the next process.
        held2 = _hold(folder, cpu)
        held2.close()
        held.close()
    finally:
        stop.set()
        older.join()


def test_nothing_is_pinned_when_every_cpu_is_held(folder: Path) -> None:
    handles = [_hold(folder, cpu) for cpu in ALLOWED]
    try:
        assert affinity.pin_to_a_free_cpu(folder) is None
        assert _thread_cpus() == {frozenset(ALLOWED)}
    finally:
        for h in handles:
            h.close()


def test_a_lock_folder_of_another_user_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    assert affinity.pin_to_a_free_cpu(folder) is None
    assert list(folder.iterdir()) == []
    assert _thread_cpus() == {frozenset(ALLOWED)}


def test_a_lock_folder_others_may_write_or_a_link_is_not_used(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)  # anyone could plant a link named cpu-0.lock there
    assert affinity.pin_to_a_free_cpu(folder) is None
    assert list(folder.iterdir()) == []
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir(mode=0o700)
    linked = tmp_path / "linked"
    linked.symlink_to(elsewhere)  # a folder another user pointed at one of this user's
    assert affinity.pin_to_a_free_cpu(linked) is None
    assert list(elsewhere.iterdir()) == []
    assert _thread_cpus() == {frozenset(ALLOWED)}


def test_a_lock_file_that_is_a_link_is_skipped(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(mode=0o700)
    target = tmp_path / "victim"
    target.write_text("kept")
    (folder / f"cpu-{ALLOWED[0]}.lock").symlink_to(target)
    assert affinity.pin_to_a_free_cpu(folder) == ALLOWED[1]
    assert target.read_text() == "kept"


def test_a_pin_that_fails_half_way_floats_every_thread_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.sched_setaffinity
    calls: list[int] = []

    def flaky(tid: int, cpus: object) -> None:
        calls.append(tid)
        if len(calls) == 2:  # the second thread: the cpuset changed under us
            raise OSError(22, "Invalid argument")
        real(tid, cpus)  # type: ignore[arg-type]

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        monkeypatch.setattr(os, "sched_setaffinity", flaky)
        assert affinity.pin_to_a_free_cpu(folder) is None
        monkeypatch.setattr(os, "sched_setaffinity", real)
        assert _thread_cpus() == {frozenset(ALLOWED)}
        # The CPU was not kept: the next try takes it.
        assert affinity.pin_to_a_free_cpu(folder) == ALLOWED[0]
    finally:
        stop.set()
        other.join()


def test_the_app_pins_only_when_told_and_floats_again_after(tmp_path: Path, folder: Path) -> None:
    home = tmp_path / "home"
    with TestClient(create_app(Settings(home=home, pin_cpu=False))) as client:
        assert client.get("/health").status_code == 200
        assert _thread_cpus() == {frozenset(ALLOWED)}
    pinned = Settings(home=home, pin_cpu=True, cpu_locks=folder)
    with TestClient(create_app(pinned)) as client:
        assert client.get("/health").status_code == 200
        cpus = _thread_cpus()
        assert len(cpus) == 1, cpus
        assert len(next(iter(cpus))) == 1, cpus
    assert _thread_cpus() == {frozenset(ALLOWED)}


def test_the_served_app_pins_unless_the_settings_say_not(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert served_app(Settings(home=home)).state.settings.pin_cpu is True
    assert served_app(Settings(home=home, pin_cpu=False)).state.settings.pin_cpu is False
    assert create_app(Settings(home=home)).state.settings.pin_cpu is False
