"""Small builders for test objects; each goes through the services."""

import datetime
import itertools

from django.utils import timezone

from casework import clock
from casework.directory import services as directory
from casework.directory.models import Organisation, StaffRole
from casework.meetings.services import delegation_order
from casework.registry import services as registry
from casework.registry.models import Document

_counter = itertools.count(1)
SYSTEM_REASON = "test set-up"


def administrator(actor=None):
    """Who changes the directory in a test: ``actor`` if given, else the system
    account (``permissions.administration``)."""
    return actor or directory.system_account(reason=SYSTEM_REASON)


def make_user(username=None, *, actor=None, first_name="Test", last_name="Person"):
    username = username or f"user{next(_counter)}"
    return directory.create_user(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@example.invalid",
        password="correct-horse-battery",
        actor=administrator(actor),
        reason=SYSTEM_REASON,
    )


def make_organisation(code, name, kind, *, serves=None, actor=None, **extra):
    return directory.create_organisation(
        code=code,
        name=name,
        kind=kind,
        serves=serves,
        actor=administrator(actor),
        reason=SYSTEM_REASON,
        **extra,
    )


def make_staff(username, role, organisation=None, *, party=None, actor=None, **names):
    user = make_user(username, actor=actor, **names)
    directory.grant_staff_role(
        user=user,
        role=role,
        organisation=organisation,
        party=party,
        valid_from=datetime.date(2010, 1, 1),
        actor=administrator(actor),
        reason=SYSTEM_REASON,
    )
    return user


def make_case(register, actor, *, title="Internationell strategi", **extra):
    if register.requires_classification:
        extra.setdefault("classification", "106")
    return registry.register_case(register=register, title=title, actor=actor, **extra)


def make_document(case, actor, *, direction=Document.Direction.DRAWN_UP, **extra):
    extra.setdefault("title", "Tjänsteutlåtande")
    extra.setdefault("public_description", "Tjänsteutlåtande om remissen")
    if direction != Document.Direction.DRAWN_UP:
        extra.setdefault("counterpart", "Kommunstyrelsen")
    return registry.register_document(
        case=case, direction=direction, actor=actor, **extra
    )


Kind = Organisation.Kind
Role = StaffRole.Role


def error_codes(error) -> set[str]:
    """Every code in a ValidationError, field errors and non-field errors alike."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def adopt_delegation_order(
    organisation,
    actor,
    *,
    numbers=("1.1", "3.1", "3.2", "4.2"),
    adopted_on=datetime.date(2015, 1, 15),
    category="ordinary",
):
    """A delegation order of ``organisation`` adopted in the past, with one point
    of ``category`` for each number (R46); ``actor`` is the body's secretary."""
    with clock.acting_at(_noon(adopted_on)):
        order = delegation_order.start_new_version(
            organisation=organisation, actor=actor, reason=SYSTEM_REASON
        )
        for number in numbers:
            delegation_order.save_point(
                order=order,
                number=number,
                matter=f"Beslut enligt punkt {number}",
                category=category,
                delegate_kind="employee",
                delegate="förvaltningschef",
                actor=actor,
                reason=SYSTEM_REASON,
            )
        return delegation_order.adopt_order(
            order=order,
            adopted_on=adopted_on,
            decision_paragraph="§ 12",
            actor=actor,
            reason=SYSTEM_REASON,
        )


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
