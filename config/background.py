"""Background work without a broker: a job that Celery would run (an import step, a report
workbook) runs instead in a daemon thread of this process, started once the request's
transaction commits (so the thread sees the rows the request wrote), with its own connection
closed at the end. Tests (and a shutting-down process) wait for the threads with wait()."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, transaction

_threads: list[threading.Thread] = []


def start_after_commit(work: Callable[[], object], name: str) -> None:
    def run():
        try:
            work()
        finally:
            close_old_connections()

    def launch():
        thread = threading.Thread(target=run, name=name, daemon=True)
        _threads.append(thread)
        thread.start()

    transaction.on_commit(launch)


def wait(timeout: float = 300) -> None:
    """Join every thread started so far."""
    while _threads:
        _threads.pop().join(timeout)
