import datetime
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from viewflow.workflow.lock import SelectForUpdateLock
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.meetings import deadlines
from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import signing
from permissions import codes
from tests.builders import error_codes
from workflows import tasks
from workflows.meeting import AUTOMATIC, MeetingFlow, start_meeting_flow
from workflows.models import MeetingProcess
from workflows.nodes import HumanTask

pytestmark = pytest.mark.django_db

State = Meeting.State
SET_UP = "test set-up"
KEPT_AT = "Trafikkontoret, Fleminggatan 4"


# --- helpers ------------------------------------------------------------------


@pytest.fixture
def wall_clock(monkeypatch):
    """Move the clock that viewflow's timer dispatcher and the services read."""

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move_to


def open_task(process, node):
    return Task.objects.get(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def task_url(task, name="task"):
    """The task's page on the desk, or one of its actions (``take``)."""
    return reverse(f"tasks:{name}", args=[task.pk])


def carry_out(client, process, node, data=None):
    """Take the open task of ``node`` and post its form, as the logged-in user;
    the response (to the next task or to the user's list)."""
    task = open_task(process, node)
    assert client.post(task_url(task, "take")).status_code == 302
    page = client.get(task_url(task))
    assert str(node.task_title) in page.content.decode()
    response = client.post(task_url(task), data or {})
    assert response.status_code == 302, response.content.decode()
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    return response


def notice_today():
    return {"posted_on": timezone.localdate().isoformat(), "minutes_kept_at": KEPT_AT}


def fire_timers():
    call_command("workflow_timers", stdout=io.StringIO())


def open_meeting(meeting, committee, secretary, approval_due_at):
    """What the secretary does on the meeting pages: open the meeting."""
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[committee.members[1]],
        approval_due_at=approval_due_at,
        actor=secretary,
        reason=SET_UP,
    )


def approve(meeting, *people):
    for person in people:
        signing.record_paper_signature(
            minutes=meeting.minutes,
            person=person,
            signed_on=timezone.localdate(),
            reference="Justerat på papper",
            actor=meeting.secretary,
            reason="justerat",
        )


def reach_approval(client, process, committee, secretary):
    """Notice, meeting and minutes over HTTP; the time for approval has come."""
    meeting = process.meeting
    client.force_login(secretary)
    carry_out(client, process, MeetingFlow.send_notice)
    past = timezone.now() - datetime.timedelta(minutes=5)
    open_meeting(meeting, committee, secretary, approval_due_at=past)
    carry_out(client, process, MeetingFlow.hold_meeting)
    carry_out(client, process, MeetingFlow.draw_up_minutes)
    fire_timers()
    meeting.refresh_from_db()
    return meeting


# --- the whole flow -----------------------------------------------------------


def test_the_meeting_flow_runs_from_the_notice_to_the_end_of_the_appeal_window(
    client, process, committee, secretary, wall_clock
):
    """c.4, R24–R30: notice, meeting, minutes, statements window, approval,
    notice board and appeal window, then final."""
    meeting = reach_approval(client, process, committee, secretary)
    assert meeting.state == State.MINUTES_DRAFTED
    assert open_task(process, MeetingFlow.approve_minutes)

    approve(meeting, committee.chair, committee.members[1])
    fire_timers()
    carry_out(client, process, MeetingFlow.post_notice, notice_today())

    timer = Task.objects.get(process=process, flow_task=MeetingFlow.appeal_window)
    wall_clock(timer.scheduled + datetime.timedelta(minutes=1))
    fire_timers()

    process.refresh_from_db()
    meeting.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert meeting.state == State.APPEAL_WINDOW_PASSED
    final = Task.objects.get(process=process, flow_task=MeetingFlow.final)
    assert final.status == STATUS.DONE
    last = meeting.history.first()
    assert (last.history_user, last.history_change_reason) == (secretary, AUTOMATIC)


# --- starting -----------------------------------------------------------------


def test_starting_the_flow_opens_the_notice_task_for_the_secretary(
    process, planned_meeting, secretary
):
    assert process.meeting == planned_meeting
    assert process.started_by == secretary
    start = Task.objects.get(process=process, flow_task=MeetingFlow.start)
    assert start.owner == secretary
    notice = open_task(process, MeetingFlow.send_notice)
    assert (notice.status, notice.owner) == (STATUS.NEW, None)


def test_only_the_committee_secretary_starts_the_meeting_flow(
    planned_meeting, expn_secretary
):
    with pytest.raises(PermissionDenied):
        start_meeting_flow(planned_meeting, expn_secretary)
    assert not MeetingProcess.objects.exists()


def test_a_meeting_has_one_meeting_flow(process, planned_meeting, secretary):
    with pytest.raises(ValidationError) as refused:
        start_meeting_flow(planned_meeting, secretary)
    assert error_codes(refused.value) == {"flow_already_started"}


def test_the_flow_starts_only_for_a_planned_meeting(planned_meeting, secretary):
    meeting_services.send_notice_of_meeting(
        meeting=planned_meeting, actor=secretary, reason=SET_UP
    )
    with pytest.raises(ValidationError) as refused:
        start_meeting_flow(planned_meeting, secretary)
    assert error_codes(refused.value) == {"wrong_meeting_state"}


# --- human tasks over HTTP ----------------------------------------------------


def test_the_committee_secretary_sends_the_notice_through_the_task_page(
    client, process, secretary
):
    """R10: the call to the meeting is recorded by the secretary, with reason;
    the next step is hers too, and she lands on it."""
    client.force_login(secretary)
    task = open_task(process, MeetingFlow.send_notice)
    taken = client.post(task_url(task, "take"))
    assert taken["Location"] == task_url(task)

    page = client.get(task_url(task))
    assert page.status_code == 200
    assert str(MeetingFlow.send_notice.task_title) in page.content.decode()

    response = client.post(task_url(task))
    meeting = process.meeting
    meeting.refresh_from_db()
    assert meeting.state == State.NOTICE_SENT
    row = meeting.history.first()
    assert (row.history_user, row.history_change_reason) == (
        secretary,
        "notice of the meeting sent",
    )
    following = open_task(process, MeetingFlow.hold_meeting)
    assert following.status == STATUS.NEW
    assert response["Location"] == task_url(following)


def test_a_secretary_of_another_organisation_gets_404_on_the_task(
    client, process, expn_secretary
):
    """rules.md (d): a meeting of another organisation is not shown at all."""
    task = open_task(process, MeetingFlow.send_notice)
    client.force_login(expn_secretary)
    assert client.get(task_url(task)).status_code == 404
    assert client.post(task_url(task)).status_code == 404
    assert client.post(task_url(task, "take")).status_code == 404
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.NEW, None)


def test_a_case_officer_who_sees_the_meeting_may_not_take_the_task(
    client, process, karin
):
    """Trafikkontoret serves trafiknämnden: Karin sees the meeting but does not
    keep its minutes."""
    task = open_task(process, MeetingFlow.send_notice)
    client.force_login(karin)
    assert client.post(task_url(task, "take")).status_code == 404
    assert client.post(task_url(task)).status_code == 404
    task.refresh_from_db()
    assert task.owner is None


def test_a_task_taken_by_one_secretary_is_closed_to_the_other(
    client, process, secretary, second_secretary
):
    """The other secretary sees who has it, and nothing is recorded."""
    task = open_task(process, MeetingFlow.send_notice)
    client.force_login(secretary)
    client.post(task_url(task, "take"))
    client.force_login(second_secretary)
    response = client.post(task_url(task), follow=True)
    assert response.redirect_chain[-1][0] == reverse("tasks:mine")
    assert secretary.get_full_name() in response.content.decode()
    taken = client.post(task_url(task, "take"), follow=True)
    assert taken.redirect_chain[-1][0] == reverse("tasks:claimable")
    process.meeting.refresh_from_db()
    assert process.meeting.state == State.PLANNED


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, process):
    task = open_task(process, MeetingFlow.send_notice)
    response = client.get(task_url(task))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_viewflows_own_pages_of_the_meeting_flow_are_gone(client, process, secretary):
    """One task desk: the meeting flow's tasks have no second set of pages."""
    client.force_login(secretary)
    task = open_task(process, MeetingFlow.send_notice)
    for path in (
        "/arbetsfloden/moten/",
        f"/arbetsfloden/moten/{process.pk}/send_notice/{task.pk}/execute/",
    ):
        assert client.get(path).status_code == 404


def test_a_step_taken_on_the_meeting_pages_completes_its_task_on_confirmation(
    client, process, secretary
):
    meeting = process.meeting
    meeting_services.send_notice_of_meeting(
        meeting=meeting, actor=secretary, reason="kallelse skickad"
    )
    client.force_login(secretary)
    carry_out(client, process, MeetingFlow.send_notice)
    meeting.refresh_from_db()
    assert meeting.state == State.NOTICE_SENT
    assert meeting.history.first().history_change_reason == "kallelse skickad"


def test_a_meeting_never_opened_cannot_be_closed_on_the_task_page(
    client, process, secretary
):
    """c.4: only a meeting in progress is closed; the refusal shows on the form
    and the task stays open."""
    client.force_login(secretary)
    carry_out(client, process, MeetingFlow.send_notice)
    task = open_task(process, MeetingFlow.hold_meeting)
    client.post(task_url(task, "take"))
    response = client.post(task_url(task))
    assert response.status_code == 200
    assert response.context["form"].errors
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    process.meeting.refresh_from_db()
    assert process.meeting.state == State.NOTICE_SENT


def test_the_notice_task_shows_the_statutory_deadline(
    client, process, committee, secretary
):
    """R28: the notice is posted at the latest the second day after approval."""
    meeting = reach_approval(client, process, committee, secretary)
    approve(meeting, committee.chair, committee.members[1])
    fire_timers()
    task = open_task(process, MeetingFlow.post_notice)
    page = client.get(task_url(task))
    deadline = deadlines.notice_deadline(timezone.localdate())
    with translation.override("sv"):
        assert formats.date_format(deadline) in page.content.decode()


# --- timers and the approval --------------------------------------------------


def test_the_statements_window_stays_open_until_the_time_set_for_approval(
    client, process, committee, secretary
):
    """R16: written statements are handed in until the time set for approval."""
    meeting = process.meeting
    client.force_login(secretary)
    carry_out(client, process, MeetingFlow.send_notice)
    due = timezone.now() + datetime.timedelta(days=1)
    open_meeting(meeting, committee, secretary, approval_due_at=due)
    carry_out(client, process, MeetingFlow.hold_meeting)
    carry_out(client, process, MeetingFlow.draw_up_minutes)

    fire_timers()
    timer = Task.objects.get(process=process, flow_task=MeetingFlow.statements_window)
    assert (timer.status, timer.scheduled) == (STATUS.SCHEDULED, due)
    assert not Task.objects.filter(
        process=process, flow_task=MeetingFlow.approve_minutes
    ).exists()


def test_the_flow_waits_until_the_chair_and_every_checker_have_signed(
    client, process, committee, secretary
):
    """R24: the minutes are approved by the chair and the minutes checkers."""
    meeting = reach_approval(client, process, committee, secretary)
    approve(meeting, committee.chair)
    fire_timers()
    assert open_task(process, MeetingFlow.approve_minutes).status == STATUS.NEW
    assert not Task.objects.filter(
        process=process, flow_task=MeetingFlow.post_notice
    ).exists()

    approve(meeting, committee.members[1])
    fire_timers()
    assert open_task(process, MeetingFlow.post_notice).status == STATUS.NEW


def test_the_appeal_window_ends_at_midnight_after_the_last_day_of_appeal(
    client, process, committee, secretary, wall_clock
):
    """R30: an appeal must arrive within three weeks from the day of posting."""
    meeting = reach_approval(client, process, committee, secretary)
    approve(meeting, committee.chair, committee.members[1])
    fire_timers()
    carry_out(client, process, MeetingFlow.post_notice, notice_today())

    last_day = deadlines.appeal_last_day(timezone.localdate())
    timer = Task.objects.get(process=process, flow_task=MeetingFlow.appeal_window)
    midnight = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min
    )
    assert timer.scheduled == timezone.make_aware(midnight)

    wall_clock(timer.scheduled - datetime.timedelta(minutes=1))
    fire_timers()
    process.refresh_from_db()
    assert process.status == PROCESS.NEW
    meeting.refresh_from_db()
    assert meeting.state == State.NOTICE_POSTED


# --- the task desk -------------------------------------------------------------


def test_the_secretarys_meeting_tasks_are_on_the_desk_in_constant_queries(
    client, process, secretary, expn_secretary, committee
):
    """One desk: the open meeting tasks are among the tasks to take, and once
    taken among my tasks; another committee's secretary sees none of them."""
    client.force_login(secretary)
    url = reverse("tasks:claimable")
    with CaptureQueriesContext(connection) as one_meeting:
        page = client.get(url)
    assert list(page.context["tasks"]) == [open_task(process, MeetingFlow.send_notice)]

    other = meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=timezone.localdate(),
        actor=secretary,
        reason=SET_UP,
    )
    start_meeting_flow(other, secretary)
    with CaptureQueriesContext(connection) as two_meetings:
        page = client.get(url)
    assert len(page.context["tasks"]) == 2
    assert len(two_meetings) <= len(one_meeting)
    assert str(committee.organisation.name) in page.content.decode()

    task = open_task(process, MeetingFlow.send_notice)
    client.post(task_url(task, "take"))
    assert list(client.get(reverse("tasks:mine")).context["tasks"]) == [task]

    client.force_login(expn_secretary)
    assert list(client.get(url).context["tasks"]) == []
    assert list(client.get(reverse("tasks:mine")).context["tasks"]) == []


def test_after_the_minutes_are_drawn_up_the_page_says_what_the_flow_waits_for(
    client, process, committee, secretary
):
    """No one's task comes next: the chair and the checkers sign (R24)."""
    client.force_login(secretary)
    carry_out(client, process, MeetingFlow.send_notice)
    past = timezone.now() + datetime.timedelta(days=1)
    open_meeting(process.meeting, committee, secretary, approval_due_at=past)
    carry_out(client, process, MeetingFlow.hold_meeting)
    response = carry_out(client, process, MeetingFlow.draw_up_minutes)
    assert response["Location"] == reverse("tasks:mine")
    page = client.get(response["Location"])
    waiting = str(MeetingFlow.statements_window.task_title)
    assert waiting in page.content.decode()


# --- the flow's definition ----------------------------------------------------


def test_every_permission_the_meeting_flow_names_exists():
    """Names stored in a node or checked by the flow must match a Permission row;
    a missing one (e.g. "manage" left out of default_permissions) opens nothing
    and fails silently."""
    flow = MeetingFlow.instance
    options = flow.process_class._meta
    names = {
        f"{options.app_label}.{get_permission_codename(action, options)}"
        for action in ("view", "manage")
    }
    names |= {
        node._owner_permission
        for node in flow.nodes()
        if isinstance(getattr(node, "_owner_permission", None), str)
    }
    for name in names:
        app_label, codename = name.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), name


def test_every_human_task_is_on_the_desk_for_the_committee_secretary():
    human = [node for node in MeetingFlow.instance.nodes() if node.task_type == "HUMAN"]
    assert {node.name for node in human} == {
        "send_notice",
        "hold_meeting",
        "draw_up_minutes",
        "post_notice",
    }
    for node in human:
        assert isinstance(node, HumanTask)
        assert node._owner_permission == codes.KEEP_MINUTES
        assert node.task_title and node.task_title != node.name.replace("_", " ")


def test_the_meeting_flow_waits_for_the_row_lock():
    lock = MeetingFlow.lock_impl
    assert isinstance(lock, SelectForUpdateLock)
    assert lock.nowait is False


def test_planning_a_meeting_on_its_page_starts_its_flow(client, committee, secretary):
    """c.4: a planned meeting has its flow from the start."""
    import datetime as _datetime

    from django.urls import reverse

    from casework.meetings.models import Meeting
    from workflows.models import MeetingProcess

    client.force_login(secretary)
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "organisation": committee.organisation.pk,
            "held_on": (
                _datetime.date.today() + _datetime.timedelta(days=20)
            ).isoformat(),
            "place": "Fleminggatan 4",
            "chair": committee.chair.pk,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert MeetingProcess.objects.filter(meeting=meeting).exists()


def test_approved_minutes_put_the_notice_on_the_desk_at_once_R24(
    client, process, committee, secretary, django_capture_on_commit_callbacks
):
    """Once the chair and the checker have signed, the notice task is the
    secretary's to take, without waiting for the scheduler."""
    meeting = reach_approval(client, process, committee, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        approve(meeting, committee.chair, committee.members[1])
    task = open_task(process, MeetingFlow.post_notice)
    claimable = client.get(reverse("tasks:claimable")).context["tasks"]
    assert task in list(claimable)


def test_meeting_tasks_stored_before_the_desk_are_found_by_it(process, secretary):
    """The data migration names the permission on the tasks already stored,
    which the meeting flow did not name before."""
    migration = importlib.import_module(
        "workflows.migrations.0002_meeting_tasks_on_the_desk"
    )
    task = open_task(process, MeetingFlow.send_notice)
    Task.objects.filter(pk=task.pk).update(owner_permission=None)
    assert task not in list(tasks.claimable_by(secretary))
    migration.name_the_permission(django_apps, None)
    assert task in list(tasks.claimable_by(secretary))
