"""The task desk: my tasks, the tasks a user may take, and one page per task
of the referral, response and meeting flows that parses a form and runs one
step (URL → view → rule → step → services → flow). After a step the user lands
on the next task when it is theirs, or is told whose it is.

A task the user's roles could not carry out answers 404; one the user may see
but not carry out, 403. Coming too late — the task done or taken by someone
else meanwhile — gives a message, never an error page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from viewflow.workflow.status import STATUS

from casework.meetings.services import council_motions, signing
from permissions import rules
from workflows import tasks
from workflows.desk import forms, next_step
from workflows.desk.pages import PAGES, subject_of
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


# --- helpers ------------------------------------------------------------------


def _posted(request) -> tuple:
    return (request.POST,) if request.method == "POST" else (None,)


def _too_late(user, task) -> str:
    """Why the user cannot act on a task someone else has dealt with, or ""."""
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        return _("The task has already been carried out.")
    if task.owner_id not in (None, user.pk):
        name = task.owner.get_full_name() or task.owner.get_username()
        return _("%(person)s has taken the task.") % {"person": name}
    return ""


def _open_task(request, pk):
    """The task if the user may carry it out; None after a message when the
    user came too late. 404 for a task outside the user's organisations, 403
    for one the user sees but may not carry out."""
    task = rules.get_task_for_user_or_404(request.user, pk)
    reason = _too_late(request.user, task)
    if reason:
        messages.error(request, reason)
        return None
    if not rules.can_execute_task(request.user, task):
        raise PermissionDenied
    return task


def _run(request, step, form, **arguments) -> bool:
    """Run a step with the form's arguments; False (reasons on the form or in a
    message) when the service refused or someone else came first."""
    try:
        step(actor=request.user, **form.service_arguments(), **arguments)
    except tasks.TaskUnavailable as error:
        messages.error(request, " ".join(error.messages))
        return False
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


# --- the lists ----------------------------------------------------------------


@login_required
@require_safe
def my_tasks(request):
    """Mina uppgifter: the tasks the user has taken or was given, and the
    minutes awaiting the user's signature as chair or checker."""
    context = {
        "tasks": tasks.assigned_to(request.user),
        "awaiting_signature": signing.minutes_awaiting_signature(request.user),
        "motions_due": council_motions.motions_needing_attention(request.user),
    }
    return render(request, "workflows/tasks/my_tasks.html", context)


@login_required
@require_safe
def claimable(request):
    """The tasks of the user's organisations that no one has taken yet."""
    rows = tasks.claimable_by(request.user)
    return render(request, "workflows/tasks/claimable.html", {"tasks": rows})


@login_required
@require_POST
def take(request, pk):
    task = rules.get_task_for_user_or_404(request.user, pk)
    try:
        tasks.take(task=task, node=task.flow_task, actor=request.user)
    except tasks.TaskUnavailable as error:
        messages.error(request, " ".join(error.messages))
        return redirect("tasks:claimable")
    return redirect("tasks:task", pk=task.pk)


@login_required
@require_POST
def release(request, pk):
    task = rules.get_task_for_user_or_404(request.user, pk)
    tasks.release(task=task, node=task.flow_task, actor=request.user)
    messages.success(request, _("The task is free for a colleague to take."))
    return redirect("tasks:mine")


# --- one task -----------------------------------------------------------------


def _after(request, task, since: int, then: str | None = None):
    """Where the user goes once the task is done: the next task when it is
    theirs to do, else the page's own next step outside the flow (``then``),
    else their list, told whose the next step is."""
    following, notes = next_step.landing(request.user, task, since)
    for note in notes:
        messages.info(request, note)
    if following is not None:
        return redirect("tasks:task", pk=following.pk)
    return redirect(then or "tasks:mine")


def _submitted(request, page, task, subject, form):
    """Run the page's step on a valid post; the redirect to follow, or None to
    show the form again with the service's reasons."""
    arguments = {"task": task}
    drafting = page.drafts(subject)
    if drafting:
        arguments["submit"] = "submit" in request.POST
    since = next_step.mark()
    if not _run(request, page.step, form, **arguments):
        return None if form.errors else redirect("tasks:mine")
    if drafting and not arguments["submit"]:
        messages.success(request, _("The draft has been saved."))
        return redirect("tasks:task", pk=task.pk)
    messages.success(request, page.done)
    then = page.then(subject) if page.then else None
    return _after(request, task, since, then)


@login_required
@require_get_or_post
def task_page(request, pk):
    task = _open_task(request, pk)
    if task is None:
        return redirect("tasks:mine")
    page = PAGES.get(task.flow_task)
    if page is None:
        raise Http404
    subject = subject_of(task)
    form_class = page.form_class(subject)
    initial = page.initial(subject) if form_class is page.form else {}
    kwargs = page.form_kwargs(subject) if form_class is page.form else {}
    form = form_class(*_posted(request), initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        response = _submitted(request, page, task, subject, form)
        if response is not None:
            return response
    context = {
        "task": task,
        "title": task.flow_task.task_title,
        "subject": subject,
        "form": form,
        "page": page,
        "drafting": page.drafts(subject),
        **page.context(subject),
    }
    return render(request, "workflows/tasks/task.html", context)


def _side_form(request, pk, form_class, step, done, *, prefix: str, completes: bool):
    """A second form on the officer report's task page: ask for an extension
    (the task stays open), or decline to answer (the task is done)."""
    task = _open_task(request, pk)
    if task is None:
        return redirect("tasks:mine")
    if task.flow_task is not ResponseFlow.draft_report:
        raise Http404
    form = form_class(request.POST, prefix=prefix)
    since = next_step.mark()
    if form.is_valid() and _run(request, step, form, task=task):
        messages.success(request, done)
        if completes:
            return _after(request, task, since)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("tasks:task", pk=task.pk)


@login_required
@require_POST
def ask_for_extension(request, pk):
    """R44: ask the referring office for a later deadline."""
    return _side_form(
        request,
        pk,
        forms.ExtensionRequestForm,
        response_steps.ask_for_extension,
        _("The request for an extension has been sent."),
        prefix="extension",
        completes=False,
    )


@login_required
@require_POST
def decline(request, pk):
    """The committee declines to answer (c.1 AVSTÅR)."""
    return _side_form(
        request,
        pk,
        forms.DeclineForm,
        response_steps.decline,
        _("The referring office has been told that no answer will come."),
        prefix="decline",
        completes=True,
    )


# --- preparing a referral -----------------------------------------------------


@login_required
@require_get_or_post
def prepare(request, case_pk):
    """Prepare a referral in a case of the board (R39–R40) and start its flow."""
    case = rules.get_case_for_user_or_404(request.user, case_pk)
    if not rules.can_prepare_referral(request.user, case):
        raise PermissionDenied
    form = forms.PrepareReferralForm(*_posted(request), case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            process = referral_steps.start_referral(
                case=case, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The referral has been prepared."))
            dispatch = process.task_set.get(flow_task=ReferralFlow.dispatch)
            return redirect("tasks:task", pk=dispatch.pk)
    context = {"case": case, "form": form}
    return render(request, "workflows/referral/prepare.html", context)
