"""Pages of the meeting flow's human tasks: the list of a user's meeting tasks,
taking a task, and one page per task that runs one meetings service as the user
and then completes the task (URL → view → rule → service → flow).

Viewflow checks the node's rule before a task view runs (``MeetingTask``), and
runs a posted task view under the flow lock in one transaction.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods, require_safe
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.meetings import deadlines
from casework.meetings.forms import ConfirmForm, NoticeForm
from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from permissions import rules

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])
State = Meeting.State
LIFE_CYCLE = list(State.values)  # rules.md c.4, in order


def _posted(request) -> tuple:
    return (request.POST,) if request.method == "POST" else (None,)


def _reached(meeting: Meeting, state: str) -> bool:
    """Whether the meeting has come to ``state`` or beyond in its life cycle."""
    return LIFE_CYCLE.index(meeting.state) >= LIFE_CYCLE.index(state)


def _task_page(request, *, done_state, service, reason, form_class=None, **extra):
    """Run ``service`` on a valid posted form and complete the task. When the
    meeting pages have already brought the meeting to ``done_state``, the form
    only confirms and the task completes without running the service again."""
    activation = request.activation
    meeting = activation.process.meeting
    done_elsewhere = _reached(meeting, done_state)
    if done_elsewhere or form_class is None:
        form = ConfirmForm(*_posted(request), reason=reason)
    else:
        form = form_class(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if not done_elsewhere:
                service(actor=request.user, **form.service_arguments())
        except (ValidationError, PermissionDenied) as error:
            form.add_service_error(error)
        else:
            activation.execute()
            title = activation.flow_task.task_title
            messages.success(request, _("Done: %(task)s.") % {"task": title})
            return redirect("workflows:meeting_tasks")
    context = {
        "form": form,
        "meeting": meeting,
        "node": activation.flow_task,
        "done_elsewhere": done_elsewhere,
        **extra,
    }
    return render(request, f"workflows/{activation.flow_task.name}.html", context)


@require_get_or_post
def send_notice(request, **kwargs):
    """Record that the members and substitutes were called (R10)."""
    meeting = request.activation.process.meeting
    return _task_page(
        request,
        done_state=State.NOTICE_SENT,
        service=partial(meeting_services.send_notice_of_meeting, meeting=meeting),
        reason="notice of the meeting sent",
    )


@require_get_or_post
def hold_meeting(request, **kwargs):
    """The meeting is held on the meeting pages; the task ends when the chair has
    declared it closed, after which no reservation can be announced (R15)."""
    meeting = request.activation.process.meeting
    return _task_page(
        request,
        done_state=State.CLOSED,
        service=partial(meeting_services.close_meeting, meeting=meeting),
        reason="meeting closed",
    )


@require_get_or_post
def draw_up_minutes(request, **kwargs):
    """Draw up the minutes of the closed meeting (c.4)."""
    meeting = request.activation.process.meeting
    return _task_page(
        request,
        done_state=State.MINUTES_DRAFTED,
        service=partial(minutes_services.draw_up_minutes, meeting=meeting),
        reason="minutes drawn up",
    )


@require_get_or_post
def post_notice(request, **kwargs):
    """Post the notice of approval, at the latest the second day after approval
    (R28, KL 8:12)."""
    minutes = request.activation.process.meeting.minutes
    approved_on = timezone.localtime(minutes.approved_at).date()
    return _task_page(
        request,
        done_state=State.NOTICE_POSTED,
        service=partial(minutes_services.post_notice, minutes=minutes),
        reason="notice posted",
        form_class=NoticeForm,
        approved_on=approved_on,
        deadline=deadlines.notice_deadline(approved_on),
    )


class TakeTaskView(View):
    """Take a task (viewflow's assign step): the page asks, the post assigns the
    task to the user and opens it. Viewflow has checked ``can_assign``."""

    def get(self, request, **kwargs):
        activation = request.activation
        context = {"meeting": activation.process.meeting, "node": activation.flow_task}
        return render(request, "workflows/task_take.html", context)

    def post(self, request, **kwargs):
        activation = request.activation
        activation.assign(request.user)
        return redirect(task_url(activation.task, "execute"))


def task_url(task, action: str) -> str:
    """The URL of a meeting flow task's page: ``execute``, ``assign``, ``index``.
    Named in full, because viewflow's own ``node.reverse`` knows the namespace
    only once the URLconf has been loaded."""
    name = f"workflows:meeting:{task.flow_task.name}:{action}"
    return reverse(name, args=[task.process_id, task.pk])


def _task_row(user, task) -> dict:
    node = task.flow_task
    mine = task.owner_id == user.pk
    return {
        "task": task,
        "title": node.task_title,
        "meeting": task.process.coerced.meeting,
        "open_url": task_url(task, "execute") if mine else None,
        "take_url": task_url(task, "assign") if node.can_assign(user, task) else None,
    }


def _allows(user, task) -> bool:
    # A node renamed or removed since the task was created has no rule.
    allows = getattr(task.flow_task, "allows", None)
    return allows is not None and allows(user, task)


@login_required
@require_safe
def meeting_tasks(request):
    """The open tasks of the meeting flows that the user's rules let the user
    take or carry out, and who has taken them."""
    user = request.user
    tasks = (
        Task.objects.filter(
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
            process__meetingprocess__meeting__in=rules.meetings_visible_to(user),
        )
        .select_related("owner", "process__meetingprocess__meeting__organisation")
        .order_by("process__meetingprocess__meeting__held_on", "created", "pk")
    )
    rows = [_task_row(user, task) for task in tasks if _allows(user, task)]
    return render(request, "workflows/meeting_tasks.html", {"rows": rows})
