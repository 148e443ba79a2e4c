"""Public access to official documents: requests and their assessment (TF 2 kap.
15–19 §§, R63), masked renditions (TF 2:15 1 st., R66) and the secrecy of a
paragraph of the minutes, masked when the minutes are published (KL 6:25, R67).

Whether a document is public at all (published, or official and not marked,
V2) is decided by ``permissions.publicity.is_public``.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation
from casework.records import Undeletable, UndeletableQuerySet
from casework.registry.models import Document, DocumentVersion

REFERENCE_BYTES = 12


def new_reference() -> str:
    """The requester's receipt: unguessable, so that it alone opens the answer."""
    return secrets.token_urlsafe(REFERENCE_BYTES)


def duration_text(duration: datetime.timedelta) -> str:
    """A response time as people say it: hours under two days, days beyond."""
    hours = int(duration.total_seconds() // 3600)
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = duration.days
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


class DocumentRequest(Undeletable):
    """A request to see or copy official documents (sv. begäran om allmän
    handling). Anyone may ask, anonymously; the time received and the time of
    the answer are logged, so the response time shows (TF 2:15–16, R63)."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")

    reference = models.CharField(
        _("reference"), max_length=32, unique=True, default=new_reference
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="document_requests",
    )
    asked_for = models.TextField(_("what is asked for"), blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=64, blank=True
    )
    requester_name = models.CharField(_("name"), max_length=200, blank=True)
    requester_contact = models.CharField(_("contact"), max_length=300, blank=True)
    received_at = models.DateTimeField(
        _("received at"), default=clock.now, editable=False
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_requested_at = models.DateTimeField(
        _("decision requested at"), null=True, blank=True
    )
    decision_request_note = models.TextField(
        _("with the request for a decision"), blank=True
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("request for official documents")
        verbose_name_plural = _("requests for official documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | Q(answered_at__isnull=False),
                name="publicity_request_answered_has_time",
            ),
        ]

    def __str__(self):
        return str(
            _("Request of %(date)s")
            % {"date": f"{timezone.localtime(self.received_at):%Y-%m-%d %H:%M}"}
        )

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def response_time(self) -> datetime.timedelta:
        """From received to answered; for an open request, so far."""
        return (self.answered_at or clock.now()) - self.received_at

    @property
    def response_time_text(self) -> str:
        return duration_text(self.response_time)


class MaskedRendition(Undeletable):
    """A copy of an official document's text with the secret passages replaced
    by "[sekretess enligt OSL x kap. y §]" (sv. maskerad kopia, TF 2:15 1 st.,
    R66). Linked to its original, which stays intact: ``source_digest`` is the
    SHA-256 of the original version's text when it was masked."""

    original = models.ForeignKey(
        Document,
        verbose_name=_("original"),
        on_delete=models.PROTECT,
        related_name="masked_renditions",
    )
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version masked"),
        on_delete=models.PROTECT,
        related_name="masked_renditions",
    )
    body = models.TextField(_("masked text"))
    provisions = models.CharField(_("provisions"), max_length=500)
    masks = models.PositiveIntegerField(_("masked passages"))
    source_digest = models.CharField(_("SHA-256 of the original text"), max_length=64)
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
        ordering = ["original", "created_at", "id"]
        verbose_name = _("masked rendition")
        verbose_name_plural = _("masked renditions")

    def __str__(self):
        return str(
            _("Masked copy of %(designation)s")
            % {"designation": self.original.designation}
        )


class Assessment(Undeletable):
    """The fresh assessment of one document for one request (R65): released in
    full, released with passages masked (R66), or refused under a provision of
    OSL."""

    class Outcome(models.TextChoices):
        RELEASED = "released", _("released in full")
        MASKED = "masked", _("released with passages masked")
        REFUSED = "refused", _("refused")

    request = models.ForeignKey(
        DocumentRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    provision = models.CharField(_("provision"), max_length=100, blank=True)
    rendition = models.ForeignKey(
        MaskedRendition,
        verbose_name=_("masked rendition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(
        _("assessed at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["request", "assessed_at", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "document"], name="publicity_assessment_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome="released") | ~Q(provision=""),
                name="publicity_assessment_withheld_cites_provision",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="masked") | Q(rendition__isnull=False),
                name="publicity_assessment_masked_has_rendition",
            ),
        ]

    def __str__(self):
        return f"{self.document.designation}: {self.get_outcome_display()}"


APPEAL_INSTRUCTIONS = (
    "Hur man överklagar: Beslutet kan överklagas hos kammarrätten (6 kap. 7 § "
    "offentlighets- och sekretesslagen). Överklagandet ska vara skriftligt och "
    "skickas till {authority}, inte till kammarrätten, och ha kommit in inom tre "
    "veckor från den dag du fick del av beslutet (44 § förvaltningslagen). Skriv "
    "vilket beslut du överklagar och vilken ändring du vill ha."
)


class RefusalDecision(Undeletable):
    """A refusal made an appealable decision at the requester's wish (sv.
    avslagsbeslut, TF 2:19, OSL 6:7, R63): grounds, the provisions and how to
    appeal to the administrative court of appeal."""

    request = models.OneToOneField(
        DocumentRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    grounds = models.TextField(_("grounds"))
    provisions = models.CharField(_("provisions"), max_length=500)
    appeal_instructions = models.TextField(_("how to appeal"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        _("decided at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("refusal decision")
        verbose_name_plural = _("refusal decisions")

    def __str__(self):
        return str(_("Decision on %(request)s") % {"request": self.request})


class ParagraphSecrecy(Undeletable):
    """A paragraph of the minutes that holds information under secrecy, handled
    behind closed doors (KL 6:25, R13): the published minutes show its number
    and heading and mask the rest, citing the provision (R67). The approved
    minutes are not touched."""

    item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("paragraph"),
        on_delete=models.PROTECT,
        related_name="secrecy",
    )
    provision = models.CharField(_("provision"), max_length=100)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), default=clock.now, editable=False)
    # Unmarking records who lifted the marking and when; marking the paragraph
    # again clears both. The history keeps every step.
    lifted_at = models.DateTimeField(_("unmarked at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unmarked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("secrecy of a paragraph")
        verbose_name_plural = _("secrecy of paragraphs")

    def __str__(self):
        return f"{self.item}: {self.provision}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
