"""``manage.py seed_scale --cases N``: the deterministic scale dataset for benchmarks.

Fills an empty database (see ``casework.bench.seed``); on a database it already
seeded with at least N cases it says so and does nothing.
"""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from casework.bench.seed import (
    DEFAULT_SEED,
    Options,
    Progress,
    already_seeded,
    history_rows,
    seed,
)


class Command(BaseCommand):
    help = "Seed a deterministic dataset of N cases with documents and history."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--organisations", type=int, default=50)
        parser.add_argument("--users", type=int, default=2000)
        parser.add_argument("--parties", type=int, default=8)

    def handle(self, *args, **opts):
        options = Options(
            cases=opts["cases"],
            seed=opts["seed"],
            organisations=opts["organisations"],
            users=opts["users"],
            parties=opts["parties"],
        )
        options.check()
        if already_seeded(options.cases):
            self.stdout.write(f"Already seeded with at least {options.cases} cases.")
            return
        progress = Progress(self.stderr)
        # Query logging under DEBUG would double the work of every bulk insert.
        with override_settings(DEBUG=False):
            seed(options, progress)
        self.stdout.write(
            f"Seeded {options.cases} cases in {progress.elapsed:.0f} s "
            f"({progress.cpu:.0f} s of CPU); "
            f"{history_rows()} history rows."
        )
