"""What happens to one paragraph after its decision: approval at the meeting
(sv. omedelbar justering, R25) and execution (sv. verkställighet, R33)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Person
from casework.meetings.models.minutes import ApprovalEvidence
from casework.records import Undeletable, UndeletableQuerySet


class ParagraphApproval(Undeletable, ApprovalEvidence):
    """A paragraph approved at the meeting by the chair and the minutes checkers
    (sv. omedelbar justering, KL 5:69, R25): the text read out in writing, its
    SHA-256, and its own notice and appeal window. Immutable once recorded."""

    item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="immediate_approval",
    )
    content = models.TextField(_("content"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    approved_at = models.DateTimeField(
        _("approved at"), default=clock.now, editable=False
    )
    signatories = models.ManyToManyField(
        Person, verbose_name=_("approved by"), related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[signatories])

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("paragraph approved at the meeting")
        verbose_name_plural = _("paragraphs approved at the meeting")

    def __str__(self):
        return str(_("Approval at the meeting of %(item)s") % {"item": self.item})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored = True
        return instance

    def save(self, *args, **kwargs):
        if getattr(self, "_stored", False):
            raise ValidationError(
                _("An approved paragraph cannot change."), code="paragraph_immutable"
            )
        super().save(*args, **kwargs)
        self._stored = True


class ItemExecution(Undeletable):
    """A measure taken to carry out a decision (sv. verkställighet, KL 13:14,
    R33), with whether it was taken while the decision could still be appealed."""

    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="executions",
    )
    executed_on = models.DateField(_("executed on"))
    description = models.TextField(_("what was done"))
    before_final = models.BooleanField(
        _("executed before the decision was final"), default=False
    )
    appeal_last_day = models.DateField(_("last day of appeal"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["item", "executed_on", "id"]
        verbose_name = _("execution of a decision")
        verbose_name_plural = _("executions of decisions")

    def __str__(self):
        return f"{self.item}: {self.executed_on:%Y-%m-%d}"
