"""The decision procedure's own records: a request to table or refer back
(R11), the chair's refusal to put a motion (R12) and a dissent under FL 30 §
(R21)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Person
from casework.records import Undeletable, UndeletableQuerySet


class Postponement(Undeletable):
    """Who asked for tabling or referral back of an item and on what basis
    (sv. bordläggning, återremiss; KL 5:50–51, 6:33, R11). In the council one
    third of the members present can force it once (sv. minoritetsåterremiss);
    otherwise, and the second time, the body decides by simple majority."""

    class Basis(models.TextChoices):
        MINORITY = "minority", _("at the request of one third of the members present")
        MAJORITY = "majority", _("by simple majority")

    item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="postponement",
    )
    referred_back = models.BooleanField(_("referred back"), default=False)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    requesters = models.ManyToManyField(
        "meetings.Participant",
        verbose_name=_("requested by"),
        blank=True,
        related_name="postponements_requested",
    )
    members_present = models.PositiveIntegerField(
        _("members present"),
        help_text=_("The count the one-third rule was checked against."),
    )
    grounds = models.TextField(
        _("grounds"),
        blank=True,
        help_text=_("For a referral back, as those who requested it put it."),
    )
    history = HistoricalRecords(m2m_fields=[requesters])

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("tabling or referral back")
        verbose_name_plural = _("tablings and referrals back")

    def __str__(self):
        return f"{self.item}: {self.get_basis_display()}"

    @property
    def by_minority(self) -> bool:
        return self.basis == self.Basis.MINORITY


class MotionRefusal(Undeletable):
    """The chair refuses to put a motion to the question (sv. ordföranden vägrar
    att ställa proposition, KL 5:57, R12): a motion that raises a new matter
    must be refused; an unlawful one may be, and the council can overrule."""

    class Ground(models.TextChoices):
        NEW_MATTER = "new_matter", _("it raises a new matter")
        UNLAWFUL = "unlawful", _("it is contrary to law or other statute")

    motion = models.OneToOneField(
        "meetings.Motion",
        verbose_name=_("motion"),
        on_delete=models.PROTECT,
        related_name="refusal",
    )
    ground = models.CharField(_("ground"), max_length=16, choices=Ground.choices)
    explanation = models.TextField(_("the chair's explanation"), blank=True)
    refused_at = models.DateTimeField(_("refused at"), default=clock.now)
    overruled_at = models.DateTimeField(
        _("overruled by the council at"), null=True, blank=True
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("refusal to put a motion")
        verbose_name_plural = _("refusals to put a motion")

    def __str__(self):
        return f"{self.motion}: {self.get_ground_display()}"

    @property
    def is_overruled(self) -> bool:
        return self.overruled_at is not None


class Dissent(Undeletable):
    """A dissenting opinion recorded under FL 30 § (sv. avvikande mening) by
    someone who took part in the final handling of the item, the rapporteur
    included (R21).

    Not a ``Statement``: a reservation (KL 4:27) belongs to a party's members
    who took part in the decision and follows the minutes' deadlines (c.5),
    while FL 30 § gives the right to a person, officials included, in matters
    appealed by administrative appeal, until the decision is dispatched.
    """

    class Capacity(models.TextChoices):
        DECIDING = "deciding", _("took part in the decision")
        RAPPORTEUR = "rapporteur", _("rapporteur")
        OFFICER = "officer", _("other officer in the final handling")

    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="dissents",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.CharField(_("capacity"), max_length=16, choices=Capacity.choices)
    text = models.TextField(_("dissenting opinion"), blank=True)
    announced_at = models.DateTimeField(_("announced at"), default=clock.now)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["item", "announced_at", "id"]
        verbose_name = _("dissenting opinion")
        verbose_name_plural = _("dissenting opinions")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"], name="meetings_dissent_once"
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_capacity_display()}"
