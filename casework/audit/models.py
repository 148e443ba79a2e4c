"""The tamper-evident chain over every history row and the logs it also holds (R83)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HistoryLink(models.Model):
    """One link of the chain: the SHA-256 of a history row's content and of the
    link before it. Altering, removing or reordering a history row by raw SQL
    breaks the chain at that row's position."""

    position = models.PositiveBigIntegerField(_("position"), unique=True)
    model = models.CharField(_("history model"), max_length=100)
    history_id = models.PositiveBigIntegerField(_("history row"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    previous = models.CharField(_("previous SHA-256"), max_length=64)

    class Meta:
        ordering = ["position"]
        verbose_name = _("history link")
        verbose_name_plural = _("history links")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "history_id"], name="audit_historylink_row_once"
            )
        ]

    def __str__(self):
        return f"{self.position} {self.model}#{self.history_id}"


class ChainHead(models.Model):
    """The single row that serialises appends to the chain (locked per append)."""

    position = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self):
        return f"{self.position} {self.digest[:12]}"


class ConfidentialRead(models.Model):
    """A read of a document under a confidentiality marking (V5, R83)."""

    document = models.ForeignKey(
        "registry.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="confidential_reads",
    )
    reader = models.ForeignKey(
        "directory.User",
        verbose_name=_("read by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)
    what = models.CharField(_("what was read"), max_length=100)

    class Meta:
        ordering = ["-read_at"]
        verbose_name = _("read of a confidential document")
        verbose_name_plural = _("reads of confidential documents")

    def __str__(self):
        return f"{self.reader} {self.document_id} {self.read_at:%Y-%m-%d %H:%M}"


class PendingLink(models.Model):
    """A chained row whose transaction committed before its link was appended.

    Written in the same transaction as the row itself, so a process that dies
    between the commit and the append leaves the row waiting here, not outside
    the chain; the next append (any later write, or ``chain_history``) takes it.
    """

    model = models.CharField(_("model"), max_length=100)
    row_id = models.PositiveBigIntegerField(_("row"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("row waiting for the chain")
        verbose_name_plural = _("rows waiting for the chain")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "row_id"], name="audit_pendinglink_row_once"
            )
        ]

    def __str__(self):
        return f"{self.model}#{self.row_id}"


class AccessGrant(models.Model):
    """One grant or withdrawal of a per-object permission: who, to whom, on
    what and why (V6: auditors read the access-grant log)."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("granted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    permission = models.CharField(_("permission"), max_length=100)
    user = models.ForeignKey(
        "directory.User",
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_pk = models.CharField(_("record"), max_length=255)
    actor = models.ForeignKey(
        "directory.User",
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")

    def __str__(self):
        return f"{self.action} {self.permission} {self.user_id} {self.object_pk}"


class Snapshot(models.Model):
    """The state of a record that has no history of its own, after each change:
    a user's rights (flags, groups, permissions), a group's permissions, a
    workflow process or task. ``state`` is the canonical text; empty once the
    record was removed."""

    subject = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64)
    state = models.TextField(_("state"), blank=True)
    actor = models.ForeignKey(
        "directory.User",
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        indexes = [
            models.Index(fields=["subject", "object_id"], name="audit_snapshot_subject")
        ]

    def __str__(self):
        return f"{self.subject}#{self.object_id} {self.recorded_at:%Y-%m-%d %H:%M}"


class ChainDecision(models.Model):
    """A decision to extend the chain although it was broken: who decided, why,
    and which breaks were accepted."""

    decided_by = models.CharField(_("decided by"), max_length=150)
    reason = models.TextField(_("reason"))
    accepted = models.TextField(_("breaks accepted"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("decision to extend a broken chain")
        verbose_name_plural = _("decisions to extend a broken chain")

    def __str__(self):
        return f"{self.decided_by} {self.decided_at:%Y-%m-%d %H:%M}"

    def accepted_breaks(self) -> set[str]:
        return {line for line in self.accepted.splitlines() if line}
