"""manage.py chain_history: add rows written in bulk to the chain.

Over a broken chain it refuses, unless the breaks are accepted explicitly with
a reason; the decision, with who took it and the breaks it accepts, is logged
and chained itself.
"""

import getpass

from django.core.management.base import BaseCommand, CommandError

from casework.audit import chain
from casework.audit.models import ChainDecision


class Command(BaseCommand):
    help = (
        "Append rows that are not yet in the tamper-evident chain. Refuses over "
        "a broken chain unless given --accept-breaks with --reason."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accept-breaks",
            action="store_true",
            help="Extend the chain although verify_history finds problems; "
            "the decision is logged and chained.",
        )
        parser.add_argument("--reason", default="", help="Why the breaks are accepted.")
        parser.add_argument(
            "--by", default="", help="Who decides (default: the operating-system user)."
        )

    def handle(self, *args, accept_breaks=False, reason="", by="", **options):
        breaks = [f for f in chain.verify() if f.problem != chain.UNCHAINED]
        if breaks:
            self._accept(breaks, accept_breaks, reason.strip(), by or getpass.getuser())
        count = chain.chain_unlinked()
        self.stdout.write(f"{count} rows added to the chain.")

    def _accept(self, breaks, accept, reason, by):
        for finding in breaks:
            self.stderr.write(str(finding))
        if not accept:
            raise CommandError(
                f"The chain is broken ({len(breaks)} problem(s)); nothing was "
                "chained. To extend it anyway, give --accept-breaks and --reason."
            )
        if not reason:
            raise CommandError("--accept-breaks needs a --reason.")
        decision = ChainDecision.objects.create(
            decided_by=by, reason=reason, accepted="\n".join(str(f) for f in breaks)
        )
        self.stdout.write(
            f"Decision {decision.pk} by {by} accepts {len(breaks)} problem(s)."
        )
