"""The write path for log-in locks: recording a new lock, and lifting one."""

import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.history import save_tracked
from casework.signin import notices, policy
from casework.signin.models import LoginLockout
from permissions.lockouts import can_unlock_logins

Kind = LoginLockout.Kind
LOCKED = "locked after failed log-ins"


def open_locks(now=None):
    """The locks not lifted and not yet over."""
    return LoginLockout.objects.filter(
        unlocked_at__isnull=True, ends_at__gt=now or timezone.now()
    )


@transaction.atomic
def record_lockouts(
    *,
    username: str | None,
    address: str | None,
    account_failures: int,
    address_failures: int,
    at: datetime.datetime,
    account_limit: int,
) -> list[LoginLockout]:
    """Record the locks that the failure at ``at`` started: of the account when
    it reached its limit, of the address when it reached its own; one record
    per lock, however many attempts it refuses."""
    _queue_behind_other_locks(username, address)
    wanted = []
    if username and account_failures >= account_limit:
        wanted.append((Kind.ACCOUNT, username, account_failures))
    if address and address_failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        wanted.append((Kind.ADDRESS, address, address_failures))
    account, by_address = policy.locks_within_a_day(username, address, at)
    new = [entry for entry in wanted if not _is_open(entry[0], entry[1], at)]
    for kind, _key, _failures in new:
        account += kind == Kind.ACCOUNT
        by_address += kind == Kind.ADDRESS
    ends_at = at + policy.lock_length(max(account, by_address) - 1)
    locks = [
        save_tracked(
            LoginLockout(
                kind=kind, key=key, failures=failures, locked_at=at, ends_at=ends_at
            ),
            actor=None,
            reason=LOCKED,
        )
        for kind, key, failures in new
    ]
    for lock in locks:
        if lock.kind == Kind.ACCOUNT:
            notices.tell_account_holder(lock)
    return locks


def _queue_behind_other_locks(username, address) -> None:
    """Row-lock the failed attempts of this username and address, in one
    order, so that of two failures reaching the limit at once the second
    records its lock only after the first, and then finds it open."""
    attempts = AccessAttempt.objects.filter(
        Q(username=username or "") | Q(ip_address=address or None)
    )
    list(attempts.select_for_update().order_by("pk").values_list("pk", flat=True))


def _is_open(kind, key, at) -> bool:
    return open_locks(at).filter(kind=kind, key=key).exists()


@transaction.atomic
def unlock(*, lockout: LoginLockout, actor, reason: str) -> LoginLockout:
    """Lift a lock before it ends: its failures are cleared and the lock records
    who lifted it and why. Of two administrators lifting one lock at once, the
    second is told it is already lifted."""
    if not can_unlock_logins(actor):
        raise PermissionDenied(_("Only an administrator can unlock log-ins."))
    lockout = LoginLockout.objects.select_for_update().get(pk=lockout.pk)
    if lockout.unlocked_at is not None:
        raise ValidationError(
            _("This lock was already unlocked by someone else."),
            code="already_unlocked",
        )
    if lockout.kind == Kind.ACCOUNT:
        reset(username=lockout.key)
    else:
        reset(ip=lockout.key)
    lockout.unlocked_at = timezone.now()
    lockout.unlocked_by = actor
    lockout.unlock_reason = reason
    return save_tracked(lockout, actor=actor, reason=reason)
