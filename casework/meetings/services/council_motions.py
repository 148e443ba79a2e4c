"""Motions and citizens' proposals to the council, their twelve-month clock and
the reports on how far their preparation has come (KL 5:35, 6:34; R41)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings.models import CouncilMotion, PreparationReport
from casework.records import field_error
from casework.registry.models import Case
from permissions import delegation as access


def _not_in_future(field: str, day: datetime.date) -> None:
    if day > clock.today():
        raise field_error(
            field, _("The date cannot be in the future."), code="date_in_future"
        )


@transaction.atomic
def record_council_motion(
    *,
    case: Case,
    kind: str,
    lodged_on: datetime.date,
    submitted_by: str,
    actor,
    reason: str,
) -> CouncilMotion:
    """Record that the case handles a motion or citizens' proposal lodged with
    the council on ``lodged_on``; its year runs from that day (R41)."""
    access.require_council_motion_writer(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if CouncilMotion.objects.filter(case=case).exists():
        raise ValidationError(
            _("The case already handles a motion."), code="motion_exists"
        )
    _not_in_future("lodged_on", lodged_on)
    motion = CouncilMotion(
        case=case, kind=kind, lodged_on=lodged_on, submitted_by=submitted_by.strip()
    )
    return save_tracked(motion, actor=actor, reason=reason)


@transaction.atomic
def report_preparation_state(
    *,
    motion: CouncilMotion,
    reported_on: datetime.date,
    text: str,
    actor,
    reason: str,
) -> PreparationReport:
    """Record the executive board's report to the council on the state of a
    motion's preparation (KL 5:35, R41)."""
    access.require_council_motion_writer(actor, motion.case)
    motion = CouncilMotion.objects.select_for_update().get(pk=motion.pk)
    _not_in_future("reported_on", reported_on)
    if reported_on < motion.lodged_on:
        raise field_error(
            "reported_on",
            _("A report cannot come before the motion was lodged."),
            code="reported_before_lodged",
        )
    if not text.strip():
        raise field_error(
            "text", _("Say how far the preparation has come."), code="text_required"
        )
    report = PreparationReport(motion=motion, reported_on=reported_on, text=text)
    return save_tracked(report, actor=actor, reason=reason)


def open_motions():
    """Motions whose case is not yet decided, oldest first."""
    return (
        CouncilMotion.objects.exclude(
            case__status__in=[Case.Status.DECIDED, Case.Status.CLOSED]
        )
        .select_related("case__organisation")
        .order_by("lodged_on", "pk")
    )


def motions_needing_attention(user) -> list[dict]:
    """For the council's and the board's secretaries: the open motions with less
    than two months left or overdue, the most urgent first (R41)."""
    if not access.follows_council_motions(user):
        return []
    rows = [{"motion": motion, "clock": motion.clock()} for motion in open_motions()]
    flagged = [row for row in rows if row["clock"].state in ("due_soon", "overdue")]
    return sorted(flagged, key=lambda row: row["clock"].days_left)
