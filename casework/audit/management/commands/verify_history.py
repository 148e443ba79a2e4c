"""manage.py verify_history: walk the tamper-evident chain, compare the live
records with their last recorded state, and name every problem."""

from django.core.management.base import BaseCommand, CommandError

from casework.audit import chain
from casework.audit.models import ChainHead, HistoryLink


class Command(BaseCommand):
    help = (
        "Verify the SHA-256 chain over every history and log row and compare "
        "each live record with its last recorded state; name every problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            help="A chain head kept outside the database, as POSITION:SHA-256 "
            "(the last line of an earlier run); the chain must still hold it.",
        )

    def handle(self, *args, head=None, **options):
        findings = chain.verify()
        if head:
            findings += chain.check_head(head)
        for line in sorted(chain.accepted()):
            self.stdout.write(f"accepted by a recorded decision: {line}")
        waiting = chain.waiting()
        if waiting:
            self.stdout.write(f"{waiting} rows committed and waiting for the chain.")
        total = HistoryLink.objects.count()
        if findings:
            for finding in findings:
                self.stderr.write(str(finding))
            raise CommandError(f"{len(findings)} problem(s) in {total} chained rows.")
        self.stdout.write(f"OK: {total} chained rows verified, chain intact.")
        current = ChainHead.objects.filter(pk=1).first()
        if current is not None:
            self.stdout.write(f"head {current.position}:{current.digest}")
