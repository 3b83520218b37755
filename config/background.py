"""Background work without a broker: a job that Celery would run (an import step, a report
workbook) runs instead in a daemon thread of this process, started once the request's
transaction commits (so the thread sees the rows the request wrote), with its own connection
closed at the end. Tests (and a shutting-down process) wait for the threads with wait().
`made_ahead` runs a generator in a thread beside its reader (a workbook's reports)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import close_old_connections, connections, transaction

T = TypeVar("T")

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


def made_ahead(items: Callable[[], Iterator[T]], *, ahead: int, name: str) -> Iterator[T]:
    """The items of the generator `items()`, made in a thread of their own (with its own
    database connection, closed at the end) at most `ahead` items ahead of the reader: the
    database works on the next items while the reader works on this one. An exception in
    the thread is raised in the reader; a reader that stops early stops the thread."""
    made: queue.Queue = queue.Queue(maxsize=max(1, ahead))
    stop = threading.Event()
    end = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items():
                if not put((None, item)):
                    return
            put((None, end))
        except BaseException as exc:  # handed to the reader, which raises it
            put((exc, None))
        finally:
            connections.close_all()  # this thread's connection

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    try:
        while True:
            error, item = made.get()
            if error is not None:
                raise error
            if item is end:
                return
            yield item
    finally:
        stop.set()
        thread.join()
