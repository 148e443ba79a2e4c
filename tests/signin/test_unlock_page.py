"""The administrator's page of locked accounts and addresses (issue 10, point 4)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from casework.directory.models import User
from casework.signin import services
from casework.signin.models import LoginLockout
from tests.builders import make_user
from tests.signin.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    user = make_user("admin.it", first_name="Ida", last_name="Admin")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def locked(karin):
    for n in range(5):
        log_in("karin.dhakal", f"guess{n}", address="198.51.100.1")
    for n in range(20):
        log_in(f"user{n}", "guess", address="192.0.2.66")
    return SimpleNamespace(
        account=LoginLockout.objects.get(kind=LoginLockout.Kind.ACCOUNT),
        address=LoginLockout.objects.get(kind=LoginLockout.Kind.ADDRESS),
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_administrator_sees_every_locked_account_and_address(administrator, locked):
    """Issue 10.4: the administrator finds the locks in the main menu."""
    client = signed_in(administrator)
    start = client.get(reverse("registry:case_list"))
    assert reverse("signin:lockouts") in start.content.decode()
    page = client.get(reverse("signin:lockouts"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "karin.dhakal" in text and "192.0.2.66" in text
    assert "Lås upp" in text


def test_unlocking_an_account_lets_it_log_in_and_records_who_and_why(
    administrator, locked
):
    """Issue 10.4: the unlock names the administrator and the reason."""
    client = signed_in(administrator)
    url = reverse("signin:unlock", args=[locked.account.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Karin ringde, identitet kontrollerad"})
    assert response.status_code == 302
    assert log_in("karin.dhakal", PASSWORD, address="198.51.100.1").signed_in
    lockout = LoginLockout.objects.get(pk=locked.account.pk)
    assert lockout.unlocked_by == administrator
    assert lockout.unlock_reason == "Karin ringde, identitet kontrollerad"
    latest = lockout.history.latest()
    assert latest.history_user == administrator
    assert latest.history_change_reason == "Karin ringde, identitet kontrollerad"
    assert "karin.dhakal" not in client.get(reverse("signin:lockouts")).content.decode()


def test_unlocking_an_address_lets_it_log_in_again(administrator, locked):
    """Issue 10.4: lifting the lock of an address lets its users log in."""
    client = signed_in(administrator)
    url = reverse("signin:unlock", args=[locked.address.pk])
    client.post(url, {"reason": "Skrivartest från kontoret"})
    make_user("olle.berg")
    assert log_in("olle.berg", PASSWORD, address="192.0.2.66").signed_in


def test_an_unlock_without_a_reason_gets_a_form_error(administrator, locked):
    """Issue 10.4: the reason is required; bad input gets a form error."""
    client = signed_in(administrator)
    url = reverse("signin:unlock", args=[locked.account.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i" in response.content.decode()
    assert LoginLockout.objects.get(pk=locked.account.pk).unlocked_at is None


def test_a_second_unlock_of_the_same_lock_is_refused_with_a_message(
    administrator, locked
):
    """Issue 10.4: two administrators unlocking at once: one unlock is recorded."""
    client = signed_in(administrator)
    url = reverse("signin:unlock", args=[locked.account.pk])
    client.post(url, {"reason": "first"})
    response = client.post(url, {"reason": "second"})
    assert response.status_code == 200
    assert "redan upplåst" in response.content.decode()
    assert LoginLockout.objects.get(pk=locked.account.pk).unlock_reason == "first"


def test_a_staff_member_given_the_permission_may_unlock(locked):
    """Issue 10.4: the right can be given to staff who are not superusers."""
    helper = make_user("support")
    User.objects.filter(pk=helper.pk).update(is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="unlock_login"))
    helper = User.objects.get(pk=helper.pk)
    assert signed_in(helper).get(reverse("signin:lockouts")).status_code == 200


@pytest.mark.parametrize("kind", ["user", "staff without the permission"])
def test_nobody_else_finds_the_pages(locked, kind):
    """Issue 10.4: the pages are the administrator's only: others get 404."""
    other = make_user("nyfiken")
    if kind != "user":
        User.objects.filter(pk=other.pk).update(is_staff=True)
    client = signed_in(User.objects.get(pk=other.pk))
    unlock = reverse("signin:unlock", args=[locked.account.pk])
    assert client.get(reverse("signin:lockouts")).status_code == 404
    assert client.get(unlock).status_code == 404
    assert client.post(unlock, {"reason": "jag vill"}).status_code == 404
    assert LoginLockout.objects.get(pk=locked.account.pk).unlocked_at is None
    assert reverse("signin:lockouts") not in client.get("/").content.decode()


def test_an_anonymous_visitor_is_asked_to_log_in(locked):
    """Issue 10.4: the pages are behind the log-in."""
    response = Client().get(reverse("signin:lockouts"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_unlock_service_checks_who_acts(locked):
    """Services ask who acts: the service refuses a user without the right."""
    with pytest.raises(PermissionDenied):
        services.unlock(
            lockout=locked.account, actor=make_user("nyfiken"), reason="jag vill"
        )
