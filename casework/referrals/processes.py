"""Viewflow process models for the referral (executive board side) and the
response (committee side) flows.

Each human task of the two flows names one permission declared here
(``referrals.<codename>``); a staff role in the task's organisation holds it
(``permissions.rules.TASK_ROLES``). The permissions are never granted to users
directly: the task lists and rules join them against staff roles.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from permissions import codes
from permissions.codes import codename

__all__ = ["ReferralProcess", "ResponseProcess"]

# Flow.__init_subclass__ adds "manage" when it is missing; declaring it here keeps
# makemigrations from seeing a change on every run.
PROCESS_PERMISSIONS = ("add", "change", "delete", "view", "manage")


class ReferralProcess(Process):
    """The referral flow of one referral (sv. remiss, rules.md c.1): sent to every
    recipient, waiting for each answer or deadline, compiled."""

    referral = models.OneToOneField(
        "referrals.Referral",
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        related_name="process",
    )

    class Meta:
        verbose_name = _("referral process")
        verbose_name_plural = _("referral processes")
        default_permissions = PROCESS_PERMISSIONS
        permissions = [
            (codename(codes.DISPATCH_REFERRAL), _("Can send a referral")),
            (
                codename(codes.DECIDE_EXTENSION),
                _("Can decide a request for an extension"),
            ),
            (
                codename(codes.COMPILE_ANSWERS),
                _("Can compile the answers to a referral"),
            ),
        ]

    def __str__(self):
        if self.referral_id is None:
            return super().__str__()
        return str(_("Referral flow %(referral)s") % {"referral": self.referral})

    @property
    def organisation_id(self) -> int:
        """The organisation whose staff carry out the flow's tasks."""
        return self.referral.case.organisation_id


class ResponseProcess(Process):
    """The response flow of one recipient of a referral (rules.md c.2): registered,
    officer report drafted and approved, decided by the committee, answered."""

    recipient = models.OneToOneField(
        "referrals.ReferralRecipient",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="process",
    )

    class Meta:
        verbose_name = _("response process")
        verbose_name_plural = _("response processes")
        default_permissions = PROCESS_PERMISSIONS
        permissions = [
            (codename(codes.REGISTER_REFERRAL), _("Can register an incoming referral")),
            (
                codename(codes.ASSIGN_REFERRAL_OFFICER),
                _("Can assign the case officer of a referral"),
            ),
            (
                codename(codes.DRAFT_OFFICER_REPORT),
                _("Can draft the officer report of a referral"),
            ),
            (
                codename(codes.REVIEW_REPORT_AS_DIVISION_HEAD),
                _("Can approve an officer report as head of division"),
            ),
            (
                codename(codes.REVIEW_REPORT_AS_DEPARTMENT_HEAD),
                _("Can approve an officer report as head of department"),
            ),
            (
                codename(codes.PUT_REPORT_ON_AGENDA),
                _("Can put an officer report on the agenda"),
            ),
            (codename(codes.DISPATCH_RESPONSE), _("Can send the answer to a referral")),
        ]

    def __str__(self):
        if self.recipient_id is None:
            return super().__str__()
        return str(_("Response flow %(recipient)s") % {"recipient": self.recipient})

    @property
    def organisation_id(self) -> int:
        """The organisation whose staff carry out the flow's tasks."""
        return self.recipient.organisation_id
