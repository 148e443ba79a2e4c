"""The public notice board (sv. anslagstavlan, KL 8:9–8:11, R34), taking a notice
down after its appeal window and logging the board's downtime (R29), and the
delegated decisions recorded in their own protocol (R35)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.meetings import board_forms, forms
from casework.meetings.models import (
    DelegatedDecision,
    DelegationProtocol,
    Notice,
    NoticeBoardOutage,
)
from casework.meetings.services import delegation
from casework.meetings.services import notices as services
from casework.meetings.services.minutes import notice_was_late
from casework.meetings.views.common import (
    form_page,
    posted,
    require,
    require_get_or_post,
)
from casework.publicity.pages import with_papers
from permissions import rules
from permissions.meeting_acts import notice_organisation

BOARD_URL = "meetings:notice_board"


def _board_entry(notice: Notice) -> dict:
    """What the notice says (R28): body, meeting, paragraphs, approval, posting,
    where the minutes are kept and the last day of appeal."""
    entry = {"notice": notice, "kind": notice.kind}
    entry["late"] = notice_was_late(notice)
    entry["appeal_last_day"] = notice.appeal_last_day
    entry["organisation"] = notice_organisation(notice)
    if notice.kind == Notice.Kind.MINUTES:
        meeting = notice.minutes.meeting
        entry["meeting"] = meeting
        entry["approved_at"] = notice.minutes.approved_at
        entry["paragraphs"] = sorted(
            i.paragraph_number for i in meeting.items.all() if i.paragraph_number
        )
    elif notice.kind == Notice.Kind.PARAGRAPH:
        approval = notice.paragraph_approval
        entry["meeting"] = approval.item.meeting
        entry["approved_at"] = approval.approved_at
        entry["paragraphs"] = [approval.item.paragraph_number]
    else:
        entry["approved_at"] = notice.delegation_protocol.drawn_up_at
        entry["protocol"] = notice.delegation_protocol
    return entry


@require_safe
def notice_board(request):
    """The public notice board: only what KL 8:10–8:11 allows — notices of
    approved minutes and paragraphs, of delegated decisions not reported, and of
    coming meetings — with the log of its downtime (R29, R34). Open to all."""
    notices = services.notices_on_board().prefetch_related("minutes__meeting__items")
    entries = [_board_entry(notice) for notice in notices]
    meetings = with_papers(services.meetings_announced())
    context = {
        "entries": entries,
        "meetings": meetings,
        "kinds": {e["kind"] for e in entries} | ({"meeting"} if meetings else set()),
        "outages": NoticeBoardOutage.objects.all()[:50],
        "may_log_outage": _keeps_any_minutes(request.user),
    }
    return render(request, "meetings/notice_board.html", context)


def _keeps_any_minutes(user) -> bool:
    return rules.organisations_for_minutes_keeper(user).exists()


@login_required
@require_get_or_post
def notice_take_down(request, pk):
    """Take a notice down, refused with the reason during its appeal window
    (R29)."""
    notice = get_object_or_404(Notice, pk=pk)
    organisation = notice_organisation(notice)
    keeper_of = rules.organisations_for_minutes_keeper(request.user)
    require(keeper_of.filter(pk=organisation.pk).exists())
    return form_page(
        request,
        forms.ConfirmForm(*posted(request), reason="notice taken down"),
        partial(services.take_down_notice, notice=notice),
        message=_("The notice was taken down."),
        done=BOARD_URL,
        context={
            "heading": _("Take the notice down"),
            "submit_label": _("Take the notice down"),
            "cancel_url": _board_url(),
            "notes": [
                _(
                    "A notice stays on the board for the whole appeal window, until "
                    "and including %(date)s; only then can it be taken down (KL 8 "
                    "kap. 12 §)."
                )
                % {"date": notice.appeal_last_day}
            ],
        },
    )


def _board_url():
    return reverse(BOARD_URL)


@login_required
@require_get_or_post
def outage_create(request):
    """Log downtime of the notice board (R29)."""
    require(_keeps_any_minutes(request.user))
    return form_page(
        request,
        board_forms.OutageForm(*posted(request)),
        services.record_outage,
        message=_("The outage was logged."),
        done=BOARD_URL,
        context={
            "heading": _("Log downtime of the notice board"),
            "submit_label": _("Log the outage"),
            "cancel_url": _board_url(),
            "notes": [
                _(
                    "A notice must be reachable for the whole appeal window; every "
                    "outage is logged and shown with the notices it touched (KL 8 "
                    "kap. 12 §)."
                )
            ],
        },
    )


@login_required
@require_get_or_post
def outage_end(request, pk):
    """Record when the notice board was up again (R29)."""
    require(_keeps_any_minutes(request.user))
    outage = get_object_or_404(NoticeBoardOutage, pk=pk)
    return form_page(
        request,
        board_forms.EndOutageForm(*posted(request)),
        partial(services.end_outage, outage=outage),
        message=_("The end of the outage was logged."),
        done=BOARD_URL,
        context={
            "heading": _("The notice board is up again"),
            "submit_label": _("Log the end of the outage"),
            "cancel_url": _board_url(),
        },
    )


# --- delegated decisions (R35, R49) -----------------------------------------------


def _delegation_scope(user):
    """The bodies whose delegated decisions the user sees (as their meetings)."""
    return rules.organisations_with_meetings_visible_to(user)


@login_required
@require_safe
def delegated_decision_list(request):
    """Delegated decisions of the bodies the user sees, with their protocols."""
    scope = _delegation_scope(request.user)
    decisions = DelegatedDecision.objects.filter(organisation__in=scope).select_related(
        "organisation", "protocol__notice", "point__order__organisation"
    )[:200]
    protocols = DelegationProtocol.objects.filter(
        organisation__in=scope
    ).select_related("organisation", "notice")[:50]
    context = {
        "decisions": decisions,
        "protocols": protocols,
        "may_record": rules.organisations_for_minutes_keeper(request.user).exists(),
    }
    return render(request, "meetings/delegated_decision_list.html", context)


def _delegation_form_page(request, form, service, *, heading, submit, notes=()):
    def done(result):
        if isinstance(result, DelegationProtocol):
            return result.get_absolute_url()
        return _delegation_list_url()

    return form_page(
        request,
        form,
        service,
        message=_("Saved."),
        done=done,
        context={
            "heading": heading,
            "submit_label": submit,
            "cancel_url": _delegation_list_url(),
            "notes": list(notes),
        },
    )


def _delegation_list_url():
    return reverse("meetings:delegated_decision_list")


@login_required
@require_get_or_post
def delegated_decision_create(request):
    """Record a delegated decision with what R49 asks of it."""
    keeper_of = rules.organisations_for_minutes_keeper(request.user)
    require(keeper_of.exists())
    return _delegation_form_page(
        request,
        board_forms.DelegatedDecisionForm(*posted(request), organisations=keeper_of),
        delegation.record_delegated_decision,
        heading=_("Record a delegated decision"),
        submit=_("Record the decision"),
    )


@login_required
@require_get_or_post
def delegation_protocol_create(request):
    """Draw up the separate protocol of appealable delegated decisions that are
    not reported to the committee (R35)."""
    keeper_of = rules.organisations_for_minutes_keeper(request.user)
    require(keeper_of.exists())
    return _delegation_form_page(
        request,
        board_forms.DrawUpProtocolForm(*posted(request), organisations=keeper_of),
        delegation.draw_up_delegation_protocol,
        heading=_("Draw up a protocol of delegated decisions"),
        submit=_("Draw up the protocol"),
        notes=[
            _(
                "Every appealable decision of the body that is not reported to the "
                "committee and not yet in a protocol is recorded in it (KL 6 kap. 40 "
                "§, 8 kap. 10 §)."
            )
        ],
    )


def _protocol_for_user_or_404(user, pk) -> DelegationProtocol:
    try:
        return DelegationProtocol.objects.select_related("organisation").get(
            pk=pk, organisation__in=_delegation_scope(user)
        )
    except (DelegationProtocol.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@login_required
@require_safe
def delegation_protocol_detail(request, pk):
    """The protocol, its decisions, and its notice with the last day of appeal."""
    protocol = _protocol_for_user_or_404(request.user, pk)
    keeper_of = rules.organisations_for_minutes_keeper(request.user)
    context = {
        "protocol": protocol,
        "decisions": protocol.decisions.all(),
        "notice": getattr(protocol, "notice", None),
        "may_post": keeper_of.filter(pk=protocol.organisation_id).exists(),
    }
    return render(request, "meetings/delegation_protocol_detail.html", context)


@login_required
@require_get_or_post
def delegation_notice_create(request, pk):
    """Post the protocol on the notice board; its appeal window starts (R35)."""
    protocol = _protocol_for_user_or_404(request.user, pk)
    keeper_of = rules.organisations_for_minutes_keeper(request.user)
    require(keeper_of.filter(pk=protocol.organisation_id).exists())
    return form_page(
        request,
        forms.NoticeForm(*posted(request)),
        partial(delegation.post_delegation_notice, protocol=protocol),
        message=_("The notice was posted."),
        done=protocol,
        context={
            "heading": _("Post the protocol of delegated decisions"),
            "submit_label": _("Post the notice"),
            "cancel_url": protocol.get_absolute_url(),
            "notes": [
                _(
                    "The appeal window of the decisions in the protocol runs from the "
                    "day it is posted (KL 8 kap. 10 §, 13 kap. 5 §)."
                )
            ],
        },
    )
