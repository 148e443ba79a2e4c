"""On PostgreSQL the sub-records of minutes refuse DELETE by trigger (R68,
``casework.audit.triggers``); nothing on SQLite."""

from django.db import migrations

from casework.audit import triggers


def install(apps, schema_editor):
    triggers.install_kept(apps, schema_editor.connection)


def remove(apps, schema_editor):
    triggers.remove_kept(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_delegation_order_chair_decisions_council_motions"),
    ]

    operations = [migrations.RunPython(install, remove)]
