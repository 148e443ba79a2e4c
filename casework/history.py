"""The one way a service saves a tracked model: validated, with actor and reason.

Every domain model carries ``simple_history``; the history row records who acted
(``history_user``) and why (``history_change_reason``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def save_tracked(obj: models.Model, *, actor, reason: str, validate: bool = True):
    """Validate ``obj`` and save it so that its history row names actor and reason."""
    require_reason(reason)
    _refuse_read_only(actor)
    if validate:
        obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason
    obj.save()
    return obj


def require_reason(reason) -> None:
    """A recorded change says why (R83): a reason with at least one letter or
    digit, not blank, not only spaces or punctuation. Every write path reaches
    this through ``save_tracked``; the service's transaction then writes
    nothing."""
    if not isinstance(reason, str) or not any(c.isalnum() for c in reason):
        raise field_error(
            "reason",
            _("State the reason for the change in words."),
            code="reason_required",
        )


def _refuse_read_only(actor) -> None:
    """Auditors read everything official and change nothing, on any path."""
    from permissions import rules

    if actor is not None and actor.pk is not None and rules.is_read_only(actor):
        raise PermissionDenied(_("Auditors can read but not change records."))


class DeletionRefused(PermissionDenied):
    """Raised on any attempt to hard-delete a record the archive law protects (R68)."""

    default_message = _(
        "Cases and official documents cannot be deleted. Records may only be "
        "disposed of under a recorded disposal decision (Arkivlagen)."
    )

    def __init__(self, message=None):
        super().__init__(message or self.default_message)


class UndeletableQuerySet(models.QuerySet):
    """A queryset whose ``delete()`` refuses instead of removing rows."""

    def delete(self):
        raise DeletionRefused()

    delete.queryset_only = True


class Undeletable(models.Model):
    """Mixin for records that no code path may hard-delete (R68)."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused()


def field_error(field: str, message, *, code: str) -> ValidationError:
    """A ValidationError on one form field that keeps its code."""
    return ValidationError({field: ValidationError(message, code=code)})
