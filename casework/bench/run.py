"""One benchmark run: every operation measured three ways inside one transaction
that is rolled back, so the database is left as it was (logins, guardian grants)."""

import logging
import os
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import override_settings

from casework.bench import baseline, measure, ops, personas, report
from casework.bench.seed import history_rows
from casework.directory.models import Organisation, User
from casework.registry.models import Case, Document
from permissions import rules


def benchmark(*, iterations: int, warmup: int, progress) -> tuple[dict, list]:
    """The run's description and its table rows."""
    chosen = personas.choose()
    load = os.getloadavg()[0]
    rows = []
    with _measuring(), transaction.atomic():
        granted = baseline.grant(chosen)
        for op in ops.build(chosen):
            progress(f"{op.code} {op.persona} {op.what}")
            results = measure.run(op.variants, iterations=iterations, warmup=warmup)
            rows += report.rows_for(op, results, connection.vendor)
        transaction.set_rollback(True)
    machine = {
        "cpus": os.cpu_count(),
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }
    return {**_meta(chosen, iterations, warmup, granted), "machine": machine}, rows


@contextmanager
def _measuring():
    """Production-like settings for the pages, and errors kept to the table."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    request_log = logging.getLogger("django.request")
    disabled, request_log.disabled = request_log.disabled, True
    try:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            yield
    finally:
        request_log.disabled = disabled


def _meta(chosen, iterations: int, warmup: int, granted: int) -> dict:
    return {
        "database": connection.vendor,
        "iterations": iterations,
        "warmup": warmup,
        "dataset": {
            "cases": Case.objects.count(),
            "documents": Document.objects.count(),
            "history_rows": history_rows(),
            "users": User.objects.count(),
            "organisations": Organisation.objects.count(),
        },
        "personas": {
            "officer": chosen.officer.username,
            "department": chosen.department.name,
            "officer_visible_cases": rules.cases_visible_to(chosen.officer).count(),
            "auditor": chosen.auditor.username,
            "register": chosen.register.code,
            "largest_register": chosen.largest_register.code,
            "detail_case": chosen.case.registration_number,
            "status_filter": str(chosen.status),
            "baseline_case_grants": granted,
        },
    }


def describe(meta: dict) -> str:
    data, who, machine = meta["dataset"], meta["personas"], meta["machine"]
    return "\n".join(
        [
            f"database {meta['database']}: {data['cases']} cases, "
            f"{data['documents']} documents, {data['history_rows']} history rows, "
            f"{data['users']} users, {data['organisations']} organisations",
            f"officer {who['officer']} ({who['department']}, "
            f"{who['officer_visible_cases']} visible cases, "
            f"{who['baseline_case_grants']} guardian rows for the baseline); "
            f"auditor {who['auditor']}",
            f"filters ?status={who['status_filter']}, ?register= {who['register']} "
            f"(officer) / {who['largest_register']} (auditor); "
            f"detail {who['detail_case']}",
            f"{meta['iterations']} iterations after {meta['warmup']} warm-up; "
            "ours = the page through the test client, baseline and floor = data only",
            f"{machine['cpus']} CPUs, load average {machine['load_before']:.2f} "
            f"before and {machine['load_after']:.2f} after the run",
        ]
    )
