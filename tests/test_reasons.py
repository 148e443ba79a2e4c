"""R83: every change is logged with a reason, and a reason must say something:
a blank one, one of only spaces or only punctuation is refused on every write
path and nothing is written."""

import pytest
from django.contrib.auth.models import Group

from casework.directory import services as directory
from casework.history import save_tracked
from permissions import grants
from tests import test_history
from tests.builders import make_case, make_document
from tests.reasons import EMPTY_REASONS, assert_refused_without_writing
from tests.test_history import SCENARIOS, world  # noqa: F401

pytestmark = pytest.mark.django_db
# The scenarios that write something of their own before calling the service.
WRITES_FIRST = {
    "casework.directory.services.admit_to_administration",
    "casework.directory.services.grant_staff_role",
    "casework.directory.services.link_user",
    "casework.registry.services.copy_attachments",
}


@pytest.mark.parametrize("reason", EMPTY_REASONS)
@pytest.mark.parametrize("name", sorted(set(SCENARIOS) - WRITES_FIRST))
def test_a_register_or_directory_service_refuses_an_empty_reason_R83(
    world,  # noqa: F811
    monkeypatch,
    name,
    reason,
):
    # the actor who really does the job: a directory administrator for the
    # directory's services and the opening of registers, else a registrar
    actor = test_history._actor_for(name, world)

    def call(text):
        monkeypatch.setattr(test_history, "REASON", text)
        SCENARIOS[name](world, actor)

    assert_refused_without_writing(call, reason)


@pytest.mark.parametrize("reason", EMPTY_REASONS)
def test_a_tracked_save_refuses_an_empty_reason_R83(t_registrar, reason):
    group = Group(name="Registratorer")
    assert_refused_without_writing(
        lambda text: save_tracked(group, actor=t_registrar, reason=text), reason
    )


def test_a_reason_that_is_not_text_is_refused_R83(t_registrar):
    group = Group(name="Registratorer")
    assert_refused_without_writing(
        lambda _text: save_tracked(group, actor=t_registrar, reason=None), ""
    )


@pytest.mark.parametrize("reason", EMPTY_REASONS)
def test_a_group_of_rights_is_not_created_without_a_reason_R83(system_user, reason):
    assert_refused_without_writing(
        lambda text: directory.create_group(
            name="Systemförvaltare", permissions=[], actor=system_user, reason=text
        ),
        reason,
    )


@pytest.mark.parametrize("reason", EMPTY_REASONS)
def test_a_confidential_document_is_not_opened_without_a_reason_R83(
    city, t_registrar, karin, reason
):
    letter = make_document(make_case(city.t_register, t_registrar), t_registrar)
    assert_refused_without_writing(
        lambda text: grants.open_confidential_document(
            document=letter, to_user=karin, actor=t_registrar, reason=text
        ),
        reason,
    )


def test_a_short_reason_in_words_is_recorded_R83(t_registrar):
    group = Group(name="Registratorer")
    save_tracked(group, actor=t_registrar, reason="Ny grupp")
    assert Group.objects.filter(name="Registratorer").exists()
