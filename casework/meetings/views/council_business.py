"""Urgent decisions of the chair, reported at the next meeting (R48), and the
council's motions with their twelve-month clock (R41)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.meetings import delegation_forms as forms
from casework.meetings.models import ChairDecision, CouncilMotion
from casework.meetings.services import chair_decisions as chair_services
from casework.meetings.services import council_motions as motion_services
from casework.meetings.views.common import (
    form_page,
    posted,
    require,
    require_get_or_post,
)
from permissions import delegation as access
from permissions import rules

CHAIR_LIST_URL = "meetings:chair_decision_list"


@login_required
@require_safe
def chair_decision_list(request):
    """The urgent decisions of the bodies the user sees, each with the meeting
    where it is reported (R48)."""
    user = request.user
    decisions = ChairDecision.objects.filter(
        organisation__in=access.bodies_visible_to(user)
    ).select_related("organisation", "decided_by", "report_item__meeting")
    context = {
        "decisions": decisions[:200],
        "may_record": access.bodies_kept_by(user).exists(),
    }
    return render(request, "meetings/chair_decision_list.html", context)


@login_required
@require_get_or_post
def chair_decision_create(request):
    """Record an urgent decision of the chair; it goes on the next agenda."""
    kept = access.bodies_kept_by(request.user)
    require(kept.exists())

    def message(decision):
        if decision.report_item is None:
            return _(
                "Saved. The body has no meeting planned; the decision goes on the "
                "agenda of the next meeting when it is planned."
            )
        return _("Saved and put on the agenda of the meeting %(date)s.") % {
            "date": decision.report_item.meeting.held_on.isoformat()
        }

    return form_page(
        request,
        forms.ChairDecisionForm(*posted(request), organisations=kept),
        chair_services.record_chair_decision,
        message=message,
        done=reverse(CHAIR_LIST_URL),
        context={
            "heading": _("Record an urgent decision by the chair"),
            "submit_label": _("Record the decision"),
            "cancel_url": reverse(CHAIR_LIST_URL),
            "notes": [
                _(
                    "The chair may decide a matter so urgent that the body's decision "
                    "cannot be awaited; the decision is reported at the body's next "
                    "meeting (KL 6 kap. 39 §)."
                )
            ],
        },
    )


# --- motions and citizens' proposals (R41) ---------------------------------------


@login_required
@require_safe
def council_motion_list(request):
    """The open motions of the cases the user sees, the most urgent first, with
    days left to the one-year mark (R41)."""
    user = request.user
    visible = rules.cases_visible_to(user).values("pk")
    motions = motion_services.open_motions().filter(case__in=visible)
    rows = [{"motion": motion, "clock": motion.clock()} for motion in motions[:500]]
    rows.sort(key=lambda row: row["clock"].days_left)
    context = {
        "rows": rows,
        "follows": access.follows_council_motions(user),
        "struck_off": motion_services.struck_off_motions().filter(
            motion__case__in=visible
        )[:100],
    }
    return render(request, "meetings/council_motion_list.html", context)


@login_required
@require_get_or_post
def council_motion_create(request, case_pk):
    """Record that a case handles a motion or citizens' proposal (R41)."""
    case = rules.get_case_for_user_or_404(request.user, case_pk)
    require(access.can_record_council_motion(request.user, case))
    return form_page(
        request,
        forms.CouncilMotionForm(*posted(request)),
        partial(motion_services.record_council_motion, case=case),
        message=_("Saved."),
        done=case,
        context={
            "heading": _("Record a motion or citizens' proposal"),
            "item_title": str(case),
            "submit_label": _("Save"),
            "cancel_url": case.get_absolute_url(),
            "notes": [
                _(
                    "The council should decide it within a year of the day it was "
                    "lodged; otherwise the state of its preparation is reported to "
                    "the council (KL 5 kap. 35 §)."
                )
            ],
        },
    )


@login_required
@require_get_or_post
def council_motion_report(request, pk):
    """Record the report to the council on the state of preparation (R41)."""
    try:
        motion = CouncilMotion.objects.select_related("case").get(
            pk=pk, case__in=rules.cases_visible_to(request.user).values("pk")
        )
    except (CouncilMotion.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    require(access.can_record_council_motion(request.user, motion.case))
    return form_page(
        request,
        forms.PreparationReportForm(*posted(request)),
        partial(motion_services.report_preparation_state, motion=motion),
        message=_("Saved."),
        done=motion.case,
        context={
            "heading": _("Report the state of preparation"),
            "item_title": str(motion.case),
            "submit_label": _("Save the report"),
            "cancel_url": motion.case.get_absolute_url(),
        },
    )
