from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "casework.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from django.db.models.signals import post_migrate

        from casework.audit import chain, snapshots, triggers

        chain.connect()
        snapshots.connect()
        post_migrate.connect(triggers.on_post_migrate, sender=self)
