"""The process models of the flows: one row per running or finished flow."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from permissions import codes
from permissions.codes import codename


class MeetingProcess(Process):
    """The meeting flow of one meeting, from the notice to the end of the appeal
    window (rules.md c.4); at most one per meeting."""

    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="process",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Also recorded as the actor of the flow's automatic steps."),
    )

    class Meta:
        verbose_name = _("meeting process")
        verbose_name_plural = _("meeting processes")
        # Flow.__init_subclass__ adds "manage" when it is missing; declaring it
        # here keeps makemigrations from seeing a change on every run.
        default_permissions = ("add", "change", "delete", "view", "manage")
        permissions = [
            (codename(codes.KEEP_MINUTES), _("Can carry out the meeting's tasks")),
        ]

    def __str__(self):
        if self.meeting_id is None:
            return super().__str__()
        return str(_("Meeting flow %(meeting)s") % {"meeting": self.meeting})

    @property
    def organisation_id(self) -> int:
        """The organisation whose staff carry out the flow's tasks."""
        return self.meeting.organisation_id
