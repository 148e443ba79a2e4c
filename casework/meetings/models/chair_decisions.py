"""Urgent decisions of the chair (sv. ordförandebeslut, KL 6:39): reported at
the body's next meeting, where they are put on the agenda without anyone having
to remember it (R48)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation, Person
from casework.meetings.models.meeting import AgendaItem
from casework.records import Undeletable, UndeletableQuerySet


class ChairDecision(Undeletable):
    """A decision the chair took on the body's behalf in a matter so urgent that
    the body's decision could not be awaited (KL 6:39, R48)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="chair_decisions",
    )
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="chair_decisions",
    )
    decided_on = models.DateField(_("decided on"))
    registration_number = models.CharField(_("case number (Dnr)"), max_length=50)
    text = models.TextField(_("decision"))
    urgency = models.TextField(
        _("why it could not wait"),
        help_text=_("Why the body's own decision could not be awaited."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=clock.now)
    report_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("reported at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chair_decision",
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("urgent decision by the chair")
        verbose_name_plural = _("urgent decisions by the chair")

    def __str__(self):
        return f"{self.registration_number} {self.decided_on:%Y-%m-%d}"
