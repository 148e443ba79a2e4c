"""The council's unanimous decision to handle a matter that was not announced
(KL 5 kap. 15 §, R10)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.meetings.models.meeting import AgendaItem, Participant
from casework.records import Undeletable, UndeletableQuerySet


class UnanimousConsent(Undeletable):
    """All present agreed that the council handles an unannounced matter; those
    present when the decision was taken are kept on the record."""

    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="unanimous_consent",
    )
    present = models.ManyToManyField(
        Participant,
        verbose_name=_("present"),
        related_name="unanimous_consents",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=clock.now)
    history = HistoricalRecords(m2m_fields=[present])

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("unanimous decision to handle an unannounced matter")
        verbose_name_plural = _("unanimous decisions to handle unannounced matters")

    def __str__(self):
        return str(self.item)
