"""The notice board itself (sv. anslagstavlan, KL 8:9) and its downtime."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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

    def touches(self, first_day, last_day) -> bool:
        """Whether the outage fell on any day from ``first_day`` to ``last_day``."""
        start = timezone.localtime(self.started_at).date()
        end = timezone.localtime(self.ended_at).date() if self.ended_at else None
        return start <= last_day and (end is None or end >= first_day)
