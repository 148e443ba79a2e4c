"""The response flow (a committee's side, rules.md c.2): registration, the case
officer, the officer report and its approval, the meeting and the answer."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.timers import fire_due_conditions

from casework.directory import services as directory
from casework.meetings import rendering
from casework.meetings.models import AgendaItem
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import paragraphs
from casework.referrals.models import OfficerReport, ReferralRecipient
from casework.registry.models import Document
from permissions import rules
from tests.builders import Role, error_codes, make_staff
from tests.workflows import test_referral_flow as remiss
from workflows import tasks
from workflows.nodes import HumanTask
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
State = ReferralRecipient.State
TITLE = "Internationell strategi för Stockholms stad. Remiss från kommunstyrelsen"


def task_url(task, name="task"):
    return reverse(f"tasks:{name}", args=[task.pk])


@pytest.fixture
def trn(ks_case, slk_officer, deadline, trafik):
    """A referral sent to trafiknämnden only; its response flow."""
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation), slk_officer
    )
    return remiss.recipient_of(process, trafik)


def draft(recipient, side, *, submit=True, **sections):
    return steps.save_report(
        task=remiss.open_task(recipient.process, ResponseFlow.draft_report),
        actor=side.officer,
        title=TITLE,
        clauses=[remiss.CLAUSE],
        submit=submit,
        **sections,
    )


# --- the flow's shape ---------------------------------------------------------


def test_the_response_flows_node_names_are_the_stored_identifiers():
    """Renaming a node strands running processes (ARCHITECTURE: stable names)."""
    assert str(ResponseFlow) == "workflows/response.ResponseFlow"
    assert set(ResponseFlow.instance._nodes_by_name) == {
        "start",
        "register",
        "assign_officer",
        "draft_report",
        "route_draft",
        "division_review",
        "check_division_review",
        "department_review",
        "check_department_review",
        "put_on_agenda",
        "await_decision",
        "route_decision",
        "record_decision",
        "dispatch_response",
        "report_to_board",
        "end",
    }


def test_every_permission_the_response_flow_names_exists():
    named = {
        node.name: node._owner_permission
        for node in ResponseFlow.instance.nodes()
        if isinstance(node, HumanTask)
    }
    assert set(named) == {
        "register",
        "assign_officer",
        "draft_report",
        "division_review",
        "department_review",
        "put_on_agenda",
        "dispatch_response",
    }
    for permission in named.values():
        app_label, codename = permission.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), permission
        assert rules.TASK_ROLES[permission]


# --- over HTTP ----------------------------------------------------------------


def test_the_committee_side_over_http(client, trn, trafik, slk_officer):
    """c.2 from REMISS_INKOMMEN to EXPEDIERAT, each step by the role that owns
    it on the task pages: registrar, case officer, head, secretary."""
    flow = trn.process

    client.force_login(trafik.registrar)
    register = remiss.open_task(flow, ResponseFlow.register)
    assert (
        f'action="{task_url(register, "take")}"'
        in client.get(reverse("tasks:claimable")).content.decode()
    )
    assert client.post(task_url(register, "take"))["Location"] == task_url(register)
    assert client.get(task_url(register)).status_code == 200
    assert client.post(task_url(register), {"classification": ""}).status_code == 302
    trn.refresh_from_db()
    assert trn.committee_case.registration_number.startswith("T")

    assign = remiss.open_task(flow, ResponseFlow.assign_officer)
    assert client.get(task_url(assign)).status_code == 200
    client.post(task_url(assign), {"officer": trafik.officer.pk})
    trn.committee_case.refresh_from_db()
    assert trn.committee_case.case_officer == trafik.officer

    client.force_login(trafik.officer)
    drafting = remiss.open_task(flow, ResponseFlow.draft_report)
    assert drafting.owner == trafik.officer
    page = client.get(task_url(drafting))
    assert page.status_code == 200
    assert "Trafiknämnden" in page.context["form"].initial["clauses"]
    report_form = {
        "title": TITLE,
        "clauses": remiss.CLAUSE,
        "summary": "Trafikkontoret ställer sig positivt till förslaget.",
    }
    saved = client.post(task_url(drafting), {**report_form, "save": ""})
    assert saved["Location"] == task_url(drafting)
    assert steps.latest_report(trn).state == OfficerReport.State.DRAFT
    submitted = client.post(task_url(drafting), {**report_form, "submit": ""})
    assert submitted["Location"] == reverse("tasks:mine")
    assert steps.latest_report(trn).state == OfficerReport.State.DEPARTMENT_REVIEW

    client.force_login(trafik.head)
    review = remiss.open_task(flow, ResponseFlow.department_review)
    assert client.get(task_url(review)).status_code == 200
    client.post(task_url(review), {"approve": "True", "comment": ""})
    assert steps.latest_report(trn).state == OfficerReport.State.APPROVED

    client.force_login(trafik.secretary)
    agenda = remiss.open_task(flow, ResponseFlow.put_on_agenda)
    page = client.get(task_url(agenda))
    assert list(page.context["form"].fields["meeting"].queryset) == [trafik.meeting]
    client.post(task_url(agenda), {"meeting": trafik.meeting.pk})
    trn.refresh_from_db()
    assert trn.state == State.ON_AGENDA

    remiss.committee_decides(trafik, steps.latest_item(trn))
    fire_due_conditions(flows=[ResponseFlow])
    trn.refresh_from_db()
    assert trn.state == State.DECIDED

    client.force_login(trafik.officer)
    answer = remiss.open_task(flow, ResponseFlow.dispatch_response)
    page = client.get(task_url(answer))
    assert page.context["form"].initial["decision_text"].startswith("Nämnden beslutar")
    client.post(
        task_url(answer),
        {"stance": "endorse", "decision_text": "Nämnden överlämnar tjänsteutlåtandet."},
    )
    trn.refresh_from_db()
    flow.refresh_from_db()
    assert trn.state == State.ANSWERED and flow.status == PROCESS.DONE
    assert (
        remiss.open_task(trn.referral.process, ReferralFlow.compile_answers).owner
        == slk_officer
    )


def test_declining_over_http_ends_the_branch(client, trn, trafik):
    remiss.register_and_assign(trn, trafik)
    client.force_login(trafik.officer)
    drafting = remiss.open_task(trn.process, ResponseFlow.draft_report)
    response = client.post(
        task_url(drafting, "decline"),
        {"decline-reason_given": "Frågan rör inte nämnden."},
    )
    assert response["Location"] == reverse("tasks:mine")
    trn.refresh_from_db()
    assert trn.state == State.DECLINED
    assert trn.process.status == PROCESS.DONE
    assert remiss.open_task(trn.referral.process, ReferralFlow.compile_answers)


def test_the_case_officer_is_warned_when_the_answer_will_be_late(
    client, trn, trafik, deadline
):
    """R44: the next meeting's minutes are approved after the deadline; the
    case officer is warned and may ask for an extension from the same page."""
    remiss.register_and_assign(trn, trafik)
    late = deadline + datetime.timedelta(days=1)
    meeting_services.plan_meeting(
        organisation=trafik.organisation,
        held_on=late,
        secretary=trafik.secretary,
        actor=trafik.secretary,
        reason=remiss.SET_UP,
    )
    client.force_login(trafik.officer)
    drafting = remiss.open_task(trn.process, ResponseFlow.draft_report)
    page = client.get(task_url(drafting))
    assert page.context["deadline_check"].ok is False
    assert page.context["deadline_check"].meeting.held_on == late
    assert f'action="{task_url(drafting, "extension")}"' in page.content.decode()

    response = client.post(
        task_url(drafting, "extension"),
        {
            "extension-requested_until": (
                late + datetime.timedelta(days=14)
            ).isoformat(),
            "extension-reason_given": "Nästa sammanträde är efter svarsdatum.",
        },
    )
    assert response["Location"] == task_url(drafting)
    assert trn.extensions.get().requested_until == late + datetime.timedelta(days=14)
    assert remiss.branch_task(trn.referral.process, ReferralFlow.decide_extension, trn)


# --- denials ------------------------------------------------------------------


def test_another_departments_staff_can_neither_see_nor_take_the_task(
    client, trn, trafik, e_registrar, anders
):
    """rules.md (d): a task of trafikkontoret is invisible to
    exploateringskontoret's staff (404) and refused from code."""
    register = remiss.open_task(trn.process, ResponseFlow.register)
    client.force_login(e_registrar)
    assert client.get(task_url(register)).status_code == 404
    assert client.post(task_url(register), {"classification": ""}).status_code == 404
    assert client.post(task_url(register, "take")).status_code == 404
    assert (
        f"/{register.pk}/"
        not in client.get(reverse("tasks:claimable")).content.decode()
    )
    with pytest.raises(PermissionDenied):
        tasks.take(task=register, node=ResponseFlow.register, actor=e_registrar)
    with pytest.raises(PermissionDenied):
        steps.register(task=register, actor=e_registrar)
    register.refresh_from_db()
    assert (register.status, register.owner) == (STATUS.NEW, None)
    trn.refresh_from_db()
    assert trn.committee_case is None

    remiss.register_and_assign(trn, trafik)
    drafting = remiss.open_task(trn.process, ResponseFlow.draft_report)
    client.force_login(anders)
    assert client.get(task_url(drafting)).status_code == 404
    assert (
        client.post(
            task_url(drafting, "decline"), {"decline-reason_given": "x"}
        ).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        steps.decline(task=drafting, actor=anders, reason_given="x")
    trn.refresh_from_db()
    assert trn.state == State.RECEIVED


def test_the_registrar_cannot_draft_the_report(client, trn, trafik):
    """Drafting is for the department's case officers and heads."""
    remiss.register_and_assign(trn, trafik)
    drafting = remiss.open_task(trn.process, ResponseFlow.draft_report)
    client.force_login(trafik.registrar)
    assert client.get(task_url(drafting)).status_code == 404
    with pytest.raises(PermissionDenied):
        steps.save_report(
            task=drafting, actor=trafik.registrar, title=TITLE, clauses=["x"]
        )
    assert steps.latest_report(trn) is None


def test_a_case_officer_who_has_left_keeps_the_task_in_view_but_cannot_do_it(
    client, trn, trafik, system_user
):
    """The rule is asked again on every step: a role that has ended opens
    nothing (403 on a task still given to her; refused from code)."""
    remiss.register_and_assign(trn, trafik)
    drafting = remiss.open_task(trn.process, ResponseFlow.draft_report)
    directory.revoke_staff_role(
        staff_role=trafik.officer.staff_roles.get(),
        actor=system_user,
        reason="slutat",
    )
    client.force_login(trafik.officer)
    assert client.get(task_url(drafting)).status_code == 403
    officer = type(trafik.officer).objects.get(pk=trafik.officer.pk)
    with pytest.raises(PermissionDenied):
        steps.save_report(task=drafting, actor=officer, title=TITLE, clauses=["x"])
    assert steps.latest_report(trn) is None


def test_only_a_case_officer_of_the_department_can_be_assigned(trn, trafik, anders):
    steps.register(
        task=remiss.open_task(trn.process, ResponseFlow.register),
        actor=trafik.registrar,
    )
    with pytest.raises(ValidationError) as error:
        steps.assign_officer(
            task=remiss.open_task(trn.process, ResponseFlow.assign_officer),
            actor=trafik.registrar,
            officer=anders,
        )
    assert error_codes(error.value) == {"officer_outside_organisation"}


def test_the_report_goes_on_a_meeting_of_the_committee_asked_only(
    trn, trafik, exploatering
):
    remiss.register_and_assign(trn, trafik)
    remiss.draft_and_approve(trn, trafik)
    with pytest.raises(ValidationError) as error:
        steps.put_on_agenda(
            task=remiss.open_task(trn.process, ResponseFlow.put_on_agenda),
            actor=trafik.secretary,
            meeting=exploatering.meeting,
        )
    assert error_codes(error.value) == {"meeting_of_another_body"}
    assert not AgendaItem.objects.filter(case=trn.committee_case).exists()


# --- the approval chain -------------------------------------------------------


def test_a_returned_report_comes_back_to_the_case_officer_with_the_comment(
    client, trn, trafik
):
    """c.2: each head may return the report with a comment (loop)."""
    remiss.register_and_assign(trn, trafik)
    draft(trn, trafik)
    steps.review(
        task=remiss.open_task(trn.process, ResponseFlow.department_review),
        actor=trafik.head,
        approve=False,
        comment="Utveckla synpunkterna på kollektivtrafiken.",
    )
    again = remiss.open_task(trn.process, ResponseFlow.draft_report)
    assert again.owner == trafik.officer
    client.force_login(trafik.officer)
    page = client.get(task_url(again))
    assert "Utveckla synpunkterna" in page.content.decode()
    assert page.context["form"].initial["title"] == TITLE


def test_a_head_of_division_approves_before_the_head_of_department(trn, trafik, city):
    division_head = make_staff("avdelningschef.tk", Role.HEAD_OF_DIVISION, city.tk)
    remiss.register_and_assign(trn, trafik)
    draft(trn, trafik, needs_division_review=True)
    division = remiss.open_task(trn.process, ResponseFlow.division_review)
    with pytest.raises(PermissionDenied):
        steps.review(task=division, actor=trafik.head, approve=True)
    steps.review(task=division, actor=division_head, approve=True)
    steps.review(
        task=remiss.open_task(trn.process, ResponseFlow.department_review),
        actor=trafik.head,
        approve=True,
    )
    report = steps.latest_report(trn)
    assert (report.division_head, report.department_head) == (
        division_head,
        trafik.head,
    )
    assert remiss.open_task(trn.process, ResponseFlow.put_on_agenda)


# --- the meeting --------------------------------------------------------------


def on_agenda(trn, side, meeting=None):
    remiss.register_and_assign(trn, side)
    remiss.draft_and_approve(trn, side)
    steps.put_on_agenda(
        task=remiss.open_task(trn.process, ResponseFlow.put_on_agenda),
        actor=side.secretary,
        meeting=meeting or side.meeting,
    )
    return steps.latest_item(trn)


def test_nothing_happens_until_the_minutes_are_approved(trn, trafik):
    """R42: the answer goes with the extract of approved minutes."""
    item = on_agenda(trn, trafik)
    meeting_services.open_meeting(
        meeting=item.meeting,
        minutes_checkers=[trafik.members[1]],
        approval_due_at=remiss.at_start_of(
            item.meeting.held_on + datetime.timedelta(days=1)
        ),
        actor=trafik.secretary,
        reason=remiss.SET_UP,
    )
    meeting_services.open_item(item=item, actor=trafik.secretary, reason=remiss.SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall.", actor=trafik.secretary, reason=remiss.SET_UP
    )
    assert fire_due_conditions(flows=[ResponseFlow]) == 0
    trn.refresh_from_db()
    assert trn.state == State.ON_AGENDA


def test_a_decided_item_files_the_extract_and_asks_for_the_answer(trn, trafik):
    item = on_agenda(trn, trafik)
    remiss.committee_decides(trafik, item)
    assert fire_due_conditions(flows=[ResponseFlow]) == 1
    trn.refresh_from_db()
    assert trn.state == State.DECIDED
    extract = steps.latest_extract(trn)
    assert (
        extract.is_official
        and f"§ {item.paragraph_number}" in extract.versions.get().title
    )
    assert (
        remiss.open_task(trn.process, ResponseFlow.dispatch_response).owner
        == trafik.officer
    )


def test_a_referral_back_returns_the_report_to_the_case_officer(trn, trafik):
    """c.2: återremiss (-> TILLDELAD): a new report is drafted."""
    item = on_agenda(trn, trafik)
    meeting_services.open_meeting(
        meeting=item.meeting,
        minutes_checkers=[trafik.members[1]],
        approval_due_at=remiss.at_start_of(
            item.meeting.held_on + datetime.timedelta(days=1)
        ),
        actor=trafik.secretary,
        reason=remiss.SET_UP,
    )
    meeting_services.open_item(item=item, actor=trafik.secretary, reason=remiss.SET_UP)
    meeting_services.postpone(
        item=item, referred_back=True, actor=trafik.secretary, reason="återremiss"
    )
    fire_due_conditions(flows=[ResponseFlow])
    first = steps.latest_report(trn)
    draft(trn, trafik)
    assert steps.latest_report(trn).pk != first.pk
    assert remiss.open_task(trn.process, ResponseFlow.department_review)


def test_a_tabled_item_goes_back_to_the_secretary(trn, trafik):
    """c.2: bordläggning (-> TU_FASTSTÄLLD): on the agenda of a later meeting."""
    item = on_agenda(trn, trafik)
    meeting_services.open_meeting(
        meeting=item.meeting,
        minutes_checkers=[trafik.members[1]],
        approval_due_at=remiss.at_start_of(
            item.meeting.held_on + datetime.timedelta(days=1)
        ),
        actor=trafik.secretary,
        reason=remiss.SET_UP,
    )
    meeting_services.open_item(item=item, actor=trafik.secretary, reason=remiss.SET_UP)
    meeting_services.postpone(
        item=item, referred_back=False, actor=trafik.secretary, reason="bordlagt"
    )
    fire_due_conditions(flows=[ResponseFlow])
    later = remiss.plan_meeting(trafik.organisation, trafik.members, trafik.secretary)
    steps.put_on_agenda(
        task=remiss.open_task(trn.process, ResponseFlow.put_on_agenda),
        actor=trafik.secretary,
        meeting=later,
    )
    assert steps.latest_item(trn).meeting == later
    assert Task.objects.filter(
        process=trn.process, flow_task=ResponseFlow.await_decision, status=STATUS.NEW
    ).exists()
    assert timezone.localdate() - later.held_on == datetime.timedelta(days=3)


# --- approval of one paragraph at the meeting (R25) ------------------------------


def decided_at_the_meeting(trn, side):
    """The item is on the agenda of a meeting in progress and decided; the
    meeting goes on."""
    item = on_agenda(trn, side)
    meeting_services.open_meeting(
        meeting=item.meeting,
        minutes_checkers=[side.members[1]],
        approval_due_at=remiss.at_start_of(
            item.meeting.held_on + datetime.timedelta(days=1)
        ),
        actor=side.secretary,
        reason=remiss.SET_UP,
    )
    meeting_services.open_item(item=item, actor=side.secretary, reason=remiss.SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall.", actor=side.secretary, reason=remiss.SET_UP
    )
    item.refresh_from_db()
    return item


def approve_at_the_meeting(item, side):
    """The chair and the checker approve the paragraph read out (R25)."""
    text = minutes_services.paragraph_text(item)
    return paragraphs.approve_paragraph_at_meeting(
        item=item,
        digest=rendering.digest(text),
        actor=side.secretary,
        reason=remiss.SET_UP,
    )


def test_a_paragraph_approved_at_the_meeting_lets_the_answer_go_back_R25(
    trn, trafik, django_capture_on_commit_callbacks
):
    """The minutes are still to be drawn up; the approved paragraph is enough:
    the extract is filed and the case officer is asked to send the answer, as
    soon as the approval is saved (no scheduler run needed)."""
    item = decided_at_the_meeting(trn, trafik)
    with django_capture_on_commit_callbacks(execute=True):
        approve_at_the_meeting(item, trafik)
    trn.refresh_from_db()
    assert trn.state == State.DECIDED
    assert item.meeting.state == item.meeting.State.IN_PROGRESS
    assert (
        f"§ {item.paragraph_number}" in steps.latest_extract(trn).versions.get().title
    )
    task = remiss.open_task(trn.process, ResponseFlow.dispatch_response)
    assert task.owner == trafik.officer


def test_the_extract_filed_on_the_meeting_pages_is_the_one_sent_R25(trn, trafik):
    """The secretary approves the paragraph and files its extract on the
    meeting pages; the flow moves on with that extract, files no second one,
    and the answer carries it to the board."""
    item = decided_at_the_meeting(trn, trafik)
    approve_at_the_meeting(item, trafik)
    filed = minutes_services.file_extract(
        item=item, actor=trafik.secretary, reason=remiss.SET_UP
    )
    assert fire_due_conditions(flows=[ResponseFlow]) == 1
    trn.refresh_from_db()
    assert trn.state == State.DECIDED
    extracts = Document.objects.filter(
        case=trn.committee_case, kind=Document.Kind.MINUTES_EXTRACT
    )
    assert list(extracts) == [filed]
    steps.send_answer(
        task=remiss.open_task(trn.process, ResponseFlow.dispatch_response),
        actor=trafik.officer,
        stance=ReferralRecipient.Stance.ENDORSE,
        decision_text="Bifall.",
    )
    trn.refresh_from_db()
    assert trn.state == State.ANSWERED


def test_approved_minutes_move_the_flow_on_without_the_scheduler_R24(
    trn, trafik, django_capture_on_commit_callbacks
):
    item = on_agenda(trn, trafik)
    with django_capture_on_commit_callbacks(execute=True):
        remiss.committee_decides(trafik, item)
    trn.refresh_from_db()
    assert trn.state == State.DECIDED
