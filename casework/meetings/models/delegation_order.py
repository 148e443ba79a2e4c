"""The delegation order (sv. delegationsordning): a versioned, dated decision of
a deciding body on who may decide what on its behalf (KL 6:37–38, 7:5–6; R46,
R47). Each adopted version stays readable; a new decision makes a new version."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation
from casework.records import Undeletable, UndeletableQuerySet


class MatterCategory(models.TextChoices):
    """What kind of matter a point of the order, or a delegated decision,
    concerns. The last six may never be delegated (KL 6:38, R47)."""

    ORDINARY = "ordinary", _("a matter the body may delegate")
    AUTHORITY = "authority", _("exercise of authority in a single matter")
    REFERRAL_ANSWER = (
        "referral_answer",
        _("answer to a referral from the executive board"),
    )
    PROCUREMENT = "procurement", _("procurement")
    AUTHORISATION = "authorisation", _("authorisation or choice system (LOV)")
    GOALS = (
        "goals",
        _("goals, direction, scope or quality of the activity (budget included)"),
    )
    TO_COUNCIL = (
        "to_council",
        _("submission or statement to the municipal council"),
    )
    APPEALED = (
        "appealed",
        _("statement on an appealed decision of the whole body or the council"),
    )
    PRINCIPLE = (
        "principle",
        _(
            "exercise of authority of a principled nature or otherwise of greater "
            "importance"
        ),
    )
    CITIZENS_PROPOSAL = (
        "citizens_proposal",
        _("citizens' proposal handed over to the body"),
    )
    OTHER_LAW = "other_law", _("matter that other law keeps from delegation")


# R47: power to decide these can never be delegated (KL 6 kap. 38 §).
EXCLUDED_CATEGORIES = frozenset(
    {
        MatterCategory.GOALS,
        MatterCategory.TO_COUNCIL,
        MatterCategory.APPEALED,
        MatterCategory.PRINCIPLE,
        MatterCategory.CITIZENS_PROPOSAL,
        MatterCategory.OTHER_LAW,
    }
)


class DelegationOrder(Undeletable):
    """One version of a body's delegation order: a draft until the body adopts
    it, then fixed, with the date and paragraph of the decision (R46)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="delegation_orders",
    )
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    decision_paragraph = models.CharField(
        _("paragraph of the decision"),
        max_length=50,
        blank=True,
        help_text=_("As in the minutes, e.g. “§ 12”."),
    )
    registration_number = models.CharField(
        _("case number (Dnr)"), max_length=50, blank=True
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-version"]
        verbose_name = _("delegation order")
        verbose_name_plural = _("delegation orders")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"],
                name="meetings_delegationorder_version_once",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state="draft"),
                name="meetings_delegationorder_one_draft",
            ),
        ]

    def __str__(self):
        return str(
            _("Delegation order of %(organisation)s, version %(version)s")
            % {"organisation": self.organisation, "version": self.version}
        )

    def get_absolute_url(self):
        return reverse("meetings:delegation_order_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class DelegationPoint(Undeletable):
    """A point of the order: what may be decided, by whom and within which
    limits (R46)."""

    class DelegateKind(models.TextChoices):
        PRESIDIUM = "presidium", _("the presidium")
        SUB_COMMITTEE = "sub_committee", _("a sub-committee of the body")
        MEMBER = "member", _("a member")
        SUBSTITUTE = "substitute", _("a substitute")
        EMPLOYEE = "employee", _("an employee")
        AUTOMATED = "automated", _("an automated decision function")

    class Appeal(models.TextChoices):
        LEGALITY = "legality", _("legality review (KL 13 kap.)")
        ADMINISTRATIVE = "administrative", _("administrative appeal under other law")
        NONE = "none", _("not appealable")

    order = models.ForeignKey(
        DelegationOrder,
        verbose_name=_("delegation order"),
        on_delete=models.PROTECT,
        related_name="points",
    )
    number = models.CharField(_("point"), max_length=20)
    matter = models.TextField(_("what may be decided"))
    category = models.CharField(
        _("kind of matter"), max_length=24, choices=MatterCategory.choices
    )
    delegate_kind = models.CharField(
        _("delegated to"), max_length=16, choices=DelegateKind.choices
    )
    delegate = models.CharField(
        _("role or position"),
        max_length=200,
        help_text=_("E.g. “förvaltningschef” or “ordföranden”."),
    )
    limits = models.TextField(_("limits"), blank=True)
    appeal = models.CharField(
        _("how its decisions are appealed"),
        max_length=16,
        choices=Appeal.choices,
        default=Appeal.LEGALITY,
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("point of the delegation order")
        verbose_name_plural = _("points of the delegation order")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "number"], name="meetings_delegationpoint_once"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.matter[:60]}"
