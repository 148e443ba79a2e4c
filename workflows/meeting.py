"""The meeting flow: notice, meeting, minutes, approval, notice board and appeal
window of one meeting (rules.md c.4, R24–R32).

The committee secretary's steps are human tasks; each task page runs one
meetings service. The same steps can also be taken on the meeting pages: the
task then completes with one confirmation and runs nothing again. Approval is
not a task of one person: the chair and every minutes checker sign on the
meeting pages, and the flow goes on once the minutes are approved. The two
windows are timers in the database, fired by ``manage.py workflow_timers``
(run it every minute), which also checks whether the minutes were approved.
"""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services.common import require_meeting_state
from permissions import rules
from workflows import views
from workflows.models import MeetingProcess

AUTOMATIC = "appeal window passed (automatic step of the meeting flow)"


def _shown_to_meeting_viewers(view):
    """Answer 404, as for any object the user may not see, unless the URL names a
    task of the named process and the user may see its meeting."""

    @login_required
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if "task_pk" not in kwargs or "process_pk" not in kwargs:
            raise Http404
        task = Task.objects.filter(
            pk=kwargs["task_pk"],
            process_id=kwargs["process_pk"],
            process__meetingprocess__meeting__in=rules.meetings_visible_to(
                request.user
            ),
        )
        if not task.exists():
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _guarded(patterns) -> list:
    """The flow's URL patterns, every view behind ``_shown_to_meeting_viewers``:
    the human tasks' pages and viewflow's pages of the start, timer, catch,
    function and end nodes alike."""
    guarded = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = _guarded(entry.url_patterns)
            guarded.append(
                URLResolver(
                    entry.pattern,
                    inner,
                    entry.default_kwargs,
                    entry.app_name,
                    entry.namespace,
                )
            )
        else:
            view = _shown_to_meeting_viewers(entry.callback)
            guarded.append(
                URLPattern(entry.pattern, view, entry.default_args, entry.name)
            )
    return guarded


class ReleaseTaskView(View):
    """Give a taken task back (viewflow's unassign step): the page asks, the
    post frees the task for anyone the node's rule allows. Viewflow has checked
    ``can_unassign``; a task that is no longer taken cannot be given back."""

    def dispatch(self, request, *args, **kwargs):
        if request.activation.task.status != STATUS.ASSIGNED:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        activation = request.activation
        context = {"meeting": activation.process.meeting, "node": activation.flow_task}
        return render(request, "workflows/task_release.html", context)

    def post(self, request, **kwargs):
        request.activation.unassign()
        messages.success(request, gettext("The task is free for a colleague to take."))
        return redirect("workflows:meeting_tasks")


class MeetingTask(flow.View):
    """A human task on a meeting, open to the users whom one rule of
    ``permissions.rules`` allows: ``.Rule(can_x)`` with ``can_x(user, meeting)``.
    A user who may not see the meeting gets 404 on every URL of the task."""

    assign_view_class = views.TakeTaskView
    unassign_view_class = ReleaseTaskView

    def __init__(self, view, **kwargs):
        super().__init__(view, **kwargs)
        self._rule = None

    def Rule(self, rule):
        self._rule = rule
        return self

    def _ready(self):
        super()._ready()
        if self._rule is None:
            raise ImproperlyConfigured(f"{self.name} needs .Rule(...)")

    def allows(self, user, task) -> bool:
        return self._rule(user, task.process.coerced.meeting)

    def can_assign(self, user, task):
        return task.owner_id is None and self.allows(user, task)

    def can_execute(self, user, task):
        return super().can_execute(user, task) and self.allows(user, task)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class MeetingFlow(flow.Flow):
    """Meeting

    From the notice to the members to the end of the appeal window
    (rules.md c.4, R24–R32).
    """

    process_class = MeetingProcess
    process_title = _("Meeting")
    parent_namespace = "workflows"  # its URLs are included by workflows.urls
    lock_impl = lock.SelectForUpdateLock(nowait=False)

    def _get_urls(self):
        # A user who may not see the meeting gets 404 on every URL of its flow.
        return _guarded(super()._get_urls())

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("The meeting flow starts"))
        .Next(this.send_notice)
    )

    # secretary
    send_notice = (
        MeetingTask(views.send_notice)
        .Annotation(title=_("Send the notice of the meeting"))
        .Rule(rules.can_keep_minutes)
        .Next(this.hold_meeting)
    )
    hold_meeting = (
        MeetingTask(views.hold_meeting)
        .Annotation(title=_("Hold the meeting"))
        .Rule(rules.can_keep_minutes)
        .Next(this.draw_up_minutes)
    )
    draw_up_minutes = (
        MeetingTask(views.draw_up_minutes)
        .Annotation(title=_("Draw up the minutes"))
        .Rule(rules.can_keep_minutes)
        .Next(this.statements_window)
    )
    post_notice = (
        MeetingTask(views.post_notice)
        .Annotation(title=_("Post the notice of approval"))
        .Rule(rules.can_keep_minutes)
        .Next(this.appeal_window)
    )

    # signers
    approve_minutes = (
        flow.ConditionalCatch(this.minutes_are_approved)
        .Annotation(title=_("The chair and the minutes checkers approve the minutes"))
        .Next(this.post_notice)
    )

    # clock
    statements_window = (
        flow.Timer(this.approval_due_at)
        .Annotation(title=_("Written statements until the time set for approval"))
        .Next(this.approve_minutes)
    )
    appeal_window = (
        flow.Timer(this.appeal_window_ends_at)
        .Annotation(title=_("Appeal window"))
        .Next(this.end_appeal_window)
    )
    end_appeal_window = (
        flow.Function(this.record_appeal_window_passed)
        .Annotation(title=_("The appeal window has passed"))
        .Next(this.final)
    )

    final = flow.End().Annotation(title=_("Final"))

    def start_process(self, activation, meeting, actor):
        activation.process.meeting = meeting
        activation.process.started_by = actor
        activation.task.owner = actor
        return activation.process

    def approval_due_at(self, activation):
        return activation.process.meeting.approval_due_at

    def minutes_are_approved(self, activation):
        return activation.process.meeting.minutes.is_approved

    def appeal_window_ends_at(self, activation):
        """Midnight after the last day of appeal (R30)."""
        notice = activation.process.meeting.minutes.notice
        return _start_of(notice.appeal_last_day + datetime.timedelta(days=1))

    def record_appeal_window_passed(self, activation):
        process = activation.process
        minutes_services.end_appeal_window(
            meeting=process.meeting, actor=process.started_by, reason=AUTOMATIC
        )


@transaction.atomic
def start_meeting_flow(meeting: Meeting, actor) -> MeetingProcess:
    """Start the flow of a planned meeting, once; the committee secretary starts
    it, e.g. right after ``services.meetings.plan_meeting`` (c.4)."""
    if not rules.can_keep_minutes(actor, meeting):
        raise PermissionDenied(_("Only the committee secretary starts the flow."))
    require_meeting_state(meeting, Meeting.State.PLANNED)
    if MeetingProcess.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("The meeting flow has already started."), code="flow_already_started"
        )
    return MeetingFlow.start.run(meeting=meeting, actor=actor)


@transaction.atomic
def plan_meeting_and_start_flow(*, actor, reason: str, **fields) -> Meeting:
    """Plan a meeting and start its flow in one step (the planning page)."""
    meeting = meeting_services.plan_meeting(actor=actor, reason=reason, **fields)
    start_meeting_flow(meeting, actor)
    return meeting
