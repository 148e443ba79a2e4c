"""The benchmark harness: the scale seeder and run_bench, on a small dataset."""

import datetime
import hashlib
import io
import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from guardian.models import UserObjectPermission

from casework.bench import baseline, floor, personas
from casework.bench.seed import history_models
from casework.directory.services import system_account
from casework.registry import services as registry
from casework.registry.models import (
    Case,
    Document,
    DocumentVersion,
    NumberSequence,
    Register,
)
from permissions import rules
from tests.builders import Kind, make_organisation

pytestmark = pytest.mark.django_db

SMALL = ["--cases", "300", "--users", "150", "--organisations", "14"]


def seed_small(*extra) -> str:
    out = io.StringIO()
    call_command("seed_scale", *SMALL, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One small seeding shared by the tests after it in this module, rolled back
    at the end. Tests that need an empty database come before the first test that
    asks for it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_small()
        yield
        transaction.set_rollback(True)


def digest() -> str:
    cases = Case.objects.order_by("registration_number").values_list(
        "registration_number",
        "title",
        "status",
        "registered_on",
        "closed_on",
        "organisation__code",
        "case_officer__username",
    )
    documents = Document.objects.order_by("case__registration_number", "sequence")
    documents = documents.values_list(
        "case__registration_number", "sequence", "kind", "state", "dated"
    )
    text = repr((list(cases), list(documents)))
    return hashlib.sha256(text.encode()).hexdigest()


def counts() -> tuple:
    return tuple(model.objects.count() for model in [Case, Document, *history_models()])


def seeded_digest(*extra) -> str:
    """Seed, take the digest, and roll the seeding back."""
    with transaction.atomic():
        seed_small(*extra)
        result = digest()
        transaction.set_rollback(True)
    return result


def test_seed_scale_gives_the_same_numbers_and_titles_on_every_run():
    first = seeded_digest()
    assert not Case.objects.exists()
    assert seeded_digest("--seed", "1") != first
    assert seeded_digest() == first


def test_seed_scale_refuses_a_database_with_other_data(system_user):
    make_organisation("ks", "Kommunstyrelsen", Kind.EXECUTIVE_BOARD)
    with pytest.raises(CommandError, match="empty database"):
        seed_small()
    assert not Case.objects.exists()


def test_seed_scale_refuses_too_few_users_for_the_organisations():
    with pytest.raises(CommandError, match="users"):
        call_command("seed_scale", "--cases", "10", "--users", "20")


def test_seed_scale_leaves_a_database_it_already_seeded_as_it_is(seeded):
    before = counts()
    assert "Already seeded" in seed_small()
    assert counts() == before


def test_every_seeded_history_row_names_a_user_and_a_reason(seeded):
    total = 0
    for model in history_models():
        total += model.objects.count()
        missing = Q(history_user__isnull=True) | Q(history_change_reason__isnull=True)
        assert not model.objects.filter(missing | Q(history_change_reason="")).exists()
    assert total > 3 * 300


def test_the_newest_history_row_of_each_record_equals_the_record(seeded):
    for model in (Case, Document, DocumentVersion):
        newest = {}
        rows = model.history.order_by("history_date", "history_id").values()
        for row in rows:
            newest[row["id"]] = row
        for record in model.objects.values():
            assert {k: newest[record["id"]][k] for k in record} == record


def test_cases_change_in_order_registered_assigned_decided_closed(seeded):
    steps = ["open", "in_progress", "decided", "closed"]
    rows = Case.history.order_by("id", "history_date", "history_id")
    by_case = defaultdict(list)
    for case_id, status in rows.values_list("id", "status"):
        by_case[case_id].append(status)
    assert {tuple(s) for s in by_case.values()} <= {
        tuple(steps[: n + 1]) for n in range(4)
    }
    assert Case.objects.filter(status="closed").exists()
    assert Case.objects.exclude(status="closed").exists()


def test_numbers_are_consecutive_per_register_year_and_follow_the_days(seeded):
    registers = {register.pk: register for register in Register.objects.all()}
    numbers = defaultdict(list)
    for case in Case.objects.order_by("registered_on", "pk"):
        register = registers[case.register_id]
        assert case.registration_number == register.format_number(
            year=case.year, seq=case.sequence
        )
        assert register.parse_number(case.registration_number) == (
            case.year,
            case.sequence,
        )
        numbers[case.register_id, case.year].append(case.sequence)
    for (register_id, year), sequence in numbers.items():
        assert sequence == list(range(1, len(sequence) + 1))
        counter = NumberSequence.objects.get(register_id=register_id, year=year)
        assert counter.last_value == len(sequence)
    for register in registers.values():
        register.full_clean()


def test_register_case_continues_the_seeded_numbers_without_a_gap(seeded):
    counter = NumberSequence.objects.order_by("-last_value", "pk").first()
    case = registry.register_case(
        register=counter.register,
        title="Remiss av cykelplan",
        actor=system_account(reason="the bench's data load"),
        registered_on=datetime.date(counter.year, 12, 30),
    )
    assert case.sequence == counter.last_value + 1
    assert case.registration_number == counter.register.format_number(
        year=counter.year, seq=counter.last_value + 1
    )


def test_a_few_departments_hold_most_cases(seeded):
    sizes = sorted(
        (r.cases.count() for r in Register.objects.all()),
        reverse=True,
    )
    assert sum(sizes[:2]) > sum(sizes) / 2
    assert sizes[0] > 3 * sizes[len(sizes) // 2]


def test_baseline_floor_and_rules_list_the_same_cases(seeded):
    chosen = personas.choose()
    baseline.grant(chosen)
    for user, auditor, register in (
        (chosen.officer, False, chosen.register),
        (chosen.auditor, True, chosen.largest_register),
    ):
        for filters in ({}, {"status": chosen.status}, {"register": register.pk}):
            visible = rules.cases_visible_to(user).filter(
                **{
                    ("register_id" if k == "register" else k): v
                    for k, v in filters.items()
                }
            )
            expected = (
                visible.count(),
                list(visible.values_list("pk", flat=True)[:50]),
            )
            count, rows = floor.case_list(user, auditor=auditor, filters=filters)
            assert (count, [row[0] for row in rows]) == expected
            count, cases = baseline.case_list(user, filters=filters)
            assert (count, [case.pk for case in cases]) == expected


def test_baseline_and_floor_read_the_documents_the_rules_show(seeded):
    chosen = personas.choose()
    baseline.grant(chosen)
    for user, auditor in ((chosen.officer, False), (chosen.auditor, True)):
        visible = rules.documents_visible_to(user, chosen.case).count()
        case, documents, history = floor.case_detail(
            user, chosen.case.pk, auditor=auditor
        )
        assert case is not None and len(documents) == visible
        assert len(history) >= chosen.case.history.count()
        _header, documents, _history = baseline.case_detail(
            user, chosen.case.pk, auditor=auditor
        )
        assert len(documents) == visible


def test_the_measured_list_page_shows_the_cases_the_floor_selects(seeded, client):
    chosen = personas.choose()
    client.force_login(chosen.officer)
    filters = {"status": chosen.status}
    response = client.get(reverse("registry:case_list"), filters, secure=True)
    _count, rows = floor.case_list(chosen.officer, auditor=False, filters=filters)
    assert response.status_code == 200
    assert rows
    for row in rows:
        assert row[1] in response.text


def test_run_bench_reports_every_operation_three_ways_with_a_query_count(
    seeded, tmp_path
):
    path = tmp_path / "bench.json"
    out = io.StringIO()
    call_command(
        "run_bench",
        "--iterations",
        "3",
        "--warmup",
        "1",
        "--json",
        str(path),
        stdout=out,
        stderr=io.StringIO(),
    )
    report = json.loads(path.read_text())
    variants = defaultdict(dict)
    for row in report["rows"]:
        variants[row["op"], row["persona"], row["what"]][row["variant"]] = row
    assert len(variants) == 8
    assert {op for op, _persona, _what in variants} == {"L1", "L3", "D1"}
    for rows in variants.values():
        assert set(rows) == {"ours", "baseline", "floor"}
        assert all(isinstance(row["queries"], int) for row in rows.values())
        assert rows["ours"]["result"] in {"pass", "miss", "error"}
        assert rows["floor"]["p50"] is not None
    assert "ours/floor" in out.getvalue()
    assert not UserObjectPermission.objects.exists()
