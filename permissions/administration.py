"""Who administers the directory and who acts for the data load and the
scheduled jobs.

The directory (organisations, parties, people, seats, logins, staff roles and
the groups of rights in the administration) is changed only by:

* a superuser, who may do anything in the administration anyway; and
* the system account: the account named ``SYSTEM_USERNAME`` that cannot log
  in (it has no usable password). The demo load and the scheduled jobs act as
  it; since nobody can sign in as it, no page acts for it.

Nobody else, not even the system administrator who lifts log-in locks: whoever
may appoint people and grant roles may give themselves any access.

The system account also enters the registry records that the load brings from
the data files (``may_load_records``) and runs the referrals' scheduled jobs
(``may_run_jobs``).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from permissions import codes, rules

SYSTEM_USERNAME = "system"


def is_system_account(user) -> bool:
    """The account the data load and the scheduled jobs act as."""
    return bool(
        user is not None
        and user.pk is not None
        and user.is_active
        and user.username == SYSTEM_USERNAME
        and not user.has_usable_password()
    )


def can_administer_directory(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or is_system_account(user)


def require_directory_administrator(user) -> None:
    if not can_administer_directory(user):
        raise PermissionDenied(
            _("Only the system's administrators change the directory.")
        )


def may_load_records(user) -> bool:
    """The load enters records brought from the data files (registers, old
    cases, links and markings) as the system account."""
    return is_system_account(user)


def may_run_jobs(user) -> bool:
    """The scheduled jobs (reminders, overdue referrals) run as the system
    account."""
    return is_system_account(user)


def require_job_runner(user, *, or_referral_handler: bool = False) -> None:
    """Refuse anyone but the system account; with ``or_referral_handler``, also
    let a referring office's staff run the job, as the referral flow does for
    the referrals they prepared."""
    handles = or_referral_handler and codes.DECIDE_EXTENSION in (
        rules.task_permission_scopes(user)
    )
    if not (may_run_jobs(user) or handles):
        raise PermissionDenied(_("Only the system's scheduled jobs do this."))
