"""Reservations and special statements (sv. reservationer, särskilda uttalanden)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.directory.models import Party, Person
from casework.records import DeletionRefused, Undeletable, UndeletableQuerySet

LOCKED_MESSAGE = _(
    "The statement has been handed in or locked and can no longer change."
)


class Statement(Undeletable):
    """Dissent or a statement on one agenda item, by one or several signatories.

    Life cycle (c.5): announced at the meeting → drafted by the party → submitted
    to the secretary before the time set for approval → locked → part of the
    approved minutes. The content is its own text with numbered alternative
    clauses, or a reference to an earlier statement in the same case (R17, R20).
    """

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("reservation")
        SPECIAL_STATEMENT = "special_statement", _("special statement")
        SUBSTITUTE_STATEMENT = "substitute_statement", _("substitute's statement")
        PREPARATORY_RESERVATION = (
            "preparatory_reservation",
            _("reservation in the preparatory body"),
        )
        PREPARATORY_STATEMENT = (
            "preparatory_statement",
            _("special statement in the preparatory body"),
        )

    class State(models.TextChoices):
        ANNOUNCED = "announced", _("announced")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        LOCKED = "locked", _("locked")
        IN_MINUTES = "in_minutes", _("part of the approved minutes")

    RESERVATION_KINDS = (Kind.RESERVATION, Kind.PREPARATORY_RESERVATION)
    EDITABLE_STATES = (State.ANNOUNCED, State.DRAFT)

    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    party_rendering = models.CharField(
        _("party as written"),
        max_length=8,
        help_text=_("As the source writes it, e.g. “mp” in 2008, “MP” in 2011."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.ANNOUNCED
    )
    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Jag föreslår kommunstyrelsen besluta att”."),
    )
    text = models.TextField(_("text"), blank=True)
    refers_to = models.ForeignKey(
        "self",
        verbose_name=_("refers to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_by",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(refers_to=models.F("id")),
                name="meetings_statement_not_to_itself",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.party_rendering})"

    @property
    def is_reservation(self) -> bool:
        return self.kind in self.RESERVATION_KINDS

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def save(self, *args, **kwargs):
        """A statement handed in, locked or in the minutes never becomes a draft
        again, whatever an older copy of it in memory says (R16)."""
        if self.pk is not None and self.is_editable:
            stored = (
                Statement.objects.filter(pk=self.pk)
                .values_list("state", flat=True)
                .first()
            )
            if stored not in (None, self.State.ANNOUNCED, self.State.DRAFT):
                raise ValidationError(LOCKED_MESSAGE, code="statement_locked")
        super().save(*args, **kwargs)


class StatementSignatory(Undeletable):
    """A person who stands behind a statement, in the order the minutes name them."""

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        related_name="signatories",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(
        _("title in the minutes"),
        max_length=50,
        blank=True,
        help_text=_("E.g. “borgarrådet”."),
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "order"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "person"], name="meetings_signatory_once"
            )
        ]

    def __str__(self):
        return str(self.person)


class StatementClause(Undeletable):
    """One numbered alternative clause of a statement ("1. … 2. … 3. därutöver
    anföra")."""

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        related_name="clauses",
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "number"]
        verbose_name = _("statement clause")
        verbose_name_plural = _("statement clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="meetings_statementclause_number"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    def delete(self, *args, **kwargs):
        """A clause of a draft is the party's working material and may go
        (R62); once the statement is handed in it stays (R68)."""
        state = Statement.objects.values_list("state", flat=True).get(
            pk=self.statement_id
        )
        if state not in Statement.EDITABLE_STATES:
            raise DeletionRefused()
        return models.Model.delete(self, *args, **kwargs)
