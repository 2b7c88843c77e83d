"""The batch's worker pool stops its own workers through public APIs only."""

from __future__ import annotations

import multiprocessing
import time

from kumkm_utils.processes import main_hidden
from kumkm_utils.runner.pool import WorkerPool


def test_stop_ends_the_pool_workers_and_no_other_child() -> None:
    other = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(30,))
    other.start()
    try:
        with main_hidden():
            pool = WorkerPool(2)
            _ = [pool.executor.submit(time.sleep, 60) for _ in range(2)]
            deadline = time.monotonic() + 30
            while len(pool.processes()) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
        workers = pool.processes()
        assert len(workers) == 2 and other not in workers
        t0 = time.monotonic()
        pool.stop()
        assert time.monotonic() - t0 < 10
        assert not any(p.is_alive() for p in workers)
        assert other.is_alive()
    finally:
        other.kill()
        other.join(5)
