# ruff: noqa: F811 (the fixtures of test_signing, used by name)
"""The minutes due for someone's signature are among their tasks, and the
menu leads to the tasks there are to take (R24)."""

import pytest
from django.urls import reverse

from casework.meetings.services import signing
from tests.meetings.test_signing import REASON

pytestmark = pytest.mark.django_db


def _my_tasks(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("tasks:mine"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_minutes_due_for_the_chairs_signature_are_in_the_chairs_tasks_R24(
    client, drawn_up, chair_user, member_user
):
    sign = reverse("meetings:minutes_approve", args=[drawn_up.meeting.pk])
    assert f'href="{sign}"' in _my_tasks(client, chair_user)
    assert f'href="{sign}"' not in _my_tasks(client, member_user)


def test_signed_minutes_leave_the_chairs_tasks_and_stay_in_the_checkers_R24(
    client, drawn_up, chair_user, checker_user
):
    signing.sign_minutes(minutes=drawn_up, actor=chair_user, reason=REASON)
    sign = reverse("meetings:minutes_approve", args=[drawn_up.meeting.pk])
    assert f'href="{sign}"' not in _my_tasks(client, chair_user)
    assert f'href="{sign}"' in _my_tasks(client, checker_user)


def test_the_menu_leads_to_the_tasks_to_take(client, member_user):
    client.force_login(member_user)
    page = client.get(reverse("registry:case_list")).content.decode()
    menu = page.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("tasks:claimable")}"' in menu
    assert "Uppgifter att ta" in menu
