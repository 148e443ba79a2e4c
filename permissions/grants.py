"""The only writer of per-object permissions (django-guardian rows).

Grants are exceptions to role-wide access: a confidential document opened to a
named officer, a case handed to another department. Every grant and withdrawal
is logged with who gave it and why (``AccessGrant``, chained with the history);
``verify_history`` names a permission that has no logged grant.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from casework.audit.models import AccessGrant
from casework.history import require_reason, save_tracked
from permissions import codes, rules


def _log(action, *, permission, to_user, obj, actor, reason) -> AccessGrant:
    require_reason(reason)
    if actor is None or actor.pk is None:
        raise ValueError("Every grant names who gives it.")
    if not rules.can_mark_confidential(actor, obj):
        raise PermissionDenied(
            _(
                "Only the registrars and heads of the handling organisation open a "
                "confidential document to someone."
            )
        )
    return save_tracked(
        AccessGrant(
            action=action,
            permission=codes.codename(permission),
            user=to_user,
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=str(obj.pk),
            actor=actor,
            reason=reason,
        ),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def open_confidential_document(*, document, to_user, actor, reason: str) -> None:
    """Let one named user read a confidentially marked document."""
    _log(
        AccessGrant.Action.GRANTED,
        permission=codes.VIEW_CONFIDENTIAL_DOCUMENT,
        to_user=to_user,
        obj=document,
        actor=actor,
        reason=reason,
    )
    assign_perm(codes.VIEW_CONFIDENTIAL_DOCUMENT, to_user, document)


@transaction.atomic
def close_confidential_document(*, document, to_user, actor, reason: str) -> None:
    """Withdraw a user's exceptional access to a confidential document."""
    _log(
        AccessGrant.Action.WITHDRAWN,
        permission=codes.VIEW_CONFIDENTIAL_DOCUMENT,
        to_user=to_user,
        obj=document,
        actor=actor,
        reason=reason,
    )
    remove_perm(codes.VIEW_CONFIDENTIAL_DOCUMENT, to_user, document)
