"""Spread independent tasks over processes; results come back in task order.

Rendering Markdown is pure Python, so threads would share one core: a build
uses worker processes.  Results are yielded in the order of the tasks, never
in the order workers finish, so what a build writes and says does not depend
on the number of workers.  At most a few tasks per worker are in flight, so
memory stays flat however many tasks there are.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

MIN_TASKS = 8  # below this, starting workers costs more than it saves
_AHEAD = 4  # tasks in flight per worker


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, where the system tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def workers(requested: int | None, tasks: int) -> int:
    """How many processes to use: ``requested`` (0 or None: every core), never more than tasks."""
    if requested is None or requested <= 0:
        requested = available_cores() if tasks >= MIN_TASKS else 1
    return max(1, min(requested, tasks))


def ordered_map(
    function: Callable[[Task], Result],
    tasks: Iterable[Task],
    *,
    jobs: int,
    here: Callable[[Task], bool] | None = None,
) -> Iterator[Result]:
    """``map(function, tasks)`` over ``jobs`` processes, in task order.

    ``function`` must be a module-level function and tasks and results must
    pickle.  With one job everything runs here, in this process, and so do the
    tasks ``here`` picks (too little work to be worth sending).  An exception
    in a task is raised here, when its turn comes.
    """
    if jobs <= 1:
        yield from map(function, tasks)
        return
    # fork starts workers in milliseconds with the modules already imported;
    # elsewhere (macOS, Windows) fork is unsafe or missing.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        pending: deque[Future[Result]] = deque()
        for task in tasks:
            if here is not None and here(task):
                if not pending:  # its turn already: nothing to queue it behind
                    yield function(task)
                    continue
                done: Future[Result] = Future()
                try:
                    done.set_result(function(task))
                except Exception as error:  # raised in its turn, as a worker's would be
                    done.set_exception(error)
                pending.append(done)
            else:
                pending.append(pool.submit(function, task))
            while len(pending) >= jobs * _AHEAD or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # On an error or an interrupt, tasks not started are dropped, not run.
        pool.shutdown(wait=True, cancel_futures=True)
