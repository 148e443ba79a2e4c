"""The board's remiss in the current year (issue 9, J5): loaded by ``manage.py
load_demo``, every committee has answered or declined and compiling the
answers waits in the KS case officer's "Mina uppgifter"."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from casework import clock
from casework.demo_board import TITLE
from casework.directory.models import User
from casework.referrals.models import Referral, ReferralRecipient
from casework.registry.models import Case, Document
from workflows import tasks
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow

pytestmark = pytest.mark.django_db

State = ReferralRecipient.State


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def board_case() -> Case:
    return Case.objects.get(register__code="ks", title=TITLE)


def test_the_board_case_is_registered_in_the_current_year_R39(demo):
    case = board_case()
    assert case.year == clock.today().year
    assert case.registered_on.year == clock.today().year
    assert case.case_officer.username == "handlaggare.slk"
    assert case.status == Case.Status.OPEN


def test_its_referral_went_to_three_committees_that_all_answered_or_declined_R42(
    demo,
):
    referral = board_case().referrals.get()
    assert referral.state == Referral.State.DISPATCHED
    assert referral.dispatched_at.year == clock.today().year
    states = {
        recipient.organisation.code: recipient.state
        for recipient in referral.recipients.select_related("organisation")
    }
    assert states == {
        "trn": State.ANSWERED,
        "expn": State.ANSWERED,
        "sbn": State.DECLINED,
    }
    for recipient in referral.recipients.all():
        assert recipient.committee_case.links_out.filter(to_case=referral.case).exists()
        assert recipient.process.flow_class is ResponseFlow


def test_the_answers_are_incoming_documents_of_the_board_case_R42(demo):
    incoming = board_case().documents.filter(direction=Document.Direction.INCOMING)
    kinds = sorted(incoming.values_list("kind", flat=True))
    assert kinds == sorted(
        [Document.Kind.OFFICER_REPORT, Document.Kind.MINUTES_EXTRACT] * 2
    )
    assert all(document.is_official for document in incoming)


def test_compiling_the_answers_waits_in_the_case_officers_tasks_R45(demo):
    officer = User.objects.get(username="handlaggare.slk")
    mine = tasks.assigned_to(officer).filter(
        flow_task=ReferralFlow.compile_answers,
    )
    referral = board_case().referrals.get()
    assert [task.process_id for task in mine] == [referral.process.pk]
