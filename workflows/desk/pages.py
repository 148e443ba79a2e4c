"""What each task's page on the desk shows and which step its form runs: the
case, the referral, the recipient or the meeting the task is about, and the
report inline where it is reviewed or put on the agenda."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.meetings import deadlines
from casework.meetings.forms import NoticeForm
from casework.meetings.models import Clause, Meeting
from casework.referrals import guards, summary
from casework.referrals.models import Extension, OfficerReport, ReferralRecipient
from workflows.desk import forms
from workflows.meeting import MeetingFlow
from workflows.nodes import branch_key
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import meeting as meeting_steps
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps


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
    # Where the user goes next when no task of the flow is theirs: a step
    # outside the flow that follows this one (the memorandum after compiling).
    then: Callable | None = None

    def form_class(self, subject) -> type:
        """The page's form; only a confirmation when the meeting pages have
        already taken the step."""
        return forms.ConfirmStepForm if subject.done_elsewhere else self.form

    def drafts(self, subject) -> bool:
        """Whether the page saves a draft as well (the officer report)."""
        return self.form_class(subject) is forms.ReportForm


# --- what a task is about ------------------------------------------------------


@dataclass
class Subject:
    """What a task is about: the referral and, on the committee side or in a
    branch, the recipient; or the meeting."""

    referral: object = None
    recipient: ReferralRecipient | None = None
    meeting: Meeting | None = None
    done_elsewhere: bool = False


def subject_of(task) -> Subject:
    process = task.process.coerced
    if task.flow_task.flow_class is MeetingFlow:
        meeting = Meeting.objects.select_related("organisation").get(
            pk=process.meeting_id
        )
        done = meeting_steps.reached(meeting, meeting_steps.DONE_STATE[task.flow_task])
        return Subject(meeting=meeting, done_elsewhere=done)
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


def _write_the_memorandum(subject) -> str:
    """The rapporteur's memorandum is drafted from the compiled answers (R79);
    its page leads to the memorandum once there is one."""
    return reverse("referrals:memorandum_create", args=[subject.referral.pk])


def _draft_summary(subject) -> dict:
    answers = [_answer(r, report) for r, report in _answer_rows(subject)]
    return {"summary": summary.compile_summary(answers)}


def _report(subject) -> dict:
    return {"report": response_steps.latest_report(subject.recipient)}


def _report_inline(subject) -> dict:
    """The report the head reviews, shown in full on the task's page."""
    report = response_steps.latest_report(subject.recipient)
    clauses = Clause.objects.filter(resolution_id=report.proposal_id)
    comments = report.comments.select_related("author")
    return {
        "report": report,
        "clauses": list(clauses.order_by("number")),
        "approved": report.state == OfficerReport.State.APPROVED,
        "comments": comments,
    }


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


def _approval(subject) -> dict:
    """R28: the notice is posted at the latest the second day after approval."""
    minutes = subject.meeting.minutes
    approved_on = timezone.localtime(minutes.approved_at).date()
    return {
        "approved_on": approved_on,
        "deadline": deadlines.notice_deadline(approved_on),
    }


def _meeting_page(step, done, button, part, **extra) -> Page:
    return Page(
        form=forms.ConfirmStepForm,
        step=step,
        done=done,
        button=button,
        part=f"workflows/tasks/parts/{part}.html",
        **extra,
    )


MEETING_PAGES = {
    MeetingFlow.send_notice: _meeting_page(
        meeting_steps.send_notice,
        gettext_lazy("The notice of the meeting has been recorded."),
        gettext_lazy("The notice has been sent"),
        "send_notice",
    ),
    MeetingFlow.hold_meeting: _meeting_page(
        meeting_steps.hold_meeting,
        gettext_lazy("The meeting is closed."),
        gettext_lazy("The chair has closed the meeting"),
        "hold_meeting",
    ),
    MeetingFlow.draw_up_minutes: _meeting_page(
        meeting_steps.draw_up_minutes,
        gettext_lazy("The minutes have been drawn up."),
        gettext_lazy("Draw up the minutes"),
        "draw_up_minutes",
    ),
    MeetingFlow.post_notice: Page(
        form=NoticeForm,
        step=meeting_steps.post_notice,
        done=gettext_lazy("The notice of approval is posted."),
        button=gettext_lazy("Post the notice"),
        context=_approval,
        part="workflows/tasks/parts/post_notice.html",
    ),
}


# Both heads review on the same page (c.2: division, then department).
REVIEW = Page(
    form=forms.ReviewForm,
    step=response_steps.review,
    done=gettext_lazy("Your review has been recorded."),
    button=gettext_lazy("Record the review"),
    context=_report_inline,
    part="workflows/tasks/parts/report_inline.html",
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
        then=_write_the_memorandum,
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
PAGES.update(MEETING_PAGES)
