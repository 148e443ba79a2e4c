"""Who may see and lift the locks put after failed log-ins: staff of the
administration given the right (superusers have it)."""

from permissions import codes


def can_unlock_logins(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(codes.UNLOCK_LOGIN)
    )
