"""Timing and query counting. The variants of one operation are timed in turn in
every iteration, so that a slow moment of the machine hits them alike; the query
count comes from one extra call under ``CaptureQueriesContext``."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    """The measurements of one variant of one operation."""

    variant: str
    queries: int | None = None
    error: str | None = None
    times_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def p95(self) -> float | None:
        """Nearest-rank 95th percentile."""
        if not self.times_ms:
            return None
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


def probe(variant: str, call: Callable) -> Result:
    """Call once, counting queries; a failure is recorded, not raised, and its
    writes are undone."""
    result = Result(variant)
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            call()
    except Exception as error:  # reported in the table, never raised
        result.error = f"{type(error).__name__}: {error}"[:200]
    result.queries = len(captured.captured_queries)
    return result


def run(variants: dict[str, Callable], *, iterations: int, warmup: int) -> list:
    """Probe each variant, then time the ones that work, interleaved."""
    results = {name: probe(name, call) for name, call in variants.items()}
    live = {name: call for name, call in variants.items() if not results[name].error}
    for iteration in range(warmup + iterations):
        for name, call in live.items():
            started = time.perf_counter()
            call()
            elapsed = (time.perf_counter() - started) * 1000
            if iteration >= warmup:
                results[name].times_ms.append(elapsed)
    return list(results.values())
