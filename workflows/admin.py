"""The workflow records in the administration: shown, never changed or deleted.

viewflow registers its own admin for processes and tasks, which lets a superuser
delete them; a process and its tasks are the record of who did what in a case
(R68), so they are replaced here by admins that only show them.
"""

from django.contrib import admin
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin
from viewflow.workflow.models import Process, Task


class ShowOnly:
    """No adding, changing or deleting, one record or many."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProcessRecordAdmin(ShowOnly, ProcessAdmin):
    pass


class TaskRecordAdmin(ShowOnly, TaskAdmin):
    pass


for model, model_admin in ((Process, ProcessRecordAdmin), (Task, TaskRecordAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
