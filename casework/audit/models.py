"""The tamper-evident chain over every history row (R83)."""

from django.db import models
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
