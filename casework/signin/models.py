"""A lock put on an account or an address after repeated failed log-ins."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.records import Undeletable, UndeletableQuerySet
from permissions import codes
from permissions.codes import codename


class LoginLockout(Undeletable):
    """One lock: when it began, how long it lasts at most, and who lifted it and
    why. The failed attempts themselves are django-axes's; these rows are kept,
    and how many an account or address had in the last day sets the length of
    its next lock."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(
        _("username or address"),
        max_length=255,
        help_text=_("The username tried, or the client's address."),
    )
    failures = models.PositiveIntegerField(_("failed attempts"))
    locked_at = models.DateTimeField(_("locked at"))
    ends_at = models.DateTimeField(_("locked until at the latest"))
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unlocked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)
    history = HistoricalRecords()

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("log-in lock")
        verbose_name_plural = _("log-in locks")
        ordering = ["-locked_at"]
        indexes = [models.Index(fields=["kind", "key", "locked_at"])]
        permissions = [
            (
                codename(codes.UNLOCK_LOGIN),
                _("Can unlock accounts and addresses locked after failed log-ins"),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"
