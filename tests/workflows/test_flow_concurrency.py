"""The flows under concurrency, on PostgreSQL: the last two branches of a
referral ending at the same moment join once; two users carrying out one task
at the same moment do it once, and the second is told so."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.meetings.models import Meeting
from casework.registry.models import Case
from tests.builders import Role, make_staff
from tests.workflows import test_referral_flow as remiss
from workflows import tasks
from workflows.meeting import MeetingFlow
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

TRIALS = 20
SAME_TASK_TRIALS = 50
HTTP_TRIALS = 10

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; SQLite ignores SELECT … FOR UPDATE",
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(*calls):
    """Run the calls in threads released together by a barrier; each returns
    its result or the exception it raised."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def registering(task_pk, user):
    return lambda: steps.register(task=Task.objects.get(pk=task_pk), actor=user)


def posting(client, url):
    return lambda: client.post(url, {"classification": ""})


def test_the_last_two_branches_ending_together_join_once(
    ks_case, slk_officer, deadline, trafik, exploatering
):
    """c.1: with SelectForUpdateLock(nowait=False) the join runs once and the
    compile task is created once, trial after trial. Each branch ends the real
    way: the recipient declines on its response flow's task, which wakes the
    board's branch after its own lock is released."""
    sides = (trafik, exploatering)
    for _trial in range(TRIALS):
        process = remiss.send(
            remiss.start(
                ks_case, slk_officer, deadline, *(s.organisation for s in sides)
            ),
            slk_officer,
        )
        recipients = [remiss.recipient_of(process, side) for side in sides]
        for recipient, side in zip(recipients, sides, strict=True):
            remiss.register_and_assign(recipient, side)

        results = at_once(
            *(
                lambda r=recipient, s=side: remiss.decline(r, s)
                for recipient, side in zip(recipients, sides, strict=True)
            )
        )

        assert results == [None, None]
        joins = Task.objects.filter(
            process=process, flow_task=ReferralFlow.join_answers
        )
        assert [join.status for join in joins] == [STATUS.DONE]
        compiles = Task.objects.filter(
            process=process, flow_task=ReferralFlow.compile_answers
        )
        assert compiles.count() == 1


def test_two_registrars_registering_one_referral_at_once_register_it_once(
    ks_case, slk_officer, deadline, trafik, city
):
    """One wins; the other gets TaskUnavailable (a message), never an error;
    one case, one next task."""
    colleague = make_staff("registrator2.tk", Role.REGISTRAR, city.tk)
    for _trial in range(SAME_TASK_TRIALS):
        process = remiss.send(
            remiss.start(ks_case, slk_officer, deadline, trafik.organisation),
            slk_officer,
        )
        recipient = remiss.recipient_of(process, trafik)
        task = remiss.open_task(recipient.process, ResponseFlow.register)

        results = at_once(
            registering(task.pk, trafik.registrar), registering(task.pk, colleague)
        )

        cases = [result for result in results if isinstance(result, Case)]
        refusals = [r for r in results if isinstance(r, tasks.TaskUnavailable)]
        assert len(cases) == 1 and len(refusals) == 1, results
        assert refusals[0].code == "task_done"
        next_tasks = Task.objects.filter(
            process=recipient.process, flow_task=ResponseFlow.assign_officer
        )
        assert next_tasks.count() == 1
        recipient.refresh_from_db()
        assert recipient.committee_case == cases[0]


def test_two_registrars_posting_one_task_page_at_once_get_no_error_page(
    ks_case, slk_officer, deadline, trafik, city
):
    """Over HTTP: both answers are redirects; the loser's page says why."""
    colleague = make_staff("registrator2.tk", Role.REGISTRAR, city.tk)
    for _trial in range(HTTP_TRIALS):
        process = remiss.send(
            remiss.start(ks_case, slk_officer, deadline, trafik.organisation),
            slk_officer,
        )
        recipient = remiss.recipient_of(process, trafik)
        task = remiss.open_task(recipient.process, ResponseFlow.register)
        url = reverse("tasks:task", args=[task.pk])
        clients = []
        for user in (trafik.registrar, colleague):
            client = Client()
            client.force_login(user)
            clients.append(client)

        responses = at_once(*(posting(client, url) for client in clients))

        assert [r.status_code for r in responses] == [302, 302], responses
        following = remiss.open_task(recipient.process, ResponseFlow.assign_officer)
        assert sorted(r["Location"] for r in responses) == sorted(
            [reverse("tasks:mine"), reverse("tasks:task", args=[following.pk])]
        )
        levels = sorted(
            message.level_tag
            for client in clients
            for message in client.get(reverse("tasks:mine")).context["messages"]
        )
        assert levels == ["error", "success"]
        assert (
            Task.objects.filter(
                process=recipient.process, flow_task=ResponseFlow.assign_officer
            ).count()
            == 1
        )


def test_two_secretaries_sending_one_meetings_notice_at_once_record_it_once(
    process, secretary, second_secretary
):
    """The meeting flow's task on the desk: one records the notice and lands on
    the next task; the other is told the task is done, not shown an error."""
    task = Task.objects.get(process=process, flow_task=MeetingFlow.send_notice)
    url = reverse("tasks:task", args=[task.pk])
    clients = []
    for user in (secretary, second_secretary):
        client = Client()
        client.force_login(user)
        clients.append(client)

    responses = at_once(*(lambda c=c: c.post(url, {}) for c in clients))

    assert [r.status_code for r in responses] == [302, 302], responses
    following = Task.objects.get(process=process, flow_task=MeetingFlow.hold_meeting)
    assert sorted(r["Location"] for r in responses) == sorted(
        [reverse("tasks:mine"), reverse("tasks:task", args=[following.pk])]
    )
    meeting = Meeting.objects.get(pk=process.meeting_id)
    assert meeting.state == Meeting.State.NOTICE_SENT
    reasons = [row.history_change_reason for row in meeting.history.all()]
    assert reasons.count("notice of the meeting sent") == 1
