"""Running calls at the same moment: threads on PostgreSQL, processes on SQLite.

Each call is ``call(wait)``: it reads what a request would read, calls
``wait()`` (a barrier shared by all the calls), then acts. Its outcome comes
back as an ``Outcome``: a plain value, a refusal with its code, or an
unexpected error (a 500 in a view).

SQLite serialises writers, so racing it means several processes on one
database file. The test database of SQLite lives in memory; ``Arena`` copies
it to a file with the backup API and points the default connection there for
the time of the race, then gives the in-memory database back untouched.
"""

import multiprocessing
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

WAIT_SECONDS = 60
FORK = multiprocessing.get_context("fork")


@dataclass(frozen=True)
class Outcome:
    value: object = None
    code: str | None = None
    message: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None and self.error is None

    @property
    def refused(self) -> bool:
        return self.code is not None


def _codes(error: ValidationError) -> str:
    return ",".join(sorted({str(e.code) for e in error.error_list}))


def attempt(call, wait) -> Outcome:
    try:
        return Outcome(value=call(wait))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            error = ValidationError(
                [e for errors in error.error_dict.values() for e in errors]
            )
        return Outcome(code=_codes(error) or "invalid", message=" ".join(error))
    except PermissionDenied as error:
        return Outcome(code="permission_denied", message=str(error))
    except Exception as error:  # noqa: BLE001 - an unexpected error is the finding
        return Outcome(error=repr(error))


def _in_threads(calls) -> list[Outcome]:
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            return attempt(call, lambda: barrier.wait(WAIT_SECONDS))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _own_connection():
    """A fresh connection for a forked process: the parent's is never used."""
    inherited = connections["default"]
    connections["default"] = inherited.__class__(
        dict(inherited.settings_dict), "default"
    )


def _child(index, call, barrier, results):
    _own_connection()
    try:
        outcome = attempt(call, lambda: barrier.wait(WAIT_SECONDS))
    finally:
        connections["default"].close()
    results.put((index, outcome))


def _in_processes(calls) -> list[Outcome]:
    barrier = FORK.Barrier(len(calls))
    results = FORK.SimpleQueue()
    processes = [
        FORK.Process(target=_child, args=(index, call, barrier, results))
        for index, call in enumerate(calls)
    ]
    for process in processes:
        process.start()
    answers = dict(results.get() for _ in processes)
    for process in processes:
        process.join()
    return [answers[index] for index in range(len(calls))]


class Arena:
    """``with Arena(tmp_path) as arena:`` … ``arena.at_once(a, b)``."""

    def __init__(self, folder):
        self.path = folder / "races.sqlite3"
        self.on_sqlite = connection.vendor == "sqlite"
        self.memory = None

    @property
    def how(self) -> str:
        return "SQLite, processes" if self.on_sqlite else "PostgreSQL, threads"

    def __enter__(self):
        if self.on_sqlite:
            self.memory = connections["default"]
            self.memory.ensure_connection()
            target = sqlite3.connect(self.path)
            self.memory.connection.backup(target)
            target.close()
            settings = {**self.memory.settings_dict, "NAME": str(self.path)}
            connections["default"] = self.memory.__class__(settings, "default")
        return self

    def __exit__(self, *exc):
        if self.memory is not None:
            connections["default"].close()
            connections["default"] = self.memory
            self.memory = None

    def at_once(self, *calls) -> list[Outcome]:
        if self.on_sqlite:
            return _in_processes(calls)
        return _in_threads(calls)
