"""What the main menu offers the signed-in user."""

from django.contrib import admin

from permissions import publicity, rules
from permissions.lockouts import can_unlock_logins


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_audit": rules.can_audit(user),
        "nav_statements": rules.drafts_statements(user),
        "nav_requests": publicity.handles_any_requests(user),
        "nav_lockouts": can_unlock_logins(user),
        # the administration's own test: active staff users
        "nav_admin": admin.site.has_permission(request),
    }
