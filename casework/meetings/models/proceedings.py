"""Proposals with numbered clauses, memoranda, motions and votes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.directory.models import Organisation, Person
from casework.records import Undeletable, UndeletableQuerySet


class ProposedResolution(Undeletable):
    """A proposal made of numbered clauses (sv. förslag till beslut), from an
    officer report, a memorandum or a motion."""

    class Source(models.TextChoices):
        OFFICER_REPORT = "officer_report", _("officer report")
        MEMORANDUM = "memorandum", _("memorandum")
        MOTION = "motion", _("motion")
        COUNCIL_REPORT = "council_report", _("report to the council")

    case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    document = models.ForeignKey(
        "registry.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_(
            "E.g. “Borgarrådsberedningen föreslår att kommunstyrelsen beslutar "
            "följande.”"
        ),
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed resolution")
        verbose_name_plural = _("proposed resolutions")

    def __str__(self):
        return f"{self.get_source_display()} – {self.case.registration_number}"


class Clause(models.Model):
    """One numbered clause ("1. Rapporten … godkänns, bilaga 1.")."""

    resolution = models.ForeignKey(
        ProposedResolution,
        verbose_name=_("proposed resolution"),
        on_delete=models.PROTECT,
        related_name="clauses",
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "number"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "number"], name="meetings_clause_number"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"


class Memorandum(Undeletable):
    """The rapporteur commissioner's memorandum to the preparatory body and the
    executive board (sv. promemoria, e.g. "PM 2011:102 RI"; R76, R79)."""

    case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="memoranda",
    )
    document = models.OneToOneField(
        "registry.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memorandum",
    )
    year = models.PositiveIntegerField(_("year"))
    serial = models.PositiveIntegerField(
        _("serial number"),
        null=True,
        blank=True,
        help_text=_("May be missing in older sources."),
    )
    commissioner_office = models.ForeignKey(
        Organisation,
        verbose_name=_("commissioner's office"),
        on_delete=models.PROTECT,
        related_name="memoranda",
    )
    office_numeral = models.CharField(_("office numeral"), max_length=8)
    rapporteur = models.ForeignKey(
        Person,
        verbose_name=_("rapporteur"),
        on_delete=models.PROTECT,
        related_name="memoranda",
    )
    title = models.CharField(_("title"), max_length=500)
    matter = models.TextField(_("the matter"), blank=True)
    preparation = models.TextField(_("preparation"), blank=True)
    opinions = models.TextField(_("my views"), blank=True)
    proposal = models.OneToOneField(
        ProposedResolution,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="memorandum",
    )
    signed_place = models.CharField(
        _("place of signature"), max_length=100, default="Stockholm"
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    appendices = models.TextField(
        _("appendices"), blank=True, help_text=_("One per line.")
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-serial"]
        verbose_name = _("memorandum")
        verbose_name_plural = _("memoranda")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial", "office_numeral"],
                name="meetings_memorandum_number",
            )
        ]

    def __str__(self):
        return f"{self.designation} {self.title}"

    @property
    def designation(self) -> str:
        """ "PM 2011:102 RI", or "PM 2008 RI" when the serial is unknown (R76)."""
        number = f"{self.year}:{self.serial}" if self.serial else f"{self.year}"
        return f"PM {number} R{self.office_numeral}"

    @property
    def appendix_list(self) -> list[str]:
        return [line.strip() for line in self.appendices.splitlines() if line.strip()]


class Motion(Undeletable):
    """A proposal put forward at the meeting by a participant (sv. yrkande)."""

    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="motions",
    )
    mover = models.ForeignKey(
        "meetings.Participant",
        verbose_name=_("moved by"),
        on_delete=models.PROTECT,
        related_name="motions",
    )
    text = models.TextField(_("motion"))
    order = models.PositiveIntegerField(_("order"))
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self):
        return f"{self.mover.person}: {self.text[:60]}"

    @property
    def is_refused(self) -> bool:
        """Whether the chair refuses to put it and the council has not overruled
        the refusal (KL 5:57, R12)."""
        refusal = getattr(self, "refusal", None)
        return refusal is not None and not refusal.is_overruled


class Vote(Undeletable):
    """An open roll-call vote on one question (sv. votering, R8)."""

    class Result(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")

    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="votes",
    )
    order = models.PositiveIntegerField(_("order the question was put"))
    question = models.TextField(_("question"))
    yes_means = models.CharField(_("yes means"), max_length=300)
    no_means = models.CharField(_("no means"), max_length=300)
    result = models.CharField(_("result"), max_length=4, choices=Result.choices)
    casting_vote = models.BooleanField(
        _("decided by the chair's casting vote"), default=False
    )
    motions = models.ManyToManyField(
        Motion,
        verbose_name=_("motions put to the question"),
        blank=True,
        related_name="votes",
    )
    history = HistoricalRecords(m2m_fields=[motions])

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return self.question


class Ballot(Undeletable):
    """One participant's vote."""

    class Choice(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstains")

    vote = models.ForeignKey(
        Vote, verbose_name=_("vote"), on_delete=models.PROTECT, related_name="ballots"
    )
    participant = models.ForeignKey(
        "meetings.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "participant"], name="meetings_ballot_once"
            )
        ]

    def __str__(self):
        return f"{self.participant.person}: {self.get_choice_display()}"
