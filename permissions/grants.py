"""The only writer of per-object permissions (django-guardian rows).

Grants are exceptions to role-wide access: a confidential document opened to a
named officer, a case handed to another department.
"""

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from permissions import codes


@transaction.atomic
def open_confidential_document(*, document, to_user, actor, reason: str) -> None:
    """Let one named user read a confidentially marked document."""
    if not reason:
        raise ValueError("A reason is required for every grant.")
    assign_perm(codes.VIEW_CONFIDENTIAL_DOCUMENT, to_user, document)


@transaction.atomic
def close_confidential_document(*, document, to_user, actor, reason: str) -> None:
    """Withdraw a user's exceptional access to a confidential document."""
    if not reason:
        raise ValueError("A reason is required for every grant.")
    remove_perm(codes.VIEW_CONFIDENTIAL_DOCUMENT, to_user, document)
