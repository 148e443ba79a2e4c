"""The one way a service saves a tracked model: validated, with actor and reason.

Every domain model carries ``simple_history``; the history row records who acted
(``history_user``) and why (``history_change_reason``). The bases of the records
themselves stand below, in ``casework.records``.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.directory.access import is_read_only
from casework.records import field_error


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
    if actor is not None and actor.pk is not None and is_read_only(actor):
        raise PermissionDenied(_("Auditors can read but not change records."))
