"""The main menu leads staff users such as the system administrator to the
administration; no one else sees the link."""

import pytest
from django.urls import reverse

from tests.builders import make_user

pytestmark = pytest.mark.django_db

LINK = 'href="/admin/"'


def menu_of(client, user):
    client.force_login(user)
    return client.get(reverse("tasks:mine")).content.decode()


def test_a_staff_user_finds_the_administration_in_the_menu(client):
    administrator = make_user("it.forvaltare")
    administrator.is_staff = True
    administrator.save()
    page = menu_of(client, administrator)
    assert LINK in page and "Administration" in page


def test_a_user_who_is_not_staff_sees_no_administration_link(client, karin):
    assert LINK not in menu_of(client, karin)
