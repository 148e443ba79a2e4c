"""The minutes: drawing them up, the printable text (draft or approved, with
corrections), approval by the chair and the checkers, and the notice."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework import clock
from casework.directory.models import Person
from casework.meetings import deadlines, forms, printed, rendering
from casework.meetings.models import Minutes
from casework.meetings.services import minutes as services
from casework.meetings.services import notices as notice_services
from casework.meetings.services import signing
from casework.meetings.signing_forms import PaperSignatureForm
from casework.meetings.views.common import (
    confirm_page,
    form_page,
    kept_meeting,
    meeting_title,
    posted,
    require,
    require_get_or_post,
)
from permissions import rules


def _minutes_or_404(meeting) -> Minutes:
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        raise Http404
    return minutes


@login_required
@require_get_or_post
def minutes_create(request, pk):
    meeting = kept_meeting(request, pk)
    return confirm_page(
        request,
        meeting,
        services.draw_up_minutes,
        reason="minutes drawn up",
        message=_("The minutes were drawn up."),
        heading=_("Draw up the minutes"),
        submit_label=_("Draw up the minutes"),
        notes=[
            _(
                "Written statements are accepted until the time set for approval; "
                "the minutes are not an official document until approved."
            )
        ],
    )


def _approved_context(minutes, number) -> dict:
    """The version asked for (the latest by default) and every version, each
    correction with its note (R26)."""
    versions = list(minutes.versions.order_by("number"))
    shown = versions[-1]
    if number is not None:
        shown = next((v for v in versions if str(v.number) == number), None)
        if shown is None:
            raise Http404
    return {
        "versions": versions,
        "shown": shown,
        "text": shown.content,
        "digest": shown.digest,
        "approvals": minutes.approvals.select_related("person"),
    }


def minutes_context(user, pk, version) -> dict:
    """The minutes for reading and printing: the approved text (the version
    asked for) for everyone who sees the meeting; before that the current draft
    for the secretary, chair and checkers. The minutes are set out in their
    sections while those read exactly as the text shown."""
    meeting = rules.get_meeting_for_user_or_404(user, pk)
    minutes = getattr(meeting, "minutes", None)
    approved = minutes is not None and minutes.is_approved
    if not approved:
        if minutes is None and not rules.can_keep_minutes(user, meeting):
            raise Http404
        require(rules.can_read_draft_minutes(user, meeting))
    context = {"meeting": meeting, "title": meeting_title(meeting), "minutes": minutes}
    loaded = rendering.meeting_for_minutes(meeting.pk)
    with translation.override("sv"):
        current = rendering.minutes_text(loaded)
    if approved:
        context.update(_approved_context(minutes, version))
    else:
        context.update({"text": current, "digest": rendering.digest(current)})
    structured = context["digest"] == rendering.digest(current)
    context["document"] = printed.printed_minutes(loaded) if structured else None
    return context


@login_required
@require_safe
def minutes_detail(request, pk):
    """The minutes on screen, with their versions and corrections (R26)."""
    context = minutes_context(request.user, pk, request.GET.get("version"))
    return render(request, "meetings/minutes_detail.html", context)


def _approval_context(user, meeting, text, digest) -> dict:
    approvals = list(meeting.minutes.approvals.select_related("person"))
    due = meeting.approval_due_at
    return {
        "meeting": meeting,
        "title": meeting_title(meeting),
        "text": text,
        "digest": digest,
        "approvals": approvals,
        "signed": any(a.person_id == user.person.pk for a in approvals),
        "too_early": bool(due) and timezone.now() < due,
    }


def _signed_message(signature) -> str:
    if signature.minutes.is_approved:
        return _("The minutes are approved.")
    return _("Your approval was recorded.")


@login_required
@require_get_or_post
def minutes_approve(request, pk):
    """The chair or a minutes checker signs the text shown, as themselves
    (sv. justering, R24)."""
    user = request.user
    meeting = rules.get_meeting_for_user_or_404(user, pk)
    minutes = _minutes_or_404(meeting)
    require(rules.can_approve_minutes(user, minutes))
    text = services.current_text(meeting)
    digest = rendering.digest(text)
    return form_page(
        request,
        forms.ApproveMinutesForm(*posted(request), current_digest=digest),
        partial(signing.sign_minutes, minutes=minutes),
        message=_signed_message,
        done=meeting.get_absolute_url(),
        template="meetings/minutes_approve.html",
        context=_approval_context(user, meeting, text, digest),
    )


def _unsigned_signers(minutes):
    signed = minutes.approvals.values("person_id")
    return (
        Person.objects.filter(pk__in=signing.approvers(minutes.meeting))
        .exclude(pk__in=signed)
        .order_by("last_name", "first_name")
    )


@login_required
@require_get_or_post
def minutes_paper_signature(request, pk):
    """The committee secretary records a signature the chair or a checker made
    on the printed minutes, with its evidence (R27)."""
    meeting = rules.get_meeting_for_user_or_404(request.user, pk)
    minutes = _minutes_or_404(meeting)
    require(rules.can_record_paper_signature(request.user, minutes))
    return form_page(
        request,
        PaperSignatureForm(*posted(request), signers=_unsigned_signers(minutes)),
        partial(signing.record_paper_signature, minutes=minutes),
        message=lambda signature: (
            _("The minutes are approved.")
            if signature.minutes.is_approved
            else _("The signature on paper was recorded.")
        ),
        done=meeting.get_absolute_url(),
        context={
            "heading": _("Record a signature made on paper"),
            "meeting": meeting,
            "notes": [
                _(
                    "Record a signature only from the signed page: who signed, on "
                    "which day, and where the signed page or its scan is kept."
                )
            ],
            "submit_label": _("Record the signature"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


def _notice_deadline(minutes):
    if not (minutes and minutes.approved_at):
        return None
    return deadlines.notice_deadline(timezone.localtime(minutes.approved_at).date())


@login_required
@require_get_or_post
def notice_create(request, pk):
    meeting = kept_meeting(request, pk)
    minutes = _minutes_or_404(meeting)
    return form_page(
        request,
        forms.NoticeForm(*posted(request)),
        partial(services.post_notice, minutes=minutes),
        message=_("The notice was posted."),
        done=reverse("meetings:notice_detail", args=[meeting.pk]),
        template="meetings/notice_form.html",
        context={
            "heading": _("Post the notice of approval"),
            "meeting": meeting,
            "minutes": minutes,
            "deadline": _notice_deadline(minutes),
            "submit_label": _("Post the notice"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
@require_safe
def notice_detail(request, pk):
    """The notice on the notice board (sv. anslag): where the minutes are kept,
    the day posted and the last day of appeal (KL 8:12, 13:5; R28–R30)."""
    meeting = rules.get_meeting_for_user_or_404(request.user, pk)
    minutes = _minutes_or_404(meeting)
    notice = getattr(minutes, "notice", None)
    if notice is None:
        raise Http404
    context = {
        "meeting": meeting,
        "title": meeting_title(meeting),
        "minutes": minutes,
        "notice": notice,
        "late": services.notice_was_late(notice),
        "deadline": _notice_deadline(minutes),
        "paragraphs": meeting.items.filter(paragraph_number__isnull=False).order_by(
            "paragraph_number"
        ),
        "outages": notice_services.outages_during(notice),
        "may_take_down": rules.can_keep_minutes(request.user, meeting)
        and notice.is_on_board
        and clock.today() > notice.appeal_last_day,
    }
    return render(request, "meetings/notice_detail.html", context)
