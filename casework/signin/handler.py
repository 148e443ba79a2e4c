"""django-axes's database handler with what it does not do itself.

``AXES_LOCKOUT_PARAMETERS`` counts failures per username (from every address)
and per address (over every username). Added here:

- an address has its own, higher limit (``LOGIN_ADDRESS_FAILURE_LIMIT``), so
  colleagues behind one office address are not locked out by a few typing
  errors while spraying many usernames from one address is;
- the lock grows (``policy.cool_off``), so failures are kept for the longest
  lock instead of being cleared after the current request's cool-off;
- a successful log-in clears the failures of its account only, never those of
  its address, which a sprayer holding an account could otherwise reset;
- each new lock is recorded (``LoginLockout``) and its account holder told.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import (
    get_client_username,
    get_failure_limit,
    get_lockout_parameters,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from casework.signin import policy, services


def _name(parameter) -> str:
    return parameter if isinstance(parameter, str) else "+".join(parameter)


class AccountAndAddressHandler(AxesDatabaseHandler):
    def failures_by_parameter(self, request, credentials=None) -> dict[str, int]:
        """Failures within the cool-off, per lockout parameter."""
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        return {
            _name(parameter): (
                queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            )
            for parameter, queryset in zip(parameters, attempts, strict=True)
        }

    def get_failures(self, request, credentials=None) -> int:
        counts = self.failures_by_parameter(request, credentials)
        by_account = counts.get("username", 0)
        if counts.get("ip_address", 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        already_locked = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or already_locked or not request.axes_locked_out:
            return
        counts = self.failures_by_parameter(request, credentials)
        services.record_lockouts(
            username=get_client_username(request, credentials),
            address=request.axes_ip_address,
            account_failures=counts.get("username", 0),
            address_failures=counts.get("ip_address", 0),
            at=request.axes_attempt_time or timezone.now(),
            account_limit=get_failure_limit(request, credentials),
        )

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        threshold = timezone.now() - policy.longest_cool_off()
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        return count
