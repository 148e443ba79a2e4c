"""On PostgreSQL, history tables, the chain's links and the chained logs refuse
UPDATE and DELETE by trigger (``casework.audit.triggers``); nothing on SQLite."""

from django.db import migrations

from casework.audit import triggers


def install(apps, schema_editor):
    triggers.install(apps, schema_editor.connection)


def remove(apps, schema_editor):
    triggers.remove(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_snapshots_of_existing_rights_and_workflows"),
        ("directory", "0001_initial"),
        ("meetings", "0007_help_texts_cite_the_law"),
        ("referrals", "0004_referral_confidential_confirmed"),
        ("registry", "0005_register_classification_codes"),
    ]

    operations = [migrations.RunPython(install, remove)]
