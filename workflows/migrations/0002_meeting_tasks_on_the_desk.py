"""The meeting flow's human tasks move to the task desk: each names the
permission its rule asks of the committee secretary's role, so that the desk's
lists find the tasks already stored."""

from django.db import migrations

MEETING_FLOW = "workflows/meeting.MeetingFlow"
HUMAN_NODES = ("send_notice", "hold_meeting", "draw_up_minutes", "post_notice")
KEEP_MINUTES = "workflows.keep_minutes"


def _tasks(apps):
    task = apps.get_model("viewflow", "Task")
    refs = [f"{MEETING_FLOW}.{node}" for node in HUMAN_NODES]
    return task.objects.filter(flow_task__in=refs)


def name_the_permission(apps, schema_editor):
    _tasks(apps).update(owner_permission=KEEP_MINUTES)


def forget_the_permission(apps, schema_editor):
    _tasks(apps).filter(owner_permission=KEEP_MINUTES).update(owner_permission=None)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="meetingprocess",
            options={
                "default_permissions": ("add", "change", "delete", "view", "manage"),
                "permissions": [
                    ("keep_minutes", "Can carry out the meeting's tasks")
                ],
                "verbose_name": "meeting process",
                "verbose_name_plural": "meeting processes",
            },
        ),
        migrations.RunPython(name_the_permission, forget_the_permission),
    ]
