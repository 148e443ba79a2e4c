"""The write path for organisations, parties, people, seats, staff roles and
the rights given in the administration."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.directory.models import (
    Assignment,
    Organisation,
    Party,
    PartyDesignation,
    Person,
    StaffRole,
    User,
)
from casework.history import require_reason, save_tracked
from casework.records import field_error
from permissions import administration


@transaction.atomic
def system_account(*, reason: str) -> User:
    """The account the data load and the scheduled jobs act as
    (``permissions.administration``): it cannot log in and is recorded as its
    own creator, since nobody may create accounts before it exists."""
    username = administration.SYSTEM_USERNAME
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = User(username=username, first_name="System", last_name="Konto")
    user.set_unusable_password()
    return save_tracked(user, actor=user, reason=reason)


@transaction.atomic
def create_organisation(*, actor, reason: str, **fields) -> Organisation:
    """Add a body or office (nämnd, förvaltning, beredning …)."""
    administration.require_directory_administrator(actor)
    return save_tracked(Organisation(**fields), actor=actor, reason=reason)


@transaction.atomic
def update_organisation_rules(
    *,
    organisation: Organisation,
    special_statements: str,
    substitutes_may_record_opinion: bool,
    actor,
    reason: str,
) -> Organisation:
    """Change an organisation's rules on special statements (reglemente, R18–R19)."""
    administration.require_directory_administrator(actor)
    organisation.special_statements = special_statements
    organisation.substitutes_may_record_opinion = substitutes_may_record_opinion
    return save_tracked(organisation, actor=actor, reason=reason)


@transaction.atomic
def create_party(*, code: str, name: str, actor, reason: str) -> Party:
    """Add a party under its normalised code (R77)."""
    administration.require_directory_administrator(actor)
    return save_tracked(Party(code=code, name=name), actor=actor, reason=reason)


@transaction.atomic
def add_party_designation(
    *,
    party: Party,
    code: str,
    name: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    actor,
    reason: str,
) -> PartyDesignation:
    """Record a code a party used for a period, e.g. FP until 2015 (R77)."""
    administration.require_directory_administrator(actor)
    designation = PartyDesignation(
        party=party, code=code, name=name, valid_from=valid_from, valid_to=valid_to
    )
    return save_tracked(designation, actor=actor, reason=reason)


@transaction.atomic
def create_person(
    *,
    first_name: str,
    last_name: str,
    actor,
    reason: str,
    user: User | None = None,
    title: str = "",
    phone: str = "",
) -> Person:
    """Add a politician or an official to the directory."""
    administration.require_directory_administrator(actor)
    person = Person(
        first_name=first_name, last_name=last_name, user=user, title=title, phone=phone
    )
    return save_tracked(person, actor=actor, reason=reason)


@transaction.atomic
def link_user(*, person: Person, user: User, actor, reason: str) -> Person:
    """Give a person in the directory their login, e.g. a member who signs the
    minutes; a person keeps the login once given."""
    administration.require_directory_administrator(actor)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise ValidationError(
            _("%(person)s already has a login.") % {"person": person},
            code="person_has_login",
        )
    person.user = user
    return save_tracked(person, actor=actor, reason=reason)


@transaction.atomic
def create_user(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str | None,
    actor,
    reason: str,
    hashed_password: str = "",
) -> User:
    """Create a login; without a password the account cannot log in until one is
    set. ``hashed_password`` (from ``make_password``) lets a bulk load hash one
    shared password once."""
    administration.require_directory_administrator(actor)
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    if hashed_password:
        user.password = hashed_password
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return save_tracked(user, actor=actor, reason=reason)


@transaction.atomic
def appoint(
    *,
    person: Person,
    organisation: Organisation,
    role: str,
    valid_from: datetime.date,
    actor,
    reason: str,
    party: Party | None = None,
    valid_to: datetime.date | None = None,
) -> Assignment:
    """Give a person a seat in a political body for a period (sv. uppdrag, R2, R3)."""
    administration.require_directory_administrator(actor)
    assignment = Assignment(
        person=person,
        organisation=organisation,
        role=role,
        party=party,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return save_tracked(assignment, actor=actor, reason=reason)


@transaction.atomic
def end_assignment(
    *, assignment: Assignment, ended_on: datetime.date, actor, reason: str
) -> Assignment:
    """End a seat; the record of the period stays."""
    administration.require_directory_administrator(actor)
    if ended_on < assignment.valid_from:
        raise ValidationError(
            _("An assignment cannot end before it starts."), code="ends_before_start"
        )
    assignment.valid_to = ended_on
    return save_tracked(assignment, actor=actor, reason=reason)


@transaction.atomic
def grant_staff_role(
    *,
    user: User,
    role: str,
    actor,
    reason: str,
    organisation: Organisation | None = None,
    party: Party | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> StaffRole:
    """Give a user a staff role in an organisation, a party, or city-wide."""
    administration.require_directory_administrator(actor)
    staff_role = StaffRole(
        user=user,
        role=role,
        organisation=organisation,
        party=party,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
    )
    return save_tracked(staff_role, actor=actor, reason=reason)


@transaction.atomic
def revoke_staff_role(*, staff_role: StaffRole, actor, reason: str) -> StaffRole:
    """End a staff role today; access stops with the next request."""
    administration.require_directory_administrator(actor)
    today = timezone.localdate()
    staff_role.valid_to = max(staff_role.valid_from, today - datetime.timedelta(days=1))
    if staff_role.valid_from >= today:
        staff_role.valid_from = staff_role.valid_to = today - datetime.timedelta(days=1)
    return save_tracked(staff_role, actor=actor, reason=reason)


def find_permissions(names) -> list[Permission]:
    """The permissions named ``app_label.codename`` (``permissions.codes``)."""
    found = []
    for name in names:
        app_label, _dot, codename = str(name).partition(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise field_error(
                "permissions",
                _("There is no right named %(name)s.") % {"name": name},
                code="unknown_permission",
            )
        found.append(permission)
    return found


@transaction.atomic
def create_group(*, name: str, permissions, actor, reason: str) -> Group:
    """A group of rights in the administration, e.g. its system
    administrators'. Groups have no history of their own: their snapshots
    (``casework.audit.snapshots``) name actor and reason."""
    require_reason(reason)
    administration.require_directory_administrator(actor)
    group = Group(name=name)
    group.full_clean()
    group._history_user = actor
    group._change_reason = reason
    group.save()
    group.permissions.set(find_permissions(permissions))
    return group


@transaction.atomic
def admit_to_administration(*, user: User, groups, actor, reason: str) -> User:
    """Let ``user`` into the administration (staff) with the rights of
    ``groups`` and nothing else: never as superuser."""
    administration.require_directory_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_staff = True
    save_tracked(user, actor=actor, reason=reason)
    user.groups.add(*groups)
    return user
