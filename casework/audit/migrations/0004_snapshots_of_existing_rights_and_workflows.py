"""The first snapshot of every user's rights, every group and every workflow
process and task that exists when the snapshot log begins; each waits for the
chain and is appended by the next write (or ``chain_history``)."""

from django.db import migrations

from casework.audit import snapshots

BEGUN = "snapshot log begun"
SUBJECTS = {
    "directory.user": ("directory", "User", snapshots.user_state),
    "auth.group": ("auth", "Group", snapshots.group_state),
    "viewflow.process": ("viewflow", "Process", snapshots.process_state),
    "viewflow.task": ("viewflow", "Task", snapshots.task_state),
}


def first_snapshots(apps, schema_editor):
    Snapshot = apps.get_model("audit", "Snapshot")
    PendingLink = apps.get_model("audit", "PendingLink")
    for subject, (app_label, name, state) in SUBJECTS.items():
        model = apps.get_model(app_label, name)
        for obj in model._base_manager.order_by("pk").iterator():
            snapshot = Snapshot.objects.create(
                subject=subject, object_id=str(obj.pk), state=state(obj), reason=BEGUN
            )
            PendingLink.objects.create(model="audit.snapshot", row_id=snapshot.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_chained_logs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("directory", "0001_initial"),
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0002_meeting_tasks_on_the_desk"),
    ]

    operations = [migrations.RunPython(first_snapshots, migrations.RunPython.noop)]
