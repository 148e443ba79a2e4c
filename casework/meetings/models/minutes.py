"""Minutes, their approval, corrections and the notice on the notice board."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Person
from casework.meetings.models.board import last_day_of_appeal
from casework.records import Undeletable, UndeletableQuerySet


class Minutes(Undeletable):
    """The minutes of one meeting (sv. protokoll); official and immutable once
    approved (R24, R26)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", pgettext_lazy("minutes", "approved")

    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="minutes",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(_("Minutes %(meeting)s") % {"meeting": self.meeting})

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED


class MinutesVersion(Undeletable):
    """The approved text of the minutes, with its SHA-256 digest; a correction is
    a new, visibly annotated version (R26)."""

    minutes = models.ForeignKey(
        Minutes,
        verbose_name=_("minutes"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.TextField(_("content"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    correction_note = models.TextField(_("what was corrected and why"), blank=True)
    created_at = models.DateTimeField(
        _("created at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["minutes", "number"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"], name="meetings_minutesversion_number"
            )
        ]

    def __str__(self):
        return f"{self.minutes} v{self.number}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored = True
        return instance

    def save(self, *args, **kwargs):
        if getattr(self, "_stored", False):
            raise ValidationError(
                _("Approved minutes cannot change; make a correction instead."),
                code="minutes_immutable",
            )
        super().save(*args, **kwargs)
        self._stored = True


class ApprovalMethod(models.TextChoices):
    """How a signer approved (R27): in person on the system's page, or with an
    advanced electronic signature whose validation data are kept as supplied."""

    IN_SYSTEM = "in_system", _("confirmed on the approval page")
    ON_PAPER = "on_paper", _("signed on paper")
    ELECTRONIC_SIGNATURE = "electronic_signature", _("advanced electronic signature")


class ApprovalEvidence(models.Model):
    """The method of an approval and the validation data supplied with it (R27).

    The validation data (e.g. the signature with its OCSP response, as the e-ID
    service returned it) are kept unchanged with their own SHA-256, so later
    tampering shows; the signature itself is verified outside this system."""

    method = models.CharField(
        _("approval method"),
        max_length=24,
        choices=ApprovalMethod.choices,
        default=ApprovalMethod.IN_SYSTEM,
    )
    validation_data = models.TextField(_("validation data"), blank=True)
    validation_digest = models.CharField(
        _("SHA-256 of the validation data"), max_length=64, blank=True
    )

    class Meta:
        abstract = True

    def validation_data_intact(self) -> bool:
        """Whether the kept validation data are still those supplied."""
        if not self.validation_data:
            return not self.validation_digest
        return (
            self.validation_digest
            == hashlib.sha256(self.validation_data.encode("utf-8")).hexdigest()
        )


class MinutesApproval(Undeletable, ApprovalEvidence):
    """One signature on the minutes: the chair or a minutes checker (sv. justering)."""

    minutes = models.ForeignKey(
        Minutes,
        verbose_name=_("minutes"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(
        _("approved at"), default=clock.now, editable=False
    )
    digest = models.CharField(_("SHA-256 of what was approved"), max_length=64)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    paper_reference = models.CharField(
        _("where the signed page is kept"),
        max_length=300,
        blank=True,
        help_text=_(
            "The archive reference of the signed paper page, or the document "
            "number of its scan."
        ),
    )
    late_reason = models.TextField(
        _("why approved after the deadline"),
        blank=True,
        help_text=_(
            "The minutes are approved at the latest 14 days after the meeting "
            "(KL 5 kap. 69 §); a later signature says why."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["minutes", "approved_at"]
        verbose_name = _("approval of minutes")
        verbose_name_plural = _("approvals of minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person"], name="meetings_minutesapproval_once"
            ),
            # R27: a signature on paper is recorded with its day and where the
            # signed page is kept.
            models.CheckConstraint(
                condition=~Q(method="on_paper")
                | (Q(signed_on__isnull=False) & ~Q(paper_reference="")),
                name="meetings_minutesapproval_paper_evidence",
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.approved_at:%Y-%m-%d}"


class Notice(Undeletable):
    """An announcement on the notice board (sv. anslag, KL 8:10–8:12, R28–R30,
    R34): that minutes, a paragraph approved at the meeting (R25) or a separate
    protocol of delegated decisions (R35) were approved. Its appeal window runs
    from the day posted; it may not be taken down before the window has passed
    (R29)."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("approved minutes")
        PARAGRAPH = "paragraph", _("paragraph approved at the meeting")
        DELEGATED_DECISIONS = "delegated_decisions", _("delegated decisions")

    kind = models.CharField(
        _("kind"), max_length=24, choices=Kind.choices, default=Kind.MINUTES
    )
    minutes = models.OneToOneField(
        Minutes,
        verbose_name=_("minutes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice",
    )
    paragraph_approval = models.OneToOneField(
        "meetings.ParagraphApproval",
        verbose_name=_("paragraph approved at the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice",
    )
    delegation_protocol = models.OneToOneField(
        "meetings.DelegationProtocol",
        verbose_name=_("protocol of delegated decisions"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice",
    )
    posted_on = models.DateField(_("posted on"))
    minutes_kept_at = models.CharField(_("where the minutes are kept"), max_length=300)
    taken_down_on = models.DateField(_("taken down on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="minutes",
                        minutes__isnull=False,
                        paragraph_approval__isnull=True,
                        delegation_protocol__isnull=True,
                    )
                    | Q(
                        kind="paragraph",
                        minutes__isnull=True,
                        paragraph_approval__isnull=False,
                        delegation_protocol__isnull=True,
                    )
                    | Q(
                        kind="delegated_decisions",
                        minutes__isnull=True,
                        paragraph_approval__isnull=True,
                        delegation_protocol__isnull=False,
                    )
                ),
                name="meetings_notice_one_subject",
            )
        ]

    def __str__(self):
        return str(_("Notice %(date)s") % {"date": self.posted_on})

    @property
    def appeal_last_day(self):
        """The last day an appeal may arrive (R30, KL 13:5): three weeks from the
        day posted, or, when the board was down within them, three weeks from
        the day it was up again (R29, KL 8:12)."""
        return last_day_of_appeal(self.posted_on)

    @property
    def approved_at(self):
        """When what the notice announces was approved or drawn up (R28, R35)."""
        if self.kind == self.Kind.DELEGATED_DECISIONS:
            return self.delegation_protocol.drawn_up_at
        if self.kind == self.Kind.PARAGRAPH:
            return self.paragraph_approval.approved_at
        return self.minutes.approved_at

    @property
    def is_on_board(self) -> bool:
        return self.taken_down_on is None
