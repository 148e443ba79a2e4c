"""Pages of the referral and response tasks: my tasks, the tasks a user may
take, and one page per task that parses a form and runs one step of the flow
(URL → view → rule → step → services → flow).

A task the user's roles could not carry out answers 404; one the user may see
but not carry out, 403. Coming too late — the task done or taken by someone
else meanwhile — gives a message, never an error page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from viewflow.workflow.status import STATUS

from casework.referrals import guards, summary
from casework.referrals.models import Extension, OfficerReport, ReferralRecipient
from permissions import rules
from workflows import referral as referral_steps
from workflows import response as response_steps
from workflows import task_forms as forms
from workflows import tasks
from workflows.nodes import branch_key
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _nothing(subject) -> dict:
    return {}


@dataclass(frozen=True)
class Page:
    """What a task's page shows and which step its form runs."""

    form: type
    step: Callable
    done: str
    button: str = gettext_lazy("Done")
    form_kwargs: Callable = _nothing
    initial: Callable = _nothing
    context: Callable = _nothing
    part: str = ""


# --- what a task is about ------------------------------------------------------


@dataclass
class Subject:
    """The referral a task concerns and, on the committee side or in a branch,
    the recipient."""

    referral: object
    recipient: ReferralRecipient | None = None


def _subject(task) -> Subject:
    process = task.process.coerced
    if task.flow_task.flow_class is ResponseFlow:
        recipient = ReferralRecipient.objects.select_related(
            "referral__case", "organisation", "committee_case__case_officer"
        ).get(pk=process.recipient_id)
        return Subject(recipient.referral, recipient)
    referral = process.referral
    if task.flow_task is ReferralFlow.decide_extension:
        recipient = referral.recipients.select_related("organisation").get(
            pk=branch_key(task)
        )
        return Subject(referral, recipient)
    return Subject(referral)


# --- the pages' contents -------------------------------------------------------


def _recipients(subject) -> dict:
    recipients = subject.referral.recipients.select_related("organisation")
    return {"recipients": recipients}


def _extension(subject) -> dict:
    extension = subject.recipient.extensions.filter(
        state=Extension.State.REQUESTED
    ).first()
    return {"extension": extension}


def _approved_reports(referral) -> dict:
    """The newest approved officer report per recipient's case, in one query."""
    reports = OfficerReport.objects.filter(
        case__referral_recipient__referral=referral,
        state=OfficerReport.State.APPROVED,
    ).select_related("department")
    newest = {}
    for report in reports.order_by("id"):
        newest[report.case_id] = report
    return newest


def _answer(recipient, report) -> summary.Answer:
    quote = None
    if report is not None and recipient.state == ReferralRecipient.State.ANSWERED:
        quote = summary.Quote(
            department=report.department.name,
            dated=report.approved_at and timezone.localdate(report.approved_at),
            text=report.summary or report.opinions,
        )
    return summary.Answer(
        organisation=recipient.organisation.name,
        state=recipient.state,
        stance=recipient.stance,
        quote=quote,
    )


def _answer_rows(subject) -> list:
    referral = subject.referral
    reports = _approved_reports(referral)
    recipients = referral.recipients.select_related("organisation")
    return [(r, reports.get(r.committee_case_id)) for r in recipients]


def _answers(subject) -> dict:
    return {"answers": _answer_rows(subject)}


def _draft_summary(subject) -> dict:
    answers = [_answer(r, report) for r, report in _answer_rows(subject)]
    return {"summary": summary.compile_summary(answers)}


def _report(subject) -> dict:
    return {"report": response_steps.latest_report(subject.recipient)}


def _report_initial(subject) -> dict:
    report = response_steps.latest_report(subject.recipient)
    if report is not None and report.state == OfficerReport.State.DRAFT:
        return forms.ReportForm.initial_from(report)
    names = {
        "title": subject.referral.case.title,
        "sender": subject.referral.case.organisation,
        "committee": subject.recipient.organisation,
    }
    return {
        "title": _("%(title)s. Referral from %(sender)s") % names,
        "clauses": _(
            "%(committee)s refers to the office's officer report as its answer to "
            "the referral from %(sender)s."
        )
        % names,
    }


def _drafting(subject) -> dict:
    """R44: warn when the next meeting cannot approve its minutes in time, and
    offer to ask for an extension or to decline."""
    report = response_steps.latest_report(subject.recipient)
    comments = report.comments.select_related("author") if report else ()
    return {
        "deadline_check": guards.check_deadline(subject.recipient),
        "comments": comments,
        "extension_form": forms.ExtensionRequestForm(prefix="extension"),
        "decline_form": forms.DeclineForm(prefix="decline"),
    }


def _decision_initial(subject) -> dict:
    item = response_steps.latest_item(subject.recipient)
    return {"decision_text": item.decision_text if item else ""}


def _with_recipient(subject) -> dict:
    return {"recipient": subject.recipient}


# Both heads review on the same page (c.2: division, then department).
REVIEW = Page(
    form=forms.ReviewForm,
    step=response_steps.review,
    done=gettext_lazy("Your review has been recorded."),
    button=gettext_lazy("Record the review"),
    context=_report,
    part="workflows/tasks/parts/report.html",
)

PAGES = {
    ReferralFlow.dispatch: Page(
        form=forms.SendForm,
        step=referral_steps.send,
        done=gettext_lazy("The referral has been sent."),
        button=gettext_lazy("Send the referral"),
        context=_recipients,
        part="workflows/referral/dispatch.html",
    ),
    ReferralFlow.decide_extension: Page(
        form=forms.ExtensionDecisionForm,
        step=referral_steps.decide_extension,
        done=gettext_lazy("The request has been decided."),
        button=gettext_lazy("Record the decision"),
        context=_extension,
        part="workflows/referral/decide_extension.html",
    ),
    ReferralFlow.compile_answers: Page(
        form=forms.CompileForm,
        step=referral_steps.compile_answers,
        done=gettext_lazy("The answers have been compiled."),
        button=gettext_lazy("Record the summary"),
        initial=_draft_summary,
        context=_answers,
        part="workflows/referral/answers.html",
    ),
    ResponseFlow.register: Page(
        form=forms.RegisterForm,
        step=response_steps.register,
        done=gettext_lazy("The referral has been registered."),
        button=gettext_lazy("Register the referral"),
    ),
    ResponseFlow.assign_officer: Page(
        form=forms.AssignOfficerForm,
        step=response_steps.assign_officer,
        done=gettext_lazy("The case officer has been assigned."),
        button=gettext_lazy("Assign"),
        form_kwargs=_with_recipient,
    ),
    ResponseFlow.draft_report: Page(
        form=forms.ReportForm,
        step=response_steps.save_report,
        done=gettext_lazy("The officer report has been sent for approval."),
        button=gettext_lazy("Send for approval"),
        initial=_report_initial,
        context=_drafting,
        part="workflows/tasks/parts/draft_report.html",
    ),
    ResponseFlow.division_review: REVIEW,
    ResponseFlow.department_review: REVIEW,
    ResponseFlow.put_on_agenda: Page(
        form=forms.AgendaForm,
        step=response_steps.put_on_agenda,
        done=gettext_lazy("The report is on the agenda."),
        button=gettext_lazy("Put on the agenda"),
        form_kwargs=_with_recipient,
        context=_report,
        part="workflows/tasks/parts/report.html",
    ),
    ResponseFlow.dispatch_response: Page(
        form=forms.AnswerForm,
        step=response_steps.send_answer,
        done=gettext_lazy("The answer has been sent."),
        button=gettext_lazy("Send the answer"),
        initial=_decision_initial,
        context=_report,
        part="workflows/tasks/parts/report.html",
    ),
}


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
    """Mina uppgifter: the tasks the user has taken or was given."""
    rows = tasks.assigned_to(request.user)
    return render(request, "workflows/tasks/my_tasks.html", {"tasks": rows})


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


def _submitted(request, page, task, form):
    """Run the page's step on a valid post; the redirect to follow, or None to
    show the form again with the service's reasons."""
    arguments = {"task": task}
    drafting = page.form is forms.ReportForm
    if drafting:
        arguments["submit"] = "submit" in request.POST
    if not _run(request, page.step, form, **arguments):
        return None if form.errors else redirect("tasks:mine")
    if drafting and not arguments["submit"]:
        messages.success(request, _("The draft has been saved."))
        return redirect("tasks:task", pk=task.pk)
    messages.success(request, page.done)
    return redirect("tasks:mine")


@login_required
@require_get_or_post
def task_page(request, pk):
    task = _open_task(request, pk)
    if task is None:
        return redirect("tasks:mine")
    page = PAGES.get(task.flow_task)
    if page is None:
        raise Http404
    subject = _subject(task)
    initial = page.initial(subject)
    form = page.form(*_posted(request), initial=initial, **page.form_kwargs(subject))
    if request.method == "POST" and form.is_valid():
        response = _submitted(request, page, task, form)
        if response is not None:
            return response
    context = {
        "task": task,
        "title": task.flow_task.task_title,
        "subject": subject,
        "form": form,
        "page": page,
        "drafting": page.form is forms.ReportForm,
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
    if form.is_valid() and _run(request, step, form, task=task):
        messages.success(request, done)
        if completes:
            return redirect("tasks:mine")
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
