"""The notice board (sv. anslagstavlan, KL 8:9–8:12): taking a notice down only
after its appeal window (R29), the log of the board's downtime (R29), and what
the public board shows (R34)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings.models import Meeting, Notice, NoticeBoardOutage
from permissions import meeting_acts

# R34 (KL 8:10–8:11): what the board may carry.
ALLOWED_ON_BOARD = frozenset(
    {
        Notice.Kind.MINUTES,
        Notice.Kind.PARAGRAPH,
        Notice.Kind.DELEGATED_DECISIONS,
        "meeting",
    }
)


@transaction.atomic
def take_down_notice(*, notice: Notice, actor, reason: str) -> Notice:
    """Take a notice off the board, never before its appeal window has passed:
    the window runs only while the notice is up (KL 8:12, 13:5; R29). The day
    is the clock's, and the window counts the board's outages."""
    meeting_acts.require_board_keeper(actor, notice)
    notice.refresh_from_db(from_queryset=Notice.objects.select_for_update())
    if not notice.is_on_board:
        raise ValidationError(
            _("The notice is already taken down."), code="already_taken_down"
        )
    today = clock.today()
    last_day = notice.appeal_last_day
    if today <= last_day:
        raise ValidationError(
            _(
                "The notice may not be taken down before the appeal window has "
                "passed; it stays on the board until and including %(date)s (KL 8 "
                "kap. 12 §)."
            )
            % {"date": last_day},
            code="appeal_window_open",
        )
    notice.taken_down_on = today
    return save_tracked(notice, actor=actor, reason=reason)


def _require_outage_times(started_at, ended_at) -> None:
    if started_at > clock.now():
        raise ValidationError(
            _("An outage cannot start in the future."), code="outage_in_future"
        )
    if ended_at is not None and ended_at < started_at:
        raise ValidationError(
            _("The board cannot be up again before it went down."),
            code="ends_before_start",
        )


@transaction.atomic
def record_outage(
    *,
    started_at: datetime.datetime,
    description: str,
    actor,
    reason: str,
    ended_at: datetime.datetime | None = None,
) -> NoticeBoardOutage:
    """Log a period when the digital notice board could not be reached (R29)."""
    meeting_acts.require_board_keeper(actor)
    _require_outage_times(started_at, ended_at)
    outage = NoticeBoardOutage(
        started_at=started_at, ended_at=ended_at, description=description
    )
    return save_tracked(outage, actor=actor, reason=reason)


@transaction.atomic
def end_outage(
    *, outage: NoticeBoardOutage, ended_at: datetime.datetime, actor, reason: str
) -> NoticeBoardOutage:
    """Record when the notice board was up again (R29)."""
    meeting_acts.require_board_keeper(actor)
    if outage.ended_at is not None:
        raise ValidationError(
            _("The outage has already ended."), code="outage_already_ended"
        )
    _require_outage_times(outage.started_at, ended_at)
    outage.ended_at = ended_at
    return save_tracked(outage, actor=actor, reason=reason)


def outages_during(notice: Notice) -> list[NoticeBoardOutage]:
    """The outages that fell within the notice's appeal window (R29)."""
    first, last = notice.posted_on, notice.appeal_last_day
    return [o for o in NoticeBoardOutage.objects.all() if o.touches(first, last)]


def notices_on_board():
    """The notices still on the board, with what each one announces (R34)."""
    return Notice.objects.filter(taken_down_on__isnull=True).select_related(
        "minutes__meeting__organisation",
        "paragraph_approval__item__meeting__organisation",
        "delegation_protocol__organisation",
    )


def meetings_announced(today: datetime.date | None = None):
    """Coming meetings whose members have been called (KL 8:11, R10)."""
    today = today or clock.today()
    return (
        Meeting.objects.filter(state=Meeting.State.NOTICE_SENT, held_on__gte=today)
        .select_related("organisation")
        .order_by("held_on", "organisation__name")
    )
