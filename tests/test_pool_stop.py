"""Stopping a ``-j N`` render's process pool leaves no thread behind, even when a worker was
terminated halfway through sending a card: its half message in the result pipe once kept the
pool's manager thread waiting for the rest, and the interpreter's exit hook joined that thread
for ever (the test run printed all its results and never exited)."""

from __future__ import annotations

import multiprocessing
import os
import struct
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from takatof.render.batch import _stop

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a fork pool, as -j N uses on POSIX")


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_half_sent_result_does_not_keep_the_pool_alive() -> None:
    pool = ProcessPoolExecutor(2, multiprocessing.get_context("fork"))
    assert pool.submit(_nap, 0.0).result(timeout=30) == 0.0  # the manager thread runs
    pool.submit(_nap, 30.0)  # a worker busy when the render stops
    manager = pool._executor_manager_thread
    assert manager is not None and manager.is_alive()
    # What a worker killed mid-send leaves: a length that promises bytes which never come.
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 4096) + b"half")
    time.sleep(0.3)  # the manager thread is now reading the rest
    started = time.monotonic()
    _stop(pool)
    assert not manager.is_alive()
    assert time.monotonic() - started < 20


def test_a_pool_stopped_as_usual_ends_its_manager_thread_at_once() -> None:
    pool = ProcessPoolExecutor(2, multiprocessing.get_context("fork"))
    futures = [pool.submit(_nap, 0.0) for _ in range(4)] + [pool.submit(_nap, 30.0)]
    futures[0].result(timeout=30)
    manager = pool._executor_manager_thread
    started = time.monotonic()
    _stop(pool)
    assert manager is not None and not manager.is_alive()
    assert time.monotonic() - started < 6
