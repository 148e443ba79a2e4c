"""Registers (diarier), cases (ärenden), documents (handlingar) and their versions."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation
from casework.records import Undeletable, UndeletableQuerySet, field_error
from casework.registry.timeliness import registered_late


class Register(models.Model):
    """A register of cases kept by one organisation (sv. diarium, R1, R56, R75).

    ``number_format`` is a ``str.format`` template with ``{year}``, ``{seq}`` and
    ``{classification}``; ``number_pattern`` is a regular expression with the named
    groups ``year`` and ``seq`` that every number in the register must match.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="registers",
    )
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    number_format = models.CharField(_("number format"), max_length=100)
    number_pattern = models.CharField(_("number pattern"), max_length=200)
    requires_classification = models.BooleanField(
        _("requires a classification code"), default=False
    )
    classification_codes = models.TextField(
        _("classification codes"),
        blank=True,
        help_text=_(
            "The register's classification plan: one code a line, optionally "
            "followed by its title. Offered as a list when a case is registered."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")

    def __str__(self):
        return self.name

    def clean(self):
        try:
            pattern = re.compile(self.number_pattern)
        except re.error as error:
            raise field_error(
                "number_pattern",
                _("Not a valid regular expression."),
                code="invalid_pattern",
            ) from error
        if not {"year", "seq"} <= set(pattern.groupindex):
            raise field_error(
                "number_pattern",
                _("The pattern needs the groups year and seq."),
                code="pattern_groups_missing",
            )
        sample = self.format_number(year=2016, seq=1906, classification="006")
        if sample is None or not pattern.fullmatch(sample):
            raise field_error(
                "number_format",
                _("The format does not produce matching numbers."),
                code="format_pattern_mismatch",
            )

    def classification_choices(self) -> list[tuple[str, str]]:
        """The codes of the classification plan, as (code, "code title")."""
        choices = []
        for line in self.classification_codes.splitlines():
            code, _space, title = line.strip().partition(" ")
            if code:
                choices.append((code, f"{code} {title.strip()}".strip()))
        return choices

    def format_number(self, *, year: int, seq: int, classification: str = ""):
        try:
            return self.number_format.format(
                year=year, seq=seq, classification=classification
            )
        except (KeyError, IndexError, ValueError):
            return None

    def parse_number(self, number: str):
        """The (year, seq) of a number in this register, or None if it does not fit."""
        match = re.fullmatch(self.number_pattern, number)
        if match is None:
            return None
        return int(match["year"]), int(match["seq"])


class NumberSequence(models.Model):
    """The last number allocated in a register for one year.

    A counter, not a record: the case that receives a number carries the history.
    The row is locked (SELECT … FOR UPDATE) while a number is taken, which makes
    allocation gap-free and unique per register-year.
    """

    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="sequences"
    )
    year = models.PositiveIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year"], name="registry_numbersequence_one_per_year"
            )
        ]

    def __str__(self):
        return f"{self.register.code} {self.year}: {self.last_value}"


class CaseQuerySet(UndeletableQuerySet):
    def open(self):
        return self.exclude(status=Case.Status.CLOSED)


class Case(Undeletable):
    """A matter with a registration number in one register (sv. ärende)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DECIDED = "decided", _("decided")
        CLOSED = "closed", _("closed")

    register = models.ForeignKey(
        Register,
        verbose_name=_("register"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    registration_number = models.CharField(_("registration number"), max_length=64)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    classification = models.CharField(
        _("classification code"), max_length=16, blank=True
    )
    title = models.CharField(_("title"), max_length=500)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_handled",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    registered_on = models.DateField(_("registered on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    linked_cases = models.ManyToManyField(
        "self", verbose_name=_("linked cases"), through="CaseLink", symmetrical=False
    )
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "registration_number"],
                name="registry_case_number_unique_in_register",
            ),
            models.UniqueConstraint(
                fields=["register", "year", "sequence"],
                name="registry_case_sequence_unique_in_register_year",
            ),
        ]
        indexes = [
            models.Index(fields=["-registered_on", "-id"], name="registry_case_newest"),
            models.Index(
                fields=["organisation", "-registered_on"], name="registry_case_org"
            ),
            models.Index(
                fields=["status", "-registered_on"], name="registry_case_status"
            ),
            models.Index(
                fields=["register", "-registered_on", "-id"],
                name="registry_case_register",
            ),
        ]

    def __str__(self):
        return f"{self.registration_number} {self.title}"

    def get_absolute_url(self):
        return reverse("registry:case_detail", args=[self.pk])

    def clean(self):
        number = self.registration_number
        if self.register_id and number and self.register.parse_number(number) is None:
            raise field_error(
                "registration_number",
                _("The number does not match the register's format."),
                code="number_format_mismatch",
            )
        if self.status == self.Status.CLOSED and not self.closed_on:
            raise field_error(
                "closed_on",
                _("A closed case needs a closing date."),
                code="closed_without_date",
            )


class CaseLink(models.Model):
    """A link between two cases, e.g. a committee's case for a referral and the
    executive board's case that sent it."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", _("referral")
        RELATED = "related", _("related")

    from_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="links_out", verbose_name=_("case")
    )
    to_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="links_in",
        verbose_name=_("linked case"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(
                fields=["from_case", "to_case"], name="registry_caselink_once"
            ),
            models.CheckConstraint(
                condition=~Q(from_case=models.F("to_case")),
                name="registry_caselink_not_to_itself",
            ),
        ]

    def __str__(self):
        return (
            f"{self.from_case.registration_number} → {self.to_case.registration_number}"
        )


class DocumentQuerySet(UndeletableQuerySet):
    def official(self):
        return self.filter(state=Document.State.OFFICIAL)


class Document(Undeletable):
    """A registered document in a case (sv. handling), with the OSL 5:2 fields.

    Incoming documents are official on arrival (TF 2:9). Drawn-up and outgoing
    documents are drafts until dispatched, decided or approved (TF 2:10, R57–R61);
    an official document's content never changes: a change is a new version.
    """

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        OUTGOING = "outgoing", _("outgoing")
        DRAWN_UP = "drawn_up", _("drawn up")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OFFICIAL = "official", _("official")

    class Kind(models.TextChoices):
        LETTER = "letter", _("letter")
        REFERRAL = "referral", _("referral")
        OFFICER_REPORT = "officer_report", _("officer report")
        MEMORANDUM = "memorandum", _("memorandum")
        MINUTES_EXTRACT = "minutes_extract", _("minutes extract")
        APPENDIX = "appendix", _("appendix")
        FILE_NOTE = "file_note", _("file note")
        WORKING_NOTE = "working_note", _("working note")
        OTHER = "other", _("other")

    class OfficialBecause(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("document", "received")
        DISPATCHED = "dispatched", _("dispatched")
        DECIDED = "decided", pgettext_lazy("document", "decided")
        APPROVED = "approved", pgettext_lazy("document", "approved")
        CASE_CONCLUDED = "case_concluded", _("case concluded")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    sequence = models.PositiveIntegerField(_("document number"))
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices
    )
    kind = models.CharField(
        _("document type"), max_length=32, choices=Kind.choices, default=Kind.OTHER
    )
    dated = models.DateField(
        _("date"), help_text=_("The day it was received or drawn up.")
    )
    counterpart = models.CharField(_("sender or recipient"), max_length=300, blank=True)
    sender_protected = models.BooleanField(
        _("sender protected"),
        default=False,
        help_text=_(
            "The sender is shown only to those handling the case (OSL 5 kap. 2 §)."
        ),
    )
    late_reason = models.TextField(_("why registered late"), blank=True)
    public_description = models.CharField(_("description"), max_length=500)
    protected_description = models.TextField(
        _("protected description"),
        blank=True,
        help_text=_(
            "Kept apart so that the rest of the entry can be public (OSL 5 kap. 2 §)."
        ),
    )
    state = models.CharField(
        _("legal state"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    official_because = models.CharField(
        _("official because"),
        max_length=20,
        choices=OfficialBecause.choices,
        blank=True,
    )
    official_since = models.DateTimeField(_("official since"), null=True, blank=True)
    # R64: publication is a choice of the authority, separate from the legal
    # state; a draft may be published ahead of becoming official (V2).
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published voluntarily, whether or not it is official yet."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(
        _("registered at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["case", "sequence"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [
            ("view_confidential_document", _("Can read a confidential document")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sequence"], name="registry_document_number_in_case"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(official_since__isnull=False),
                name="registry_document_official_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.designation} {self.public_description}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_state = instance.__dict__.get("state")
        return instance

    def save(self, *args, **kwargs):
        if self.state != self.State.OFFICIAL and self._official_in_database():
            raise ValidationError(
                _("An official document cannot become a draft again."),
                code="official_is_final",
            )
        super().save(*args, **kwargs)
        self._loaded_state = self.state

    def _official_in_database(self) -> bool:
        """Whether the document is official as loaded or as stored now: an older
        copy in memory never turns it back into a draft."""
        if getattr(self, "_loaded_state", None) == self.State.OFFICIAL:
            return True
        return (
            self.pk is not None
            and Document.objects.filter(pk=self.pk, state=self.State.OFFICIAL).exists()
        )

    def get_absolute_url(self):
        return reverse("registry:document_detail", args=[self.pk])

    @property
    def registered_late(self) -> bool:
        """Registered after the working day after it arrived (R53, OSL 5:1)."""
        return self.direction == self.Direction.INCOMING and registered_late(
            self.dated, timezone.localtime(self.registered_at).date()
        )

    @property
    def designation(self) -> str:
        return f"{self.case.registration_number}-{self.sequence}"

    @property
    def is_official(self) -> bool:
        return self.state == self.State.OFFICIAL


class DocumentVersion(Undeletable):
    """One version of a document's content; frozen once the document is official."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    frozen = models.BooleanField(_("frozen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("created at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="registry_documentversion_number"
            )
        ]

    def __str__(self):
        return f"{self.document.designation} v{self.number}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_frozen = instance.__dict__.get("frozen")
        return instance

    def save(self, *args, **kwargs):
        if getattr(self, "_loaded_frozen", False) or self._frozen_in_database():
            raise ValidationError(
                _("This version belongs to an official document and cannot change."),
                code="version_frozen",
            )
        super().save(*args, **kwargs)
        self._loaded_frozen = self.frozen

    def _frozen_in_database(self) -> bool:
        """Whether the stored version is frozen, or its document official while
        this version would not be: an older copy in memory never thaws it."""
        if self.pk is not None:
            stored = (
                DocumentVersion.objects.filter(pk=self.pk)
                .values_list("frozen", "document__state")
                .first()
            )
        else:
            # A new version is written under its document's row lock, so the
            # document in memory is as stored.
            stored = (False, self.document.state)
        if stored is None:
            return False
        frozen, state = stored
        return frozen or (state == Document.State.OFFICIAL and not self.frozen)


def attachment_path(instance, filename):
    """Store under a random name: the uploaded file name is never trusted."""
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(Undeletable):
    """A file belonging to one document version."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


OSL_PROVISION = re.compile(
    r"^(OSL\s+)?\d{1,2}\s*kap\.\s*\d{1,3}\s*[a-z]?\s*§.*$", re.IGNORECASE
)


class ConfidentialityMarking(Undeletable):
    """A warning that a document holds confidential information (sv.
    sekretessmarkering, OSL 5:5, TF 2:20, R65): provision, date and authority."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="confidentiality_markings",
    )
    provision = models.CharField(
        _("provision"),
        max_length=100,
        help_text=_("Chapter and section of OSL, e.g. “OSL 21 kap. 1 §”."),
    )
    marked_on = models.DateField(_("marked on"))
    authority = models.ForeignKey(
        Organisation,
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-marked_on"]
        verbose_name = _("confidentiality marking")
        verbose_name_plural = _("confidentiality markings")

    def __str__(self):
        return f"{self.provision} ({self.marked_on})"

    def clean(self):
        if self.provision and not OSL_PROVISION.match(self.provision.strip()):
            raise field_error(
                "provision",
                _(
                    "State the provision as chapter and section of OSL, "
                    "e.g. “OSL 21 kap. 1 §”."
                ),
                code="provision_format",
            )
        if self.lifted_on and self.marked_on and self.lifted_on < self.marked_on:
            raise field_error(
                "lifted_on",
                _("A marking cannot be lifted before it was made."),
                code="lifted_before_marked",
            )

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None
