"""rules.md (d): a task of exploateringskontoret can never be taken or carried
out by trafikkontoret's staff, over HTTP (404) or by calling the steps and the
services directly (PermissionDenied), at any step of the response flow."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_conditions

from casework.referrals import services
from casework.referrals.models import ReferralRecipient
from tests.workflows import test_referral_flow as remiss
from workflows import tasks
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

deadline = remiss.deadline
e_registrar = remiss.e_registrar
ks_case = remiss.ks_case
slk_officer = remiss.slk_officer
trafik = remiss.trafik
exploatering = remiss.exploatering

pytestmark = pytest.mark.django_db


def outsiders(side):
    return [side.registrar, side.officer, side.head, side.secretary]


def refused_everywhere(client, task, node, people):
    """Every one of ``people`` gets 404 on the task's pages and a refusal from
    code; the task stays as it was."""
    before = (task.status, task.owner_id)
    for person in people:
        client.force_login(person)
        for name in ("task", "take", "extension", "decline"):
            url = reverse(f"tasks:{name}", args=[task.pk])
            assert client.post(url, {}).status_code == 404, (person, name)
        assert client.get(reverse("tasks:task", args=[task.pk])).status_code == 404
        mine = client.get(reverse("tasks:claimable")).content.decode()
        assert reverse("tasks:take", args=[task.pk]) not in mine
        with pytest.raises(PermissionDenied):
            tasks.take(task=task, node=node, actor=person)
        with pytest.raises(PermissionDenied):
            tasks.carry_out(task=task, node=node, actor=person)
    task.refresh_from_db()
    assert (task.status, task.owner_id) == before


def test_trafikkontorets_staff_never_take_or_do_an_exploateringskontoret_task(
    client, ks_case, slk_officer, deadline, trafik, exploatering
):
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, exploatering.organisation),
        slk_officer,
    )
    recipient = remiss.recipient_of(process, exploatering)
    flow = recipient.process
    staff = outsiders(trafik)

    register = remiss.open_task(flow, ResponseFlow.register)
    refused_everywhere(client, register, ResponseFlow.register, staff)
    for person in staff:
        with pytest.raises(PermissionDenied):
            response_steps.register(task=register, actor=person)
        with pytest.raises(PermissionDenied):
            services.receive_referral(recipient=recipient, actor=person, reason="x")

    response_steps.register(task=register, actor=exploatering.registrar)
    assign = remiss.open_task(flow, ResponseFlow.assign_officer)
    refused_everywhere(client, assign, ResponseFlow.assign_officer, staff)
    with pytest.raises(PermissionDenied):
        response_steps.assign_officer(
            task=assign, actor=trafik.registrar, officer=trafik.officer
        )
    response_steps.assign_officer(
        task=assign, actor=exploatering.registrar, officer=exploatering.officer
    )

    recipient.refresh_from_db()
    drafting = remiss.open_task(flow, ResponseFlow.draft_report)
    refused_everywhere(client, drafting, ResponseFlow.draft_report, staff)
    later = deadline + datetime.timedelta(days=30)
    for person in staff:
        with pytest.raises(PermissionDenied):
            response_steps.save_report(
                task=drafting, actor=person, title="x", clauses=["x"], submit=True
            )
        with pytest.raises(PermissionDenied):
            response_steps.decline(task=drafting, actor=person, reason_given="x")
        with pytest.raises(PermissionDenied):
            response_steps.ask_for_extension(
                task=drafting, actor=person, requested_until=later, reason_given="x"
            )
        with pytest.raises(PermissionDenied):
            services.decline_referral(
                recipient=recipient, reason_given="x", actor=person, reason="x"
            )
        with pytest.raises(PermissionDenied):
            referral_steps.request_extension(
                recipient=recipient,
                requested_until=later,
                reason_given="x",
                actor=person,
            )

    remiss.draft_and_approve(recipient, exploatering)
    agenda = remiss.open_task(flow, ResponseFlow.put_on_agenda)
    refused_everywhere(client, agenda, ResponseFlow.put_on_agenda, staff)
    with pytest.raises(PermissionDenied):
        response_steps.put_on_agenda(
            task=agenda, actor=trafik.secretary, meeting=exploatering.meeting
        )
    response_steps.put_on_agenda(
        task=agenda, actor=exploatering.secretary, meeting=exploatering.meeting
    )
    remiss.committee_decides(exploatering, response_steps.latest_item(recipient))
    fire_due_conditions(flows=[ResponseFlow])

    answer = remiss.open_task(flow, ResponseFlow.dispatch_response)
    refused_everywhere(client, answer, ResponseFlow.dispatch_response, staff)
    recipient.refresh_from_db()
    for person in staff:
        with pytest.raises(PermissionDenied):
            response_steps.send_answer(
                task=answer, actor=person, stance="endorse", decision_text="x"
            )
        with pytest.raises(PermissionDenied):
            services.dispatch_response(
                recipient=recipient,
                documents=[response_steps.latest_extract(recipient)],
                stance="endorse",
                decision_text="x",
                actor=person,
                reason="x",
            )
    recipient.refresh_from_db()
    assert recipient.state == ReferralRecipient.State.DECIDED
    answer.refresh_from_db()
    assert (answer.status, answer.owner) == (STATUS.ASSIGNED, exploatering.officer)


def test_only_the_referring_office_decides_on_extensions_and_compiles(
    ks_case, slk_officer, deadline, trafik, exploatering
):
    """R43, R45 from code: the committee's staff cannot grant themselves more
    time or compile the answers."""
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, exploatering.organisation),
        slk_officer,
    )
    recipient = remiss.recipient_of(process, exploatering)
    remiss.register_and_assign(recipient, exploatering)
    extension = referral_steps.request_extension(
        recipient=recipient,
        requested_until=deadline + datetime.timedelta(days=30),
        reason_given="Nämnden sammanträder senare.",
        actor=exploatering.officer,
    )
    for person in outsiders(trafik) + outsiders(exploatering):
        with pytest.raises(PermissionDenied):
            services.decide_extension(
                extension=extension, grant=True, actor=person, reason="x"
            )
        with pytest.raises(PermissionDenied):
            services.compile_answers(
                referral=process.referral, summary="x", actor=person, reason="x"
            )
    extension.refresh_from_db()
    assert extension.state == extension.State.REQUESTED
