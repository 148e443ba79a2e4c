"""How long a lock lasts and whose address a request comes from.

django-axes counts the failed log-ins; these are the settings it calls:
``AXES_COOLOFF_TIME`` (``cool_off``) and ``AXES_CLIENT_IP_CALLABLE``
(``client_address``).
"""

import datetime
import ipaddress

from axes.helpers import get_client_username
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from casework.signin.models import LoginLockout

# How long an earlier lock makes the next one longer.
LOCK_MEMORY = datetime.timedelta(hours=24)


def client_address(request) -> str | None:
    """The client's address: the peer's, or behind ``TRUSTED_PROXY_COUNT``
    proxies the entry the outermost of them wrote into the forwarding header.
    Entries left of it came from the client and are never trusted; a header
    missing that entry or holding no address falls back to the peer."""
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    header = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < proxies:
        return peer
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return peer


def lock_length(earlier_locks: int) -> datetime.timedelta:
    """The first lock lasts ``LOGIN_COOL_OFF``; each earlier lock within a day
    doubles it, up to ``LOGIN_COOL_OFF_MAX``."""
    doubling = min(max(earlier_locks, 0), 16)
    return min(settings.LOGIN_COOL_OFF * 2**doubling, settings.LOGIN_COOL_OFF_MAX)


def locks_within_a_day(username, address, now) -> tuple[int, int]:
    """How many locks the account and the address had in the last day."""
    counts = LoginLockout.objects.filter(
        Q(kind=LoginLockout.Kind.ACCOUNT, key=username or "")
        | Q(kind=LoginLockout.Kind.ADDRESS, key=address or ""),
        locked_at__gt=now - LOCK_MEMORY,
    ).aggregate(
        account=Count("pk", filter=Q(kind=LoginLockout.Kind.ACCOUNT)),
        address=Count("pk", filter=Q(kind=LoginLockout.Kind.ADDRESS)),
    )
    return counts["account"], counts["address"]


def cool_off_for(username, address, now=None) -> datetime.timedelta:
    """The window in which failures count, and so the length of a lock: the
    one the account or the address is in, or the next it would get."""
    account, by_address = locks_within_a_day(username, address, now or timezone.now())
    return lock_length(max(account, by_address) - 1)


def cool_off(request) -> datetime.timedelta:
    """``AXES_COOLOFF_TIME``: the cool-off for the username and address of
    ``request``."""
    if request is None:
        return settings.LOGIN_COOL_OFF
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    now = getattr(request, "axes_attempt_time", None)
    return cool_off_for(username, address, now)


def longest_cool_off() -> datetime.timedelta:
    return settings.LOGIN_COOL_OFF_MAX
