"""The 2016 remiss as the demo's running example (issue 4, "Fixtures and UI"),
loaded by ``manage.py load_demo`` through the referral and response flows."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.directory.models import User
from casework.referrals.models import Extension, Referral, ReferralRecipient
from casework.registry.models import Case, CaseLink, Document
from workflows import tasks
from workflows.nodes import branch_key
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow

pytestmark = pytest.mark.django_db

State = ReferralRecipient.State
DEADLINE = datetime.date(2016, 10, 17)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load shared by the module's tests, rolled back when they are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def referral() -> Referral:
    return Referral.objects.get(
        case__register__code="ks", case__registration_number="106-1031/2016"
    )


def recipient(code: str) -> ReferralRecipient:
    return referral().recipients.get(organisation__code=code)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count() for model in apps.get_models()
    }


def test_the_referral_is_dispatched_to_three_committees(demo):
    sent = referral()
    assert sent.state == Referral.State.DISPATCHED
    assert sent.response_deadline == DEADLINE
    assert sent.question.startswith("Kommunstyrelsen remitterar")
    assert sent.dispatched_at.date() == datetime.date(2016, 8, 17)
    assert sent.letter.is_official
    assert sent.letter.direction == Document.Direction.OUTGOING
    assert sent.documents.get().public_description.startswith("Remiss av förslag")
    codes = set(sent.recipients.values_list("organisation__code", flat=True))
    assert codes == {"trn", "expn", "sbn"}
    assert all(r.deadline == DEADLINE for r in sent.recipients.all())


@pytest.mark.parametrize(
    ("code", "number", "seed_words"),
    [
        ("trn", "T2016-01906", "sträcker sig till och med den 17 oktober 2016"),
        ("expn", "E2016-01205", "för yttrande senast den 17 oktober 2016"),
    ],
)
def test_the_answering_committees_answered_with_their_seed_reports(
    demo, code, number, seed_words
):
    """R42: the answers decided on 2016-09-22 went back to KS with the report."""
    branch = recipient(code)
    assert branch.state == State.ANSWERED
    assert branch.committee_case.registration_number == number
    incoming = referral().case.documents.filter(
        direction=Document.Direction.INCOMING, kind=Document.Kind.OFFICER_REPORT
    )
    assert any(seed_words in " ".join(d.versions.last().body.split()) for d in incoming)
    link = CaseLink.objects.get(
        to_case=referral().case, from_case__registration_number=number
    )
    report = link.from_case.documents.get(
        kind=Document.Kind.OFFICER_REPORT, direction=Document.Direction.DRAWN_UP
    )
    assert seed_words in " ".join(report.versions.last().body.split())


def test_the_answering_committees_answered_with_the_seed_reports(demo):
    assert recipient("trn").state == State.ANSWERED
    assert recipient("trn").committee_case.registration_number == "T2016-01906"
    assert recipient("expn").state == State.ANSWERED


def test_stadsbyggnadsnamnden_is_open_with_a_pending_extension_request(demo):
    branch = recipient("sbn")
    assert branch.is_open
    assert branch.state == State.RECEIVED
    case = branch.committee_case
    assert case.register.code == "sbk"
    assert case.registration_number.startswith("S-Dp 2016-")
    assert case.status != Case.Status.CLOSED
    assert CaseLink.objects.filter(from_case=case, to_case=referral().case).exists()
    extension = branch.extensions.get()
    assert extension.state == Extension.State.REQUESTED
    assert extension.requested_until == datetime.date(2016, 11, 14)
    assert extension.reason.startswith("Stadsbyggnadsnämnden sammanträder inte")
    assert extension.requested_by.username == "registrator.sbk"


def test_loading_twice_creates_nothing_new(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    assert "inget nytt skapades" in output
    # the 2016 referral and the board's referral of the current year
    assert Referral.objects.count() == 2


# --- the flows behind the demo ------------------------------------------------


def open_tasks(process, node):
    return Task.objects.filter(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def test_the_referral_runs_in_its_flow_with_one_branch_per_committee(demo):
    """c.1: the KS case officer sent the referral from the flow; the answered
    branches have ended and the third waits for the decision on its request."""
    process = referral().process
    assert process.status == PROCESS.NEW
    assert referral().prepared_by.username == "handlaggare.slk"
    dispatch = Task.objects.get(process=process, flow_task=ReferralFlow.dispatch)
    assert (dispatch.status, dispatch.owner.username) == (
        STATUS.DONE,
        "handlaggare.slk",
    )
    branches = Task.objects.filter(
        process=process, flow_task=ReferralFlow.wait_for_answer
    )
    assert {branch_key(task) for task in branches} == set(
        referral().recipients.values_list("pk", flat=True)
    )
    assert not open_tasks(process, ReferralFlow.wait_for_answer).exists()
    assert not open_tasks(process, ReferralFlow.compile_answers).exists()
    decide = open_tasks(process, ReferralFlow.decide_extension).get()
    assert branch_key(decide) == recipient("sbn").pk
    for code in ("trn", "expn"):
        assert recipient(code).process.status == PROCESS.CANCELED


def test_the_demo_users_find_their_tasks(demo, client):
    """The KS case officer has the request for an extension in "Mina
    uppgifter"; stadsbyggnadskontoret's registrar may take the assignment of a
    case officer; trafikkontoret's staff see neither."""
    officer = User.objects.get(username="handlaggare.slk")
    decide = open_tasks(referral().process, ReferralFlow.decide_extension).get()
    assert decide in tasks.assigned_to(officer)
    client.force_login(officer)
    page = client.get(reverse("tasks:mine")).content.decode()
    assert reverse("tasks:task", args=[decide.pk]) in page
    assert client.get(reverse("tasks:task", args=[decide.pk])).status_code == 200

    registrar = User.objects.get(username="registrator.sbk")
    assign = open_tasks(recipient("sbn").process, ResponseFlow.assign_officer).get()
    assert assign in tasks.claimable_by(registrar)
    client.force_login(registrar)
    page = client.get(reverse("tasks:claimable")).content.decode()
    assert reverse("tasks:take", args=[assign.pk]) in page

    outsider = User.objects.get(username="karin.dhakal")
    assert not tasks.claimable_by(outsider).filter(pk=assign.pk).exists()
    client.force_login(outsider)
    assert client.get(reverse("tasks:task", args=[decide.pk])).status_code == 404
