"""Admin conventions: no deletion anywhere, history on every change, and a reason
recorded for writes made in the admin."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class TrackedAdmin(SimpleHistoryAdmin):
    """Admin for a tracked model: changes are recorded, deletion is refused (R68)."""

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The page of an earlier version saves what is posted to it, also for
        someone who may only read the record (simple_history asks for the
        right to view only): a post needs the right to change."""
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = "changed in the administration"
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(TrackedAdmin):
    """Admin that only shows records whose only write path is a service."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register(model, admin_class=TrackedAdmin, **options):
    admin.site.register(model, type(f"{model.__name__}Admin", (admin_class,), options))
