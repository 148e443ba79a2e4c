"""Motions and citizens' proposals to the council, their twelve-month clock and
the reports on how far their preparation has come (KL 5:35, 6:34; R41)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings.models import CouncilMotion, MotionStrikeOff, PreparationReport
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


@transaction.atomic
def strike_off_motion(
    *,
    motion: CouncilMotion,
    struck_on: datetime.date,
    decision_reference: str,
    actor,
    reason: str,
) -> MotionStrikeOff:
    """Record the council's decision to strike off a motion (KL 5:35, R41):
    its clock stops and it leaves the open motions."""
    access.require_council_motion_writer(actor, motion.case)
    motion = CouncilMotion.objects.select_for_update().get(pk=motion.pk)
    if MotionStrikeOff.objects.filter(motion=motion).exists():
        raise ValidationError(
            _("The motion is already struck off."), code="already_struck_off"
        )
    _not_in_future("struck_on", struck_on)
    if struck_on < motion.lodged_on:
        raise field_error(
            "struck_on",
            _("A motion cannot be struck off before it was lodged."),
            code="struck_before_lodged",
        )
    if not decision_reference.strip():
        raise field_error(
            "decision_reference",
            _("Name the council's decision, e.g. “KF 2026-04-20 § 14”."),
            code="reference_required",
        )
    struck = MotionStrikeOff(
        motion=motion,
        struck_on=struck_on,
        decision_reference=decision_reference.strip(),
        recorded_by=actor,
    )
    return save_tracked(struck, actor=actor, reason=reason)


def struck_off_motions():
    """The motions the council struck off, the latest first (R41)."""
    return MotionStrikeOff.objects.select_related("motion__case").order_by(
        "-struck_on", "-pk"
    )


def open_motions():
    """Motions whose case is not yet decided, oldest first."""
    return (
        CouncilMotion.objects.exclude(
            case__status__in=[Case.Status.DECIDED, Case.Status.CLOSED]
        )
        .filter(strike_off__isnull=True)
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
