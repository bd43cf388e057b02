"""Tasks over processes, results in task order whatever the number of workers."""

from __future__ import annotations

import os

import pytest

from alert_i18n import parallel


def _square_and_pid(number: int) -> tuple[int, int]:
    if number == 13:
        raise ValueError("thirteen")
    return number * number, os.getpid()


def test_workers_never_exceed_the_tasks() -> None:
    assert parallel.workers(4, 2) == 2
    assert parallel.workers(0, parallel.MIN_TASKS - 1) == 1  # a few tasks: not worth it
    assert parallel.workers(None, 1000) == parallel.available_cores()
    assert parallel.workers(3, 0) == 1


def test_results_come_in_task_order_and_some_run_here() -> None:
    tasks = list(range(12))
    results = list(parallel.ordered_map(_square_and_pid, tasks, jobs=2,
                                        here=lambda n: n % 3 == 0))
    assert [square for square, _ in results] == [n * n for n in tasks]
    here = {pid for (_, pid), n in zip(results, tasks, strict=True) if n % 3 == 0}
    assert here == {os.getpid()}
    assert {pid for (_, pid), n in zip(results, tasks, strict=True) if n % 3} - {os.getpid()}


def test_an_error_in_a_task_is_raised_in_its_turn() -> None:
    seen = []
    with pytest.raises(ValueError, match="thirteen"):
        for square, _ in parallel.ordered_map(_square_and_pid, range(10, 20), jobs=2):
            seen.append(square)
    assert seen == [100, 121, 144]
