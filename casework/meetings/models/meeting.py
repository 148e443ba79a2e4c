"""A meeting of an organisation, who took part, and its agenda items (§)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import clock
from casework.directory.models import Organisation, Party, Person
from casework.meetings import deadlines
from casework.records import Undeletable, UndeletableQuerySet


class Meeting(Undeletable):
    """A meeting (sv. sammanträde) of a council, board, committee or the
    preparatory body; its states follow life cycle (c.4) of rules.md."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        NOTICE_SENT = "notice_sent", _("notice sent")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", _("closed")
        MINUTES_DRAFTED = "minutes_drafted", _("minutes drafted")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        NOTICE_POSTED = "notice_posted", _("notice posted")
        APPEAL_WINDOW_PASSED = "appeal_window_passed", _("appeal window passed")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    # The time of day a meeting starts unless planned otherwise; meetings
    # recorded before the time of day was kept show it too.
    USUAL_START = datetime.time(13, 0)

    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), default=USUAL_START)
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.PLANNED
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_kept",
    )
    minutes_checkers = models.ManyToManyField(
        Person,
        verbose_name=_("minutes checkers"),
        blank=True,
        related_name="meetings_checked",
    )
    approval_due_at = models.DateTimeField(
        _("time set for approval of the minutes"), null=True, blank=True
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[minutes_checkers])

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "organisation"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.organisation} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def starts(self) -> datetime.datetime:
        """The day and time the meeting starts, in the local time zone."""
        return timezone.make_aware(
            datetime.datetime.combine(self.held_on, self.starts_at)
        )

    @property
    def when(self) -> str:
        """ "15 december 2026 kl. 13.00" in the language in use."""
        return _("%(date)s at %(time)s") % {
            "date": formats.date_format(self.held_on, "j F Y"),
            "time": self.starts_at.strftime("%H.%M"),
        }

    @property
    def approval_deadline(self):
        """The last day for approval of the minutes (R24, KL 5:69)."""
        return deadlines.minutes_approval_deadline(self.held_on)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Participant(Undeletable):
    """A member or substitute at a meeting (R5, R7)."""

    class SeatRole(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        SUBSTITUTE = "substitute", _("substitute")
        COMMISSIONER = "commissioner", _("commissioner")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    seat_role = models.CharField(_("seat"), max_length=16, choices=SeatRole.choices)
    present = models.BooleanField(_("present"), default=True)
    serving = models.BooleanField(
        _("serving"),
        default=True,
        help_text=_(
            "A serving substitute has a member's full rights (KL 4 kap. 22 §)."
        ),
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "seat_role", "person__last_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="meetings_participant_once"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_seat_role_display()})"

    @property
    def is_deciding(self) -> bool:
        return self.present and self.serving


class AgendaItem(Undeletable):
    """One item of business; a paragraph (§) in the minutes once handled."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        OPEN = "open", _("being handled")
        DECIDED = "decided", _("decided")
        TABLED = "tabled", _("tabled")
        REFERRED_BACK = "referred_back", _("referred back")

    class Method(models.TextChoices):
        ACCLAMATION = "acclamation", _("acclamation")
        VOTE = "vote", _("vote")
        ENDORSEMENT = "endorsement", _("endorsed (no decision)")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    position = models.PositiveIntegerField(_("position on the agenda"))
    paragraph_number = models.PositiveIntegerField(
        _("paragraph (§)"), null=True, blank=True
    )
    case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    title = models.CharField(_("title"), max_length=500)
    is_public = models.BooleanField(
        _("open to the public"),
        default=False,
        help_text=_(
            "Items concerning exercise of authority or secrecy are closed (KL 6 kap. "
            "25 §)."
        ),
    )
    appealable = models.BooleanField(
        _("appealable"),
        default=False,
        help_text=_(
            "Purely preparatory decisions cannot be appealed (KL 13 kap. 2 §)."
        ),
    )
    exercise_of_authority = models.BooleanField(
        _("exercise of public authority"), default=False
    )
    administrative_appeal = models.BooleanField(
        _("appealed by administrative appeal"),
        default=False,
        help_text=_(
            "Förvaltningsbesvär: FL 30 § on dissenting opinions applies; it does not "
            "in matters appealed by legality review (FL 2 §)."
        ),
    )
    dispatched_at = models.DateTimeField(
        _("decision dispatched at"), null=True, blank=True
    )
    proposal = models.ForeignKey(
        "meetings.ProposedResolution",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    decision_text = models.TextField(_("decision"), blank=True)
    decision_method = models.CharField(
        _("decided by"), max_length=16, choices=Method.choices, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    announced = models.BooleanField(
        _("announced in time"),
        default=True,
        help_text=_(
            "On the notice of the meeting, or announced as an urgent addition by the "
            "weekday before it (KL 5 kap. 13–14 §§)."
        ),
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="meetings_agendaitem_position"
            ),
            models.UniqueConstraint(
                fields=["meeting", "paragraph_number"],
                condition=Q(paragraph_number__isnull=False),
                name="meetings_agendaitem_paragraph",
            ),
        ]

    def __str__(self):
        number = f"§ {self.paragraph_number} " if self.paragraph_number else ""
        return f"{number}{self.title}"

    def get_absolute_url(self):
        return reverse("meetings:item_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.state == self.State.DECIDED

    @property
    def is_dispatched(self) -> bool:
        """Whether the decision has been sent out (sv. expedierat)."""
        return self.dispatched_at is not None

    def finality(self, today=None) -> tuple[str, object]:
        """Whether the decision can still be appealed (R31–R32): ("not_appealable",
        None), ("pending", None) before the notice, ("appealable", last day) during
        the window, or ("final", last day) after it (sv. laga kraft). A paragraph
        approved at the meeting runs from its own notice (R25)."""
        if not self.is_decided:
            return "pending", None
        if not self.appealable:
            return "not_appealable", None
        notice = self.notice()
        if notice is None:
            return "pending", None
        last_day = notice.appeal_last_day
        today = today or clock.today()
        return ("final" if today > last_day else "appealable"), last_day

    def notice(self):
        """The notice the paragraph's appeal window runs from: its own when
        approved at the meeting (R25), otherwise that of the minutes."""
        approval = getattr(self, "immediate_approval", None)
        if approval is not None:
            return getattr(approval, "notice", None)
        return getattr(getattr(self.meeting, "minutes", None), "notice", None)


class ItemParticipation(Undeletable):
    """Who took part in the decision of one item (R7), and who did not and why
    (abstained R9/R14, disqualified R50–R51)."""

    class Status(models.TextChoices):
        TOOK_PART = "took_part", _("took part in the decision")
        ABSTAINED = "abstained", _("did not take part in the decision")
        DISQUALIFIED = "disqualified", _("disqualified")

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.TOOK_PART
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation in an item")
        verbose_name_plural = _("participation in items")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "participant"], name="meetings_itemparticipation_once"
            )
        ]

    def __str__(self):
        return f"{self.item}: {self.participant} ({self.get_status_display()})"


class AttendanceChange(Undeletable):
    """An arrival, departure or change of who serves, between two items (R5)."""

    class Change(models.TextChoices):
        ARRIVED = "arrived", _("arrived")
        LEFT = "left", _("left")
        STARTED_SERVING = "started_serving", _("started serving")
        STOPPED_SERVING = "stopped_serving", _("stopped serving")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    change = models.CharField(_("change"), max_length=20, choices=Change.choices)
    before_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("before item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), default=clock.now, editable=False
    )
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")

    def __str__(self):
        return f"{self.participant}: {self.get_change_display()}"
