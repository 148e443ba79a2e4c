"""Motions and citizens' proposals to the municipal council (sv. motioner och
medborgarförslag) and their twelve-month clock (KL 5:35, 6:34; R41)."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from casework import clock
from casework.records import Undeletable, UndeletableQuerySet

WARNING_MONTHS = 2


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter
    (29 February gives 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


@dataclass(frozen=True)
class MotionClock:
    """Where a motion stands against the year the council has to decide it."""

    deadline: datetime.date
    days_left: int
    state: str  # "running", "due_soon", "overdue" or "stopped"

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def motion_clock(
    lodged_on: datetime.date, today: datetime.date, *, stopped: bool
) -> MotionClock:
    """R41: one year from the day the motion was lodged; flagged when less than
    two months are left and when the year has passed."""
    deadline = months_later(lodged_on, 12)
    days_left = (deadline - today).days
    if stopped:
        state = "stopped"
    elif today > deadline:
        state = "overdue"
    elif today >= months_later(lodged_on, 12 - WARNING_MONTHS):
        state = "due_soon"
    else:
        state = "running"
    return MotionClock(deadline=deadline, days_left=days_left, state=state)


class CouncilMotion(Undeletable):
    """A motion by a councillor or a citizens' proposal, lodged with the council
    on a day and handled in one case (R41)."""

    class Kind(models.TextChoices):
        MOTION = "motion", pgettext_lazy("council", "motion")
        CITIZENS_PROPOSAL = "citizens_proposal", _("citizens' proposal")

    case = models.OneToOneField(
        "registry.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="council_motion",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lodged_on = models.DateField(
        _("lodged on"), help_text=_("The day it was lodged with the council.")
    )
    submitted_by = models.CharField(_("submitted by"), max_length=300)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["lodged_on", "id"]
        verbose_name = _("motion or citizens' proposal")
        verbose_name_plural = _("motions and citizens' proposals")

    def __str__(self):
        return f"{self.get_kind_display()} {self.case.registration_number}"

    @property
    def is_settled(self) -> bool:
        """The council has decided it, or struck it off (KL 5:35)."""
        return self.case.status in ("decided", "closed") or hasattr(self, "strike_off")

    def clock(self, today: datetime.date | None = None) -> MotionClock:
        return motion_clock(
            self.lodged_on, today or clock.today(), stopped=self.is_settled
        )


class PreparationReport(Undeletable):
    """The executive board's report to the council of how far a motion's
    preparation has come, due when it cannot be decided within the year (KL
    5:35, R41)."""

    motion = models.ForeignKey(
        CouncilMotion,
        verbose_name=_("motion or citizens' proposal"),
        on_delete=models.PROTECT,
        related_name="preparation_reports",
    )
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("state of the preparation"))
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("report on the state of preparation")
        verbose_name_plural = _("reports on the state of preparation")

    def __str__(self):
        return f"{self.motion} {self.reported_on:%Y-%m-%d}"


class MotionStrikeOff(Undeletable):
    """The council's decision to strike off a motion it has not decided within
    the year (sv. avskrivning, KL 5:35, R41): it stops the clock."""

    motion = models.OneToOneField(
        CouncilMotion,
        verbose_name=_("motion or citizens' proposal"),
        on_delete=models.PROTECT,
        related_name="strike_off",
    )
    struck_on = models.DateField(_("struck off on"))
    decision_reference = models.CharField(
        _("decision"),
        max_length=100,
        help_text=_("The council's paragraph, e.g. “KF 2026-04-20 § 14”."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("striking off of a motion")
        verbose_name_plural = _("strikings off of motions")

    def __str__(self):
        return f"{self.motion} {self.decision_reference}"
