"""Decisions taken on delegation and the separate protocol of those that are
appealable but not reported to the committee (KL 6:40, 7:8, 8:10 p.3; R35, R49)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation
from casework.meetings.models.delegation_order import DelegationPoint, MatterCategory
from casework.records import Undeletable, UndeletableQuerySet


class DelegationProtocol(Undeletable):
    """A protocol of delegated decisions that are not reported to the committee
    (R35): drawn up once, with the SHA-256 of its text, and posted on the notice
    board with its own appeal window."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="delegation_protocols",
    )
    drawn_up_at = models.DateTimeField(
        _("drawn up at"), default=clock.now, editable=False
    )
    content = models.TextField(_("content"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-drawn_up_at"]
        verbose_name = _("protocol of delegated decisions")
        verbose_name_plural = _("protocols of delegated decisions")

    def __str__(self):
        return str(
            _("Delegated decisions of %(organisation)s, %(date)s")
            % {
                "organisation": self.organisation,
                "date": f"{self.drawn_up_at:%Y-%m-%d}",
            }
        )

    def get_absolute_url(self):
        return reverse("meetings:delegation_protocol_detail", args=[self.pk])


class DelegatedDecision(Undeletable):
    """A decision taken by a delegate on the committee's behalf (sv.
    delegationsbeslut, R49): delegate, point in the delegation order, date,
    text, case number and appealability."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="delegated_decisions",
    )
    delegate = models.CharField(
        _("delegate"),
        max_length=200,
        help_text=_("Name and title, e.g. “Jonas Eliasson, trafikdirektör”."),
    )
    delegation_point = models.CharField(
        _("point in the delegation order"), max_length=50
    )
    point = models.ForeignKey(
        DelegationPoint,
        verbose_name=_("point of the order in force"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("The point of the delegation order in force on the decision day."),
    )
    matter = models.CharField(
        _("kind of matter"),
        max_length=24,
        choices=MatterCategory.choices,
        default=MatterCategory.ORDINARY,
    )
    decided_on = models.DateField(_("decided on"))
    text = models.TextField(_("decision"))
    registration_number = models.CharField(_("case number (Dnr)"), max_length=50)
    appealable = models.BooleanField(
        _("appealable under KL 13"),
        default=False,
        help_text=_("Purely preparatory or executive decisions cannot be appealed."),
    )
    reported = models.BooleanField(
        _("reported to the committee"),
        default=True,
        help_text=_(
            "Appealable decisions that are not reported are recorded in a separate "
            "protocol and posted on the notice board (KL 6 kap. 40 §, 8 kap. 10 §)."
        ),
    )
    protocol = models.ForeignKey(
        DelegationProtocol,
        verbose_name=_("protocol"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("delegated decision")
        verbose_name_plural = _("delegated decisions")

    def __str__(self):
        return f"{self.registration_number} {self.decided_on:%Y-%m-%d}"

    @property
    def needs_own_protocol(self) -> bool:
        """R35: appealable and not reported to the committee."""
        return self.appealable and not self.reported

    def finality(self, today=None) -> tuple[str, object]:
        """As ``AgendaItem.finality``: the window runs from the posting of the
        separate protocol (R35)."""
        if not self.appealable:
            return "not_appealable", None
        notice = getattr(self.protocol, "notice", None) if self.protocol else None
        if notice is None:
            return "pending", None
        last_day = notice.appeal_last_day
        today = today or clock.today()
        return ("final" if today > last_day else "appealable"), last_day
