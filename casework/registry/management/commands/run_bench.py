"""``manage.py run_bench``: L1, L3 and D1 of QUALITY_BARS.md measured three ways
(ours, baseline, floor) on the seeded data; see ``casework.bench``."""

from django.core.management.base import BaseCommand

from casework.bench import report
from casework.bench.run import benchmark, describe


class Command(BaseCommand):
    help = "Measure the case list and case detail against baseline and floor."

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=200)
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument("--json", dest="json_path", metavar="PATH")

    def handle(self, *args, **opts):
        meta, rows = benchmark(
            iterations=max(1, opts["iterations"]),
            warmup=max(0, opts["warmup"]),
            progress=lambda text: self.stderr.write(f"measuring {text}"),
        )
        self.stdout.write(describe(meta))
        self.stdout.write("")
        self.stdout.write(report.table(rows))
        if opts["json_path"]:
            report.write_json(opts["json_path"], meta, rows)
            self.stdout.write(f"\nWrote {opts['json_path']}.")
