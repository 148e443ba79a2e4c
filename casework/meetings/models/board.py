"""The notice board itself (sv. anslagstavlan, KL 8:9) and its downtime."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.meetings import deadlines
from casework.records import Undeletable, UndeletableQuerySet


class NoticeBoardOutage(Undeletable):
    """A period when the digital notice board could not be reached (R29): a
    notice must stay up for the whole appeal window, so every outage is logged
    and shown next to the notices it touched."""

    started_at = models.DateTimeField(_("down from"))
    ended_at = models.DateTimeField(_("up again at"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("notice board outage")
        verbose_name_plural = _("notice board outages")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="meetings_noticeboardoutage_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def ended_on(self) -> datetime.date | None:
        """The day the board was up again, in local time."""
        return timezone.localtime(self.ended_at).date() if self.ended_at else None

    def touches(self, first_day, last_day) -> bool:
        """Whether the outage fell on any day from ``first_day`` to ``last_day``."""
        start = timezone.localtime(self.started_at).date()
        end = self.ended_on
        return start <= last_day and (end is None or end >= first_day)


def last_day_of_appeal(posted_on: datetime.date) -> datetime.date:
    """The last day of appeal for a notice posted on ``posted_on`` (R29, R30).

    The window runs only while the notice is on the board for the whole of it
    (KL 8:12, 13:5), so an outage within the three weeks makes them count anew
    from the day the board was up again; an outage that has not ended keeps the
    window open past today. The söndagsregel applies to each count (1930:173).
    """
    outages = list(NoticeBoardOutage.objects.filter(ended_at__isnull=True)) + list(
        NoticeBoardOutage.objects.filter(ended_at__date__gte=posted_on)
    )
    start = posted_on
    while True:
        last_day = deadlines.appeal_last_day(start)
        touching = [o for o in outages if o.touches(start, last_day)]
        if any(o.ended_at is None for o in touching):
            return deadlines.appeal_last_day(max(start, clock.today()))
        back_up = max((o.ended_on for o in touching), default=start)
        if back_up <= start:
            return last_day
        start = back_up
