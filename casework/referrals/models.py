"""Referrals for comment (sv. remiss), their recipients, extensions, reminders,
and the officer reports (tjänsteutlåtanden) the recipients answer with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation
from casework.records import Undeletable, UndeletableQuerySet

DEFAULT_REMINDER_OFFSETS = [-14, -3, 1]


def default_reminder_offsets():
    return list(DEFAULT_REMINDER_OFFSETS)


class Referral(Undeletable):
    """A request from the executive board to other organisations for a formal
    opinion on a case, with what it concerns and a response deadline (R39–R40)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        DISPATCHED = "dispatched", _("sent")
        COMPILED = "compiled", _("answers compiled")

    case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    question = models.TextField(_("what the response concerns"))
    response_deadline = models.DateField(_("respond by"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="referrals_prepared",
    )
    documents = models.ManyToManyField(
        "registry.Document",
        verbose_name=_("documents sent with it"),
        blank=True,
        related_name="referrals",
    )
    letter = models.OneToOneField(
        "registry.Document",
        verbose_name=_("referral letter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_letter_of",
    )
    reminder_offsets = models.JSONField(
        _("reminders, days relative to the deadline"),
        default=default_reminder_offsets,
        help_text=_("Negative: before the deadline; positive: after it."),
    )
    dispatched_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    confidential_confirmed = models.BooleanField(
        _("the sender confirmed sending confidential documents"),
        default=False,
        help_text=_(
            "A document under a confidentiality marking goes with the referral "
            "only when the sender confirms it."
        ),
    )
    summary = models.TextField(_("compiled summary"), blank=True)
    council_decides = models.BooleanField(
        _("the council decides"),
        default=False,
        help_text=_(
            "The executive board proposes the decision to the municipal council; "
            "the case closes when the council's minutes are approved."
        ),
    )
    history = HistoricalRecords(m2m_fields=[documents])

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-response_deadline", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return str(
            _("Referral %(number)s, respond by %(date)s")
            % {"number": self.case.registration_number, "date": self.response_deadline}
        )

    def get_absolute_url(self):
        return reverse("referrals:referral_detail", args=[self.pk])


class RecipientQuerySet(UndeletableQuerySet):
    def open(self):
        return self.filter(state__in=ReferralRecipient.OPEN_STATES)


class ReferralRecipient(Undeletable):
    """One organisation asked to answer, with its own state and deadline
    (sv. remissinstans)."""

    class State(models.TextChoices):
        SENT = "sent", _("sent")
        RECEIVED = "received", pgettext_lazy("referral", "received")
        ON_AGENDA = "on_agenda", _("on the committee's agenda")
        DECIDED = "decided", pgettext_lazy("referral", "decided")
        ANSWERED = "answered", _("answered")
        DECLINED = "declined", _("declined to answer")
        EXTENSION_GRANTED = "extension_granted", _("extension granted")
        OVERDUE = "overdue", _("overdue")
        NOT_RECEIVED = "not_received", _("no answer received")

    class Stance(models.TextChoices):
        ENDORSE = "endorse", _("endorses")
        OPPOSE = "oppose", _("opposes")
        NO_OBJECTION = "no_objection", _("no objection")
        WITH_COMMENTS = "with_comments", _("with comments")

    OPEN_STATES = (
        State.SENT,
        State.RECEIVED,
        State.ON_AGENDA,
        State.DECIDED,
        State.EXTENSION_GRANTED,
        State.OVERDUE,
    )
    CLOSED_STATES = (State.ANSWERED, State.DECLINED, State.NOT_RECEIVED)

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        related_name="recipients",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SENT
    )
    deadline = models.DateField(_("respond by"))
    committee_case = models.OneToOneField(
        "registry.Case",
        verbose_name=_("the recipient's case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_recipient",
    )
    stance = models.CharField(
        _("stance"), max_length=16, choices=Stance.choices, blank=True
    )
    decision_text = models.TextField(_("decision"), blank=True)
    declined_reason = models.TextField(_("reason for declining"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "organisation__name"]
        verbose_name = _("referral recipient")
        verbose_name_plural = _("referral recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "organisation"], name="referrals_recipient_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and (today or clock.today()) > self.deadline


class Extension(Undeletable):
    """A request for a later deadline and its decision (sv. anstånd)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")

    recipient = models.ForeignKey(
        ReferralRecipient,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    requested_until = models.DateField(_("new deadline asked for"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(
        _("requested at"), default=clock.now, editable=False
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["recipient", "-requested_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient"],
                condition=Q(state="requested"),
                name="referrals_extension_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.recipient.organisation} → {self.requested_until}"


class Reminder(models.Model):
    """A reminder sent to a recipient at a configured offset (sv. påminnelse)."""

    recipient = models.ForeignKey(
        ReferralRecipient,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    offset_days = models.IntegerField(_("days relative to the deadline"))
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recipient", "due_on"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "offset_days", "due_on"],
                name="referrals_reminder_once",
            )
        ]

    def __str__(self):
        return f"{self.recipient.organisation} {self.due_on}"


class OfficerReport(Undeletable):
    """A department's report to its committee with proposed clauses
    (sv. tjänsteutlåtande, R42, R78); approved by the heads before it goes on the
    agenda."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        DIVISION_REVIEW = "division_review", _("with the head of division")
        DEPARTMENT_REVIEW = "department_review", _("with the head of department")
        APPROVED = "approved", _("approved")

    case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="officer_reports",
    )
    document = models.OneToOneField(
        "registry.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="officer_report",
    )
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="officer_reports",
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    addressed_to = models.ForeignKey(
        Organisation,
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="officer_reports_received",
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        on_delete=models.PROTECT,
        related_name="officer_reports",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    background = models.TextField(_("background / the referral"), blank=True)
    preparation = models.TextField(_("preparation of the case"), blank=True)
    opinions = models.TextField(_("the department's views"), blank=True)
    appendices = models.TextField(
        _("appendices"), blank=True, help_text=_("One per line.")
    )
    proposal = models.OneToOneField(
        "meetings.ProposedResolution",
        verbose_name=_("proposed resolution"),
        on_delete=models.PROTECT,
        related_name="officer_report",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    needs_division_review = models.BooleanField(
        _("approved by a head of division first"), default=False
    )
    division_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("officer report")
        verbose_name_plural = _("officer reports")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("referrals:report_detail", args=[self.pk])

    @property
    def appendix_list(self) -> list[str]:
        return [line.strip() for line in self.appendices.splitlines() if line.strip()]


class ReviewComment(models.Model):
    """A head's comment when returning a report to the case officer."""

    report = models.ForeignKey(
        OfficerReport,
        verbose_name=_("officer report"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    written_at = models.DateTimeField(
        _("written at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "written_at"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.text[:60]


# The viewflow process models of the remiss round trip live in their own module.
from casework.referrals.processes import *  # noqa: E402,F401,F403
