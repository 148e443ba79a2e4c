"""The administration shows workflow records but never deletes them (issue 10,
point 6; R68): a superuser cannot hard-delete a process or a task."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from viewflow.workflow.models import Process, Task

from casework.directory.models import User
from tests.builders import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    user = make_user("admin.it")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.mark.parametrize("model", [Process, Task])
def test_the_admin_of_workflow_records_grants_no_deletion(model, superuser):
    """Issue 10.6: no add, change or delete permission, no bulk action."""
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="admin.it")
    model_admin = admin.site._registry[model]
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_add_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_a_superuser_cannot_delete_a_process_or_its_tasks(process, superuser):
    """Issue 10.6: the delete pages and the bulk delete refuse a superuser."""
    task = process.task_set.first()
    for model, pk in ((Process, process.pk), (Task, task.pk)):
        name = f"admin:viewflow_{model._meta.model_name}_delete"
        url = reverse(name, args=[pk])
        assert superuser.get(url).status_code == 403
        assert superuser.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:viewflow_task_changelist")
    response = superuser.post(
        changelist, {"action": "delete_selected", "_selected_action": [task.pk]}
    )
    assert response.status_code in (200, 302)
    assert Process.objects.filter(pk=process.pk).exists()
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_superuser_can_still_read_a_process_and_a_task(process, superuser):
    """Issue 10.6: the records stay readable in the administration."""
    task = process.task_set.first()
    for name, pk in (
        ("admin:viewflow_process_change", process.pk),
        ("admin:viewflow_task_change", task.pk),
    ):
        assert superuser.get(reverse(name, args=[pk])).status_code == 200
