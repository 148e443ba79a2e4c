"""manage.py chain_history: add history rows written in bulk to the chain."""

from django.core.management.base import BaseCommand

from casework.audit import chain


class Command(BaseCommand):
    help = "Append history rows that are not yet in the tamper-evident chain."

    def handle(self, *args, **options):
        count = chain.chain_unlinked()
        self.stdout.write(f"{count} history rows added to the chain.")
