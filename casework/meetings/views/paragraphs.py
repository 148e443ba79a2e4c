"""One paragraph after its decision: approval at the meeting and its own notice
(R25), and recording its execution, with a warning inside the appeal window
(R33)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.meetings import board_forms, forms, rendering
from casework.meetings.models import Meeting
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import paragraphs as services
from casework.meetings.views.common import (
    FORM_PAGE,
    form_page,
    perform,
    posted,
    require,
    require_get_or_post,
)
from casework.meetings.views.items import item_context, kept_item


@login_required
@require_get_or_post
def paragraph_approve(request, pk):
    """The secretary records that the chair and the checkers approved the
    paragraph at the meeting, as read out (sv. omedelbar justering, R25)."""
    item = kept_item(request, pk)
    require(
        item.is_decided
        and item.meeting.state == Meeting.State.IN_PROGRESS
        and not hasattr(item, "immediate_approval")
    )
    text = minutes_services.paragraph_text(item)
    digest = rendering.digest(text)
    return form_page(
        request,
        board_forms.ApproveParagraphForm(*posted(request), current_digest=digest),
        partial(services.approve_paragraph_at_meeting, item=item),
        message=_("The paragraph was approved at the meeting."),
        done=item,
        template="meetings/paragraph_approve.html",
        context=item_context(
            item,
            _("Approve the paragraph at the meeting"),
            _("The chair and the minutes checkers approve the paragraph as read"),
            text=text,
            digest=digest,
        ),
    )


@login_required
@require_get_or_post
def paragraph_notice_create(request, pk):
    """The notice of a paragraph approved at the meeting; its own appeal window
    runs from it (R25, R28)."""
    item = kept_item(request, pk)
    approval = getattr(item, "immediate_approval", None)
    if approval is None:
        raise Http404
    return form_page(
        request,
        forms.NoticeForm(*posted(request)),
        partial(services.post_paragraph_notice, approval=approval),
        message=_("The notice was posted."),
        done=item,
        context=item_context(
            item,
            _("Post the notice of the paragraph"),
            _("Post the notice"),
            notes=[
                _(
                    "The paragraph was approved at the meeting; its appeal window "
                    "runs from this notice, not from that of the minutes (KL 5 kap. "
                    "69 §)."
                ),
                _(
                    "The notice stays on the board for the whole appeal window; it "
                    "cannot be taken down (KL 8 kap. 12 §)."
                ),
            ],
        ),
    )


@login_required
@require_get_or_post
def execution_create(request, pk):
    """Record that a decision was carried out; inside the appeal window the page
    warns before and after (KL 13:14, R33)."""
    item = kept_item(request, pk)
    require(item.is_decided)
    form = board_forms.ExecutionForm(*posted(request))
    execution = perform(
        request,
        form,
        partial(services.record_execution, item=item),
        _("The execution was recorded."),
    )
    if execution is not None:
        if execution.warning:
            messages.warning(request, execution.warning)
        return redirect(item)
    warning = services.execution_warning(item, timezone.localdate())
    context = item_context(
        item,
        _("Record the execution of the decision"),
        _("Record the execution"),
        notes=[warning] if warning else [],
        cancel_url=reverse("meetings:item_detail", args=[item.pk]),
    )
    return render(request, FORM_PAGE, {"form": form, **context})
