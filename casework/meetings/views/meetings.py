"""The list of meetings, the meeting page and the secretary's pages for holding a
meeting: plan, call, participants, open, agenda, attendance, close."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework import clock
from casework.directory.models import Assignment, Person, active_on
from casework.meetings import forms
from casework.meetings.models import Meeting, Statement
from casework.meetings.services import meetings as services
from casework.meetings.services import procedure, proceedings, signing
from casework.meetings.views.common import (
    confirm_page,
    form_page,
    kept_meeting,
    meeting_title,
    posted,
    require,
    require_get_or_post,
    statements_by_item,
)
from casework.registry.models import Case
from permissions import rules
from workflows.meeting import plan_meeting_and_start_flow

MEETINGS_PER_PAGE = 25
State = Meeting.State


# --- reading ------------------------------------------------------------------


@login_required
@require_safe
def meeting_list(request):
    user = request.user
    organisations = rules.organisations_with_meetings_visible_to(user)
    form = forms.MeetingFilterForm(request.GET or None, organisations=organisations)
    meetings = rules.meetings_visible_to(user).select_related("organisation")
    if form.is_valid() and form.cleaned_data["organisation"]:
        meetings = meetings.filter(organisation=form.cleaned_data["organisation"])
    meetings = meetings.order_by("-held_on", "organisation__name", "-pk")
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "may_plan": rules.organisations_for_minutes_keeper(user).exists(),
        "awaiting_signature": signing.minutes_awaiting_signature(user),
        "has_statements": rules.own_party_statements(user)
        .exclude(state=Statement.State.IN_MINUTES)
        .exists(),
    }
    return render(request, "meetings/meeting_list.html", context)


def _secretary_actions(meeting) -> dict:
    """Which of the secretary's steps the meeting's state allows (c.4)."""
    state = meeting.state
    return {
        "send_notice": state == State.PLANNED,
        "participants": state in (State.PLANNED, State.NOTICE_SENT, State.IN_PROGRESS),
        "open": state in (State.PLANNED, State.NOTICE_SENT),
        "add_item": state in (State.PLANNED, State.NOTICE_SENT, State.IN_PROGRESS),
        "attendance": state == State.IN_PROGRESS,
        "close": state == State.IN_PROGRESS,
        "draw_up": state == State.CLOSED,
        "post_notice": state == State.MINUTES_APPROVED,
    }


def _meeting_context(user, meeting) -> dict:
    keeps = rules.can_keep_minutes(user, meeting)
    rows = statements_by_item(user, meeting=meeting, keeps_minutes=keeps)
    items = list(meeting.items.select_related("case").order_by("position"))
    for item in items:
        item.statement_rows = rows.get(item.pk, [])
    minutes = getattr(meeting, "minutes", None)
    notice = getattr(minutes, "notice", None) if minutes else None
    return {
        "meeting": meeting,
        "title": meeting_title(meeting),
        "participants": meeting.participants.select_related("person", "party"),
        "checkers": list(meeting.minutes_checkers.all()),
        "items": items,
        "handled": [i for i in items if i.decision_text or i.statement_rows],
        "minutes": minutes,
        "notice": notice,
        "may": {
            "keep": keeps,
            "actions": _secretary_actions(meeting) if keeps else {},
            "read_minutes": bool(minutes and minutes.is_approved)
            or rules.can_read_draft_minutes(user, meeting),
            "approve": bool(minutes) and signing.signature_due(minutes, user),
            "record_paper": bool(minutes)
            and rules.can_record_paper_signature(user, minutes),
        },
        "signatures": signing.signatures(minutes) if minutes else [],
    }


@login_required
@require_safe
def meeting_detail(request, pk):
    meeting = rules.get_meeting_for_user_or_404(request.user, pk)
    context = _meeting_context(request.user, meeting)
    return render(request, "meetings/meeting_detail.html", context)


# --- the secretary ------------------------------------------------------------


@login_required
@require_get_or_post
def meeting_create(request):
    organisations = rules.organisations_for_minutes_keeper(request.user)
    require(organisations.exists())
    return form_page(
        request,
        forms.PlanMeetingForm(*posted(request), organisations=organisations),
        partial(plan_meeting_and_start_flow, secretary=request.user),
        message=_("The meeting was planned."),
        done=lambda meeting: meeting,
        context={
            "heading": _("Plan a meeting"),
            "submit_label": _("Plan the meeting"),
            "cancel_url": reverse("meetings:meeting_list"),
        },
    )


@login_required
@require_get_or_post
def meeting_send_notice(request, pk):
    meeting = kept_meeting(request, pk)
    return confirm_page(
        request,
        meeting,
        services.send_notice_of_meeting,
        reason="notice of meeting sent",
        message=_("The notice of the meeting was recorded as sent."),
        heading=_("Send notice of the meeting"),
        submit_label=_("Record the notice as sent"),
        notes=[
            _(
                "Members and substitutes are called; the council is announced at "
                "least one week before its meeting (KL 5 kap. 13–15 §§)."
            )
        ],
    )


@transaction.atomic
def _add_participants(*, meeting, people, present, actor, reason) -> Meeting:
    """Add several people through ``add_participant``: all of them, or none."""
    for person in people:
        services.add_participant(
            meeting=meeting, person=person, present=present, actor=actor, reason=reason
        )
    return meeting


def _people_with_seat(meeting):
    """People with a seat in the body on the meeting day, not yet participants."""
    seats = Assignment.objects.filter(
        active_on(meeting.held_on),
        organisation=meeting.organisation,
        role__in=list(services.SEAT_FOR_ROLE),
    )
    return (
        Person.objects.filter(pk__in=seats.values("person_id"))
        .exclude(pk__in=meeting.participants.values("person_id"))
        .order_by("last_name", "first_name")
    )


@login_required
@require_get_or_post
def participant_add(request, pk):
    meeting = kept_meeting(request, pk)
    return form_page(
        request,
        forms.AddParticipantsForm(*posted(request), people=_people_with_seat(meeting)),
        partial(_add_participants, meeting=meeting),
        message=_("The participants were recorded."),
        done=meeting,
        context={
            "heading": _("Add participants"),
            "meeting": meeting,
            "submit_label": _("Add"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
@require_get_or_post
def meeting_open(request, pk):
    meeting = kept_meeting(request, pk)
    people = Person.objects.filter(
        pk__in=meeting.participants.filter(present=True).values("person_id")
    )
    deadline = meeting.approval_deadline
    return form_page(
        request,
        forms.OpenMeetingForm(*posted(request), people=people),
        partial(services.open_meeting, meeting=meeting),
        message=_("The meeting is open."),
        done=meeting,
        context={
            "heading": _("Open the meeting"),
            "meeting": meeting,
            "submit_label": _("Open the meeting"),
            "cancel_url": meeting.get_absolute_url(),
            "deadline": deadline,
            "notes": [
                *_before_the_day(meeting),
                _(
                    "The minutes must be approved at the latest on %(date)s, 14 days "
                    "after the meeting (KL 5 kap. 69 §)."
                )
                % {"date": deadline.strftime("%Y-%m-%d")},
            ],
        },
    )


def _before_the_day(meeting) -> list[str]:
    """A meeting is opened on its day, not before."""
    first = services.opening_day(meeting)
    if clock.today() >= first:
        return []
    return [
        _("The meeting can be opened from %(date)s, not before.")
        % {"date": formats.date_format(first, "j F Y")}
    ]


@login_required
@require_get_or_post
def attendance_change(request, pk):
    meeting = kept_meeting(request, pk)
    participants = meeting.participants.select_related("person", "party")
    return form_page(
        request,
        forms.AttendanceChangeForm(*posted(request), participants=participants),
        services.record_attendance_change,
        message=_("The change of attendance was recorded."),
        done=meeting,
        template="meetings/attendance_form.html",
        context={
            "heading": _("Record a change of attendance"),
            "meeting": meeting,
            "participants": participants,
            "submit_label": _("Record the change"),
            "cancel_url": meeting.get_absolute_url(),
            "notes": [
                _("Who serves may change only between items (KL 5 kap. 17–20 §§).")
            ],
        },
    )


@transaction.atomic
def _add_item(
    *,
    meeting,
    clauses,
    source,
    introduction,
    administrative_appeal,
    actor,
    reason,
    **item,
):
    """Record a newly written proposal, if any, put the item on the agenda and
    record how its decision is appealed (R21)."""
    if clauses:
        item["proposal"] = proceedings.propose_resolution(
            case=item["case"],
            source=source,
            clauses=clauses,
            introduction=introduction,
            actor=actor,
            reason=reason,
        )
    added = services.add_agenda_item(
        meeting=meeting, actor=actor, reason=reason, **item
    )
    if administrative_appeal:
        procedure.set_appeal_route(
            item=added, administrative_appeal=True, actor=actor, reason=reason
        )
    return added


def _cases_for_agenda(user, meeting):
    """Cases of the body and of the departments serving it that the user sees;
    closed cases are not put on an agenda."""
    organisation = meeting.organisation
    return (
        rules.cases_visible_to(user)
        .filter(Q(organisation=organisation) | Q(organisation__serves=organisation))
        .exclude(status=Case.Status.CLOSED)
        .order_by("-registered_on", "-pk")
    )


@login_required
@require_get_or_post
def item_create(request, pk):
    meeting = kept_meeting(request, pk)
    cases = _cases_for_agenda(request.user, meeting)
    return form_page(
        request,
        forms.AgendaItemForm(*posted(request), cases=cases),
        partial(_add_item, meeting=meeting),
        message=_("The item was put on the agenda."),
        done=meeting,
        context={
            "heading": _("Add an item to the agenda"),
            "meeting": meeting,
            "submit_label": _("Add the item"),
            "cancel_url": meeting.get_absolute_url(),
            "notes": [
                _(
                    "Choose an existing proposal of the case, or write the clauses "
                    "of a new one; both are optional."
                )
            ],
        },
    )


@login_required
@require_get_or_post
def meeting_close(request, pk):
    meeting = kept_meeting(request, pk)
    return confirm_page(
        request,
        meeting,
        services.close_meeting,
        reason="meeting closed",
        message=_("The meeting is closed."),
        heading=_("Close the meeting"),
        submit_label=_("Close the meeting"),
        notes=[
            _(
                "After the meeting is closed no reservation can be announced (KL 4 "
                "kap. 27 §)."
            )
        ],
    )
