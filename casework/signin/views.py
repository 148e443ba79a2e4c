"""The administrator's page of log-in locks, and the page a locked-out visitor
sees."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.signin import policy, services
from casework.signin.forms import UnlockForm
from casework.signin.models import LoginLockout
from permissions.lockouts import can_unlock_logins


def _require_administrator(user) -> None:
    if not can_unlock_logins(user):
        raise Http404


@login_required
@require_safe
def lockout_list(request):
    _require_administrator(request.user)
    locks = services.open_locks().select_related("unlocked_by")
    return render(request, "signin/lockout_list.html", {"locks": locks})


@login_required
def unlock(request, pk):
    _require_administrator(request.user)
    lockout = get_object_or_404(LoginLockout, pk=pk)
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.unlock(
                lockout=lockout,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lock was lifted."))
            return redirect("signin:lockouts")
    context = {"form": form, "lockout": lockout}
    return render(request, "signin/unlock.html", context)


def _remaining_minutes(request) -> int:
    """Minutes until the locks on this username and address end at the latest."""
    now = timezone.now()
    username = request.POST.get("username", "")
    address = getattr(request, "axes_ip_address", None) or ""
    ends = (
        services.open_locks(now)
        .filter(
            Q(kind=LoginLockout.Kind.ACCOUNT, key=username)
            | Q(kind=LoginLockout.Kind.ADDRESS, key=address)
        )
        .aggregate(latest=Max("ends_at"))["latest"]
    )
    left = (ends - now) if ends else policy.cool_off(request)
    return max(1, math.ceil(left.total_seconds() / 60))


def locked_out(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the same page whether the username exists
    or not, and whether the account or the address is locked."""
    context = {"minutes": _remaining_minutes(request)}
    return render(request, "registration/locked_out.html", context, status=429)
