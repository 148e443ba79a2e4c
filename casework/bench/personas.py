"""Who and what the benchmark measures, chosen deterministically from the seeded
data: a case officer of the median-sized department, the first auditor, the
registers to filter by and the case whose detail page is read."""

from dataclasses import dataclass

from django.core.management.base import CommandError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from casework.directory.models import Organisation, StaffRole, User
from casework.registry.models import Case, Register

Role = StaffRole.Role


@dataclass(frozen=True)
class Personas:
    officer: User
    auditor: User
    department: Organisation
    register: Register
    largest_register: Register
    case: Case
    status: str = Case.Status.IN_PROGRESS


def choose() -> Personas:
    """The personas and objects of the run; refuses a database without seed data."""
    department = _median_department()
    officer = _busiest(
        User.objects.filter(
            staff_roles__role=Role.CASE_OFFICER, staff_roles__organisation=department
        )
    )
    auditor = User.objects.filter(staff_roles__role=Role.AUDITOR).order_by("username")
    if officer is None or not auditor.exists():
        raise CommandError("No case officer or auditor found: run seed_scale first.")
    return Personas(
        officer=officer,
        auditor=auditor.first(),
        department=department,
        register=Register.objects.filter(organisation=department).order_by("pk")[0],
        largest_register=_by_cases(Register.objects.all()).first(),
        case=_richest_case(department),
    )


def _by_cases(queryset):
    return queryset.annotate(case_count=Count("cases")).order_by("-case_count", "pk")


def _median_department() -> Organisation:
    departments = list(
        _by_cases(
            Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT)
        ).filter(case_count__gt=0)
    )
    if not departments:
        raise CommandError("No cases found: run seed_scale first.")
    return departments[len(departments) // 2]


def _busiest(users):
    return (
        users.annotate(handled=Count("cases_handled"))
        .order_by("-handled", "username")
        .first()
    )


def _richest_case(department: Organisation) -> Case:
    """The department's case with the longest history, then the most documents."""
    history = (
        Case.history.model.objects.filter(id=OuterRef("pk"))
        .values("id")
        .annotate(rows=Count("history_id"))
        .values("rows")
    )
    return (
        Case.objects.filter(organisation=department)
        .annotate(
            history_rows=Coalesce(Subquery(history), 0),
            document_count=Count("documents"),
        )
        .order_by("-history_rows", "-document_count", "-pk")
        .first()
    )
