"""Who changes the directory (issue 11, ``permissions.administration``): the
system account that loads the data and runs the jobs, and superusers; nobody
else, through any page or by calling the services."""

import pytest
from django.core.exceptions import PermissionDenied

from casework.directory import services
from casework.directory.models import Party, StaffRole, User
from tests.builders import Role, make_staff, make_user

pytestmark = pytest.mark.django_db


def test_a_registrar_cannot_create_a_login_or_grant_herself_a_role(city):
    registrar = make_staff("registrator.tk", Role.REGISTRAR, city.tk)
    users, roles = User.objects.count(), StaffRole.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_user(
            username="ny",
            first_name="Ny",
            last_name="Användare",
            email="ny@example.invalid",
            password=None,
            actor=registrar,
            reason="försök",
        )
    with pytest.raises(PermissionDenied):
        services.grant_staff_role(
            user=registrar,
            role=Role.HEAD_OF_DEPARTMENT,
            organisation=city.tk,
            actor=registrar,
            reason="försök",
        )
    assert (User.objects.count(), StaffRole.objects.count()) == (users, roles)


def test_the_system_account_given_a_password_administers_nothing(db):
    """Once someone could sign in as it, no page may act as the system."""
    system = services.system_account(reason="uppstart")
    system.set_password("correct-horse-battery")
    system.save(update_fields=["password"])
    with pytest.raises(PermissionDenied):
        services.create_party(code="X", name="X", actor=system, reason="försök")
    assert not Party.objects.filter(code="X").exists()


def test_the_system_account_cannot_log_in_and_administers_the_directory(db):
    system = services.system_account(reason="uppstart")
    assert not system.has_usable_password()
    assert services.system_account(reason="uppstart") == system
    party = services.create_party(code="X", name="X", actor=system, reason="laddning")
    assert party.history.get().history_user == system


def test_a_superuser_administers_the_directory(db):
    superuser = make_user("admin")
    User.objects.filter(pk=superuser.pk).update(is_superuser=True)
    superuser.refresh_from_db()
    party = services.create_party(code="X", name="X", actor=superuser, reason="ny")
    assert party.pk is not None
