"""The task desk: after a step the user lands on the next task when it is
theirs; when it is someone else's, the page says whose (role, organisation,
names) and the task is in that person's list. Reviewing shows the report."""

import pytest
from django.urls import reverse
from django.utils import translation

from casework.referrals.models import OfficerReport
from tests.builders import Role, make_staff
from tests.workflows import test_referral_flow as remiss
from tests.workflows.test_response_flow import TITLE
from workflows.meeting import MeetingFlow
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import response as steps

deadline = remiss.deadline
e_registrar = remiss.e_registrar
ks_case = remiss.ks_case
slk_officer = remiss.slk_officer
trafik = remiss.trafik
exploatering = remiss.exploatering

pytestmark = pytest.mark.django_db


def url(task, name="task"):
    return reverse(f"tasks:{name}", args=[task.pk])


def told(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def name(user) -> str:
    return user.get_full_name() or user.get_username()


def test_sending_the_referral_says_which_registrars_register_it_R42(
    client, ks_case, slk_officer, deadline, trafik, exploatering
):
    """The case officer at KS is not the one to register it: the page names
    each recipient's registrars, and the task is in their list to take."""
    process = remiss.start(
        ks_case,
        slk_officer,
        deadline,
        trafik.organisation,
        exploatering.organisation,
    )
    dispatch = remiss.open_task(process, ReferralFlow.dispatch)
    client.force_login(slk_officer)
    response = client.post(url(dispatch), {}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tasks:mine")
    notes = " ".join(told(response))
    for side in (trafik, exploatering):
        assert name(side.registrar) in notes
        assert side.organisation.name in notes
    assert str(ResponseFlow.register.task_title) in notes

    client.force_login(trafik.registrar)
    claimable = client.get(reverse("tasks:claimable")).context["tasks"]
    register = [t for t in claimable if t.flow_task is ResponseFlow.register]
    assert len(register) == 1


def test_the_registrar_lands_on_assigning_the_officer_after_registering(
    client, ks_case, slk_officer, deadline, trafik
):
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation), slk_officer
    )
    recipient = remiss.recipient_of(process, trafik)
    register = remiss.open_task(recipient.process, ResponseFlow.register)
    client.force_login(trafik.registrar)
    response = client.post(url(register), {"classification": ""})
    following = remiss.open_task(recipient.process, ResponseFlow.assign_officer)
    assert response["Location"] == url(following)


def test_the_head_is_named_when_the_report_goes_for_approval_and_reads_it_inline(
    client, ks_case, slk_officer, deadline, trafik
):
    """The case officer is told who approves; the head finds the task in the
    list and reads the report on the task's page itself (c.2)."""
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation), slk_officer
    )
    recipient = remiss.recipient_of(process, trafik)
    remiss.register_and_assign(recipient, trafik)
    drafting = remiss.open_task(recipient.process, ResponseFlow.draft_report)
    client.force_login(trafik.officer)
    form = {
        "title": TITLE,
        "clauses": remiss.CLAUSE,
        "opinions": "Kontoret tillstyrker med en särskild synpunkt om cykelbanor.",
        "submit": "",
    }
    response = client.post(url(drafting), form, follow=True)
    notes = " ".join(told(response))
    assert name(trafik.head) in notes
    assert "förvaltningschef" in notes.lower()

    client.force_login(trafik.head)
    claimable = client.get(reverse("tasks:claimable")).context["tasks"]
    review = remiss.open_task(recipient.process, ResponseFlow.department_review)
    assert review in list(claimable)
    page = client.get(url(review)).content.decode()
    assert "särskild synpunkt om cykelbanor" in page
    assert remiss.CLAUSE in page
    assert steps.latest_report(recipient).state == (
        OfficerReport.State.DEPARTMENT_REVIEW
    )


def test_a_task_done_by_another_in_the_meantime_gives_a_message(
    client, ks_case, slk_officer, deadline, trafik, city
):
    """The loser of two completions is told, not shown an error."""
    colleague = make_staff("registrator3.tk", Role.REGISTRAR, city.tk)
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation), slk_officer
    )
    recipient = remiss.recipient_of(process, trafik)
    register = remiss.open_task(recipient.process, ResponseFlow.register)
    steps.register(task=register, actor=trafik.registrar)
    client.force_login(colleague)
    response = client.post(url(register), {"classification": ""}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_assigning_the_officer_names_her_and_puts_the_report_in_her_list(
    client, ks_case, slk_officer, deadline, trafik
):
    """R42: the registrar is told the report is the case officer's now; it is
    in her own list, not among the tasks to take."""
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation), slk_officer
    )
    recipient = remiss.recipient_of(process, trafik)
    steps.register(
        task=remiss.open_task(recipient.process, ResponseFlow.register),
        actor=trafik.registrar,
    )
    assign = remiss.open_task(recipient.process, ResponseFlow.assign_officer)
    client.force_login(trafik.registrar)
    response = client.post(url(assign), {"officer": trafik.officer.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tasks:mine")
    notes = " ".join(told(response))
    assert name(trafik.officer) in notes
    assert str(ResponseFlow.draft_report.task_title) in notes

    client.force_login(trafik.officer)
    drafting = remiss.open_task(recipient.process, ResponseFlow.draft_report)
    assert drafting in list(client.get(reverse("tasks:mine")).context["tasks"])


def test_assigning_the_officer_offers_only_those_who_write_the_report_R42(
    client, ks_case, slk_officer, deadline, trafik
):
    """The registrar registers the referral but does not write the officer
    report: the list offers the office's case officers and heads, never a
    choice the step refuses."""
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation), slk_officer
    )
    recipient = remiss.recipient_of(process, trafik)
    steps.register(
        task=remiss.open_task(recipient.process, ResponseFlow.register),
        actor=trafik.registrar,
    )
    assign = remiss.open_task(recipient.process, ResponseFlow.assign_officer)
    client.force_login(trafik.registrar)
    offered = client.get(url(assign)).context["form"].fields["officer"].queryset
    assert trafik.officer in offered
    assert trafik.registrar not in offered


@pytest.mark.parametrize("flow", [ReferralFlow, ResponseFlow, MeetingFlow])
def test_every_step_of_a_flow_is_named_in_swedish_on_the_case_page(flow):
    """The flow's steps are listed on the case page: none falls back to the
    English name viewflow makes of the node ("Join Answers")."""
    with translation.override("sv"):
        unnamed = [
            node.name
            for node in flow.instance.nodes()
            if str(node.task_title) == node.name.replace("_", " ").title()
        ]
    assert not unnamed
