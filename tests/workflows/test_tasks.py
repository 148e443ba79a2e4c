"""Task lists (my tasks, tasks to take) and taking, giving back and carrying
out a task (T1, T2; rules.md (d))."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from viewflow.workflow.status import STATUS

from casework.directory import services as directory
from casework.referrals.models import ReferralRecipient
from tests.builders import Kind, Role, make_organisation, make_staff
from tests.workflows import test_referral_flow as remiss
from workflows import tasks
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import response as steps

# The fixtures shared with the referral flow's tests.
deadline = remiss.deadline
e_registrar = remiss.e_registrar
ks_case = remiss.ks_case
slk_officer = remiss.slk_officer
trafik = remiss.trafik
exploatering = remiss.exploatering

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(ks_case, slk_officer, deadline, trafik, exploatering):
    """A referral sent to trafiknämnden and exploateringsnämnden: one register
    task waits at each."""
    return remiss.send(
        remiss.start(
            ks_case,
            slk_officer,
            deadline,
            trafik.organisation,
            exploatering.organisation,
        ),
        slk_officer,
    )


def register_task(process, side):
    return remiss.open_task(
        remiss.recipient_of(process, side).process, ResponseFlow.register
    )


# --- the lists ----------------------------------------------------------------


def test_tasks_to_take_are_those_of_the_users_own_organisation(
    sent, trafik, exploatering
):
    """T2, rules.md (d): each registrar sees the register task of its own
    office only; none of the case officers' or the board's tasks."""
    trn_task = register_task(sent, trafik)
    expn_task = register_task(sent, exploatering)
    assert list(tasks.claimable_by(trafik.registrar)) == [trn_task]
    assert list(tasks.claimable_by(exploatering.registrar)) == [expn_task]
    assert list(tasks.claimable_by(trafik.officer)) == []


def test_a_committee_secretary_takes_tasks_of_the_committee(sent, trafik):
    """Staff of a committee work for the office serving it, and the other way."""
    recipient = remiss.recipient_of(sent, trafik)
    remiss.register_and_assign(recipient, trafik)
    steps.save_report(
        task=remiss.open_task(recipient.process, ResponseFlow.draft_report),
        actor=trafik.officer,
        title="Remissvar",
        clauses=["Nämnden överlämnar tjänsteutlåtandet."],
        submit=True,
    )
    steps.review(
        task=remiss.open_task(recipient.process, ResponseFlow.department_review),
        actor=trafik.head,
        approve=True,
    )
    agenda = remiss.open_task(recipient.process, ResponseFlow.put_on_agenda)
    assert list(tasks.claimable_by(trafik.secretary)) == [agenda]


def test_my_tasks_are_those_given_to_me(sent, trafik, slk_officer):
    """T1: tasks assigned by the flow (the officer report to the case's case
    officer) and tasks taken."""
    recipient = remiss.recipient_of(sent, trafik)
    remiss.register_and_assign(recipient, trafik)
    drafting = remiss.open_task(recipient.process, ResponseFlow.draft_report)
    mine = list(tasks.assigned_to(trafik.officer))
    assert mine == [drafting]
    row = mine[0]
    assert row.case_title == sent.referral.case.title
    assert row.recipient_name == "Trafiknämnden"
    assert row.own_number == recipient.committee_case.registration_number
    assert row.deadline == recipient.deadline
    assert list(tasks.assigned_to(slk_officer)) == []


def test_my_tasks_runs_at_most_three_queries(
    client, sent, trafik, django_assert_max_num_queries
):
    """T1: my tasks (inbox), ≤ 3 queries; the page adds only the session and
    the user."""
    recipient = remiss.recipient_of(sent, trafik)
    remiss.register_and_assign(recipient, trafik)
    with django_assert_max_num_queries(3):
        assert len(list(tasks.assigned_to(trafik.officer))) == 1
    client.force_login(trafik.officer)
    with django_assert_max_num_queries(3 + 2):
        assert client.get(reverse("tasks:mine")).status_code == 200


def test_tasks_to_take_run_at_most_four_queries_however_many_grants(
    client, sent, trafik, city, django_assert_max_num_queries, system_user
):
    """T2: ≤ 4 queries, independent of the number of roles the user holds."""
    registrar = trafik.registrar
    for index in range(12):
        committee = make_organisation(
            f"n{index}", f"Nämnd {index}", Kind.COMMITTEE, actor=system_user
        )
        office = make_organisation(
            f"k{index}", f"Kontor {index}", Kind.DEPARTMENT, serves=committee
        )
        for role in (Role.REGISTRAR, Role.HEAD_OF_DEPARTMENT):
            directory.grant_staff_role(
                user=registrar,
                role=role,
                organisation=office,
                valid_from=datetime.date(2010, 1, 1),
                actor=system_user,
                reason="test set-up",
            )
    registrar = type(registrar).objects.get(pk=registrar.pk)
    with django_assert_max_num_queries(4):
        assert len(list(tasks.claimable_by(registrar))) == 1
    client.force_login(registrar)
    with django_assert_max_num_queries(4 + 2):
        assert client.get(reverse("tasks:claimable")).status_code == 200


# --- taking and giving back ---------------------------------------------------


def test_a_taken_task_leaves_the_list_and_comes_back_when_given_back(
    client, sent, trafik, city
):
    colleague = make_staff("registrator2.tk", Role.REGISTRAR, city.tk)
    task = register_task(sent, trafik)
    tasks.take(task=task, node=ResponseFlow.register, actor=trafik.registrar)
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.ASSIGNED, trafik.registrar)
    assert list(tasks.claimable_by(colleague)) == []
    assert list(tasks.assigned_to(trafik.registrar)) == [task]

    with pytest.raises(PermissionDenied):
        tasks.release(task=task, node=ResponseFlow.register, actor=colleague)
    client.force_login(trafik.registrar)
    assert client.post(reverse("tasks:release", args=[task.pk])).status_code == 302
    assert list(tasks.claimable_by(colleague)) == [task]


def test_a_colleague_who_comes_too_late_is_told_so(sent, trafik, city):
    """The second of two users acting on one task gets a clear refusal, and
    nothing is done twice."""
    colleague = make_staff("registrator2.tk", Role.REGISTRAR, city.tk)
    task = register_task(sent, trafik)
    steps.register(task=task, actor=trafik.registrar)
    with pytest.raises(tasks.TaskUnavailable) as error:
        steps.register(task=task, actor=colleague)
    assert error.value.code == "task_done"
    with pytest.raises(tasks.TaskUnavailable) as error:
        tasks.take(task=task, node=ResponseFlow.register, actor=colleague)
    assert error.value.code == "task_done"
    recipient = remiss.recipient_of(sent, trafik)
    assert recipient.state == ReferralRecipient.State.RECEIVED
    assert recipient.committee_case.registration_number.endswith("00001")


def test_a_task_taken_by_a_colleague_cannot_be_taken_or_carried_out(
    client, sent, trafik, city
):
    colleague = make_staff("registrator2.tk", Role.REGISTRAR, city.tk)
    task = register_task(sent, trafik)
    tasks.take(task=task, node=ResponseFlow.register, actor=trafik.registrar)
    with pytest.raises(tasks.TaskUnavailable) as error:
        steps.register(task=task, actor=colleague)
    assert error.value.code == "task_taken"
    client.force_login(colleague)
    response = client.post(reverse("tasks:task", args=[task.pk]), {}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tasks:mine")
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = client.post(reverse("tasks:take", args=[task.pk]))
    assert response["Location"] == reverse("tasks:claimable")


def test_the_second_of_two_posts_gets_a_message_not_an_error(
    client, sent, trafik, city
):
    """Over HTTP: the page was opened by two registrars; the second post finds
    the task done (the concurrent case is in test_flow_concurrency). The first
    lands on the next step, which is a registrar's too."""
    colleague = make_staff("registrator2.tk", Role.REGISTRAR, city.tk)
    task = register_task(sent, trafik)
    url = reverse("tasks:task", args=[task.pk])
    client.force_login(trafik.registrar)
    landed = client.post(url, {"classification": ""})["Location"]
    following = remiss.open_task(task.process, ResponseFlow.assign_officer)
    assert landed == reverse("tasks:task", args=[following.pk])
    second = Client()
    second.force_login(colleague)
    response = second.post(url, {"classification": ""}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_boards_tasks_are_the_boards(sent, slk_officer, trafik):
    """A referral task of stadsledningskontoret is neither in trafikkontoret's
    lists nor can they take it."""
    process = remiss.start(
        sent.referral.case,
        slk_officer,
        sent.referral.response_deadline + datetime.timedelta(days=1),
        trafik.organisation,
    )
    dispatch = remiss.open_task(process, ReferralFlow.dispatch)
    tasks.release(task=dispatch, node=ReferralFlow.dispatch, actor=slk_officer)
    assert dispatch in list(tasks.claimable_by(slk_officer))
    assert dispatch not in list(tasks.claimable_by(trafik.head))
    with pytest.raises(PermissionDenied):
        tasks.take(task=dispatch, node=ReferralFlow.dispatch, actor=trafik.head)
