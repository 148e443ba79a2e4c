"""manage.py verify_history: walk the tamper-evident chain of history rows."""

from django.core.management.base import BaseCommand, CommandError

from casework.audit import chain
from casework.audit.models import HistoryLink


class Command(BaseCommand):
    help = "Verify the SHA-256 chain over every history row; name the first break."

    def handle(self, *args, **options):
        findings = chain.verify()
        total = HistoryLink.objects.count()
        if not findings:
            self.stdout.write(f"OK: {total} history rows verified, chain intact.")
            return
        for finding in findings:
            self.stderr.write(str(finding))
        raise CommandError(
            f"{len(findings)} problem(s) in {total} chained history rows."
        )
