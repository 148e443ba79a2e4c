"""The demo's system administrator (issue 10, point 4): the person whose job it
is to lift a log-in lock has an account that may do it, and nothing more than an
administrator of accounts needs."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from casework.audit.models import Snapshot
from casework.directory.models import User
from casework.signin.models import LoginLockout
from permissions import codes
from permissions.lockouts import can_unlock_logins

pytestmark = pytest.mark.django_db

ADMINISTRATOR = "it.forvaltare"
GROUP = "Systemförvaltare"
# The rights of an administrator of accounts: lift locks, look up the account a
# lock names, and see where the failed log-ins came from.
RIGHTS = {
    codes.UNLOCK_LOGIN,
    codes.VIEW_USER,
    codes.VIEW_LOGIN_ATTEMPT,
    codes.VIEW_LOGIN_FAILURE,
}
# Someone whom no journey or check of the demo needs signed in.
HOLDER = "viktor.fiktivsson"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load shared by the module's tests, rolled back when they are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def administrator() -> User:
    return User.objects.get(username=ADMINISTRATOR)


def log_in(username: str, password: str, address: str = "203.0.113.7") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.response = client.post(
        reverse("login"), {"username": username, "password": password}
    )
    return client


def test_the_demo_has_a_system_administrator_who_may_unlock_log_ins(demo):
    """Issue 10.4: someone in the demo does the administrator's job."""
    user = administrator()
    assert user.check_password(settings.DEMO_PASSWORD)
    assert user.is_staff and user.is_active
    assert can_unlock_logins(user)
    assert f"  {ADMINISTRATOR}  " in demo


def test_the_system_administrator_is_no_superuser_and_holds_only_the_groups_rights(
    demo,
):
    """Issue 10.4: the rights of an administrator of accounts, and no more."""
    user = administrator()
    assert not user.is_superuser
    assert [group.name for group in user.groups.all()] == [GROUP]
    assert not user.user_permissions.exists()
    assert user.get_all_permissions() == RIGHTS


def test_the_system_administrator_cannot_change_accounts_or_rights(demo):
    """Issue 10.4: whoever may change users in the administration may make
    anyone superuser; the administrator of accounts reads them only."""
    client = log_in(ADMINISTRATOR, settings.DEMO_PASSWORD)
    holder = User.objects.get(username=HOLDER)
    change = reverse("admin:directory_user_change", args=[holder.pk])
    assert client.get(change).status_code == 200
    refused = client.post(change, {"username": HOLDER, "is_superuser": "on"})
    assert refused.status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    holder.refresh_from_db()
    assert not holder.is_superuser


def test_the_administrator_cannot_make_anyone_superuser_through_an_earlier_version(
    demo,
):
    """Issue 10.4: the page of an earlier version of a record in the
    administration saves what is posted to it; reading users must not let
    the administrator of accounts change one."""
    client = log_in(ADMINISTRATOR, settings.DEMO_PASSWORD)
    holder = User.objects.get(username=HOLDER)
    version = holder.history.earliest()
    url = reverse(
        "admin:directory_user_simple_history", args=[holder.pk, version.history_id]
    )
    assert client.get(url).status_code == 200
    posted = {
        "username": HOLDER,
        "first_name": holder.first_name,
        "last_name": holder.last_name,
        "email": holder.email,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": holder.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": holder.date_joined.strftime("%H:%M:%S"),
    }
    refused = client.post(url, posted)
    assert refused.status_code == 403
    holder.refresh_from_db()
    assert not (holder.is_superuser or holder.is_staff)


def test_the_administrators_rights_are_recorded_with_the_loads_actor_and_reason(
    demo,
):
    """R83: the staff flag, the membership and the group's rights have their
    snapshots, naming who gave them and why."""
    user = administrator()
    group = Group.objects.get(name=GROUP)
    system = User.objects.get(username="system")
    for subject, pk in (("directory.user", user.pk), ("auth.group", group.pk)):
        last = Snapshot.objects.filter(subject=subject, object_id=str(pk)).last()
        assert last is not None, subject
        assert last.actor == system
        assert last.reason.startswith("Demodata")
    assert user.history.filter(is_staff=True).exists()


def test_loading_again_gives_the_administrator_nothing_new(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Group.objects.filter(name=GROUP).count() == 1
    assert administrator().get_all_permissions() == RIGHTS


def test_the_administrator_lifts_a_lock_from_the_menu_and_the_holder_logs_in(demo):
    """Issue 10.4: five wrong passwords lock the account; the administrator
    finds the lock in the main menu and lifts it with a reason."""
    for attempt in range(5):
        log_in(HOLDER, f"fel-{attempt}")
    refused = log_in(HOLDER, settings.DEMO_PASSWORD)
    assert refused.response.status_code == 429
    lock = LoginLockout.objects.get(kind=LoginLockout.Kind.ACCOUNT, key=HOLDER)

    client = log_in(ADMINISTRATOR, settings.DEMO_PASSWORD, address="198.51.100.20")
    start = client.get(reverse("registry:case_list")).content.decode()
    assert "Spärrade inloggningar" in start
    assert HOLDER in client.get(reverse("signin:lockouts")).content.decode()
    lifted = client.post(
        reverse("signin:unlock", args=[lock.pk]),
        {"reason": "Viktor ringde, identiteten kontrollerad"},
    )
    assert lifted.status_code == 302

    assert log_in(HOLDER, settings.DEMO_PASSWORD).response.status_code == 302
    lock.refresh_from_db()
    assert lock.unlocked_by == administrator()
