"""The scale dataset of QUALITY_BARS.md, seeded deterministically.

The same options give the same organisations, people, numbers, titles and
histories on every run (``random.Random(seed)``; only the unusable passwords'
random strings differ). The data stands for a register in use since 2008: every
history row carries the moment its change was made.

The seeder fills an empty database: it adds nothing to a database that already
holds cases or organisations, and a database it has already seeded with at least
as many cases is left as it is.
"""

import random
import time
from dataclasses import dataclass

from django.apps import apps
from django.core.management.base import CommandError
from django.db import transaction

from casework.bench.cases import build_case, case_changes, plan_cases, sequences
from casework.bench.directory import SEED_USERNAME, build_world, minimum_users
from casework.bench.documents import build_documents
from casework.bench.history import BATCH_SIZE, create_with_history, record_changes
from casework.directory.models import Organisation, User
from casework.registry.models import (
    Case,
    ConfidentialityMarking,
    Document,
    DocumentVersion,
    NumberSequence,
)

DEFAULT_SEED = 20161017
REASON = "seed_scale"
HISTORY_APPS = ("directory", "registry")


@dataclass(frozen=True)
class Options:
    cases: int
    seed: int = DEFAULT_SEED
    organisations: int = 50
    users: int = 2000
    parties: int = 8

    def check(self) -> None:
        if self.cases < 1 or self.parties < 1 or self.organisations < 6:
            raise CommandError("Need at least 1 case, 1 party and 6 organisations.")
        needed = minimum_users(self.organisations, self.parties)
        if self.users < needed:
            raise CommandError(f"These organisations and parties need {needed} users.")


def already_seeded(cases: int) -> bool:
    """True if an earlier run seeded at least ``cases`` cases; refuses a database
    with other data or with a smaller or unfinished seeding."""
    found = Case.objects.count()
    if not found and not Organisation.objects.exists():
        return False
    seeded = User.objects.filter(username=SEED_USERNAME).exists()
    if seeded and found >= cases and NumberSequence.objects.exists():
        return True
    raise CommandError(
        f"seed_scale fills an empty database; this one holds {found} cases"
        f"{' from an earlier, smaller or unfinished seeding' if seeded else ''}. "
        "Delete the database (or point DATABASE_URL at a new one), migrate, and run "
        "seed_scale again."
    )


def seed(options: Options, progress) -> None:
    """Seed the directory, then the cases in batches, then the number counters."""
    rng = random.Random(options.seed)
    with transaction.atomic():
        world = build_world(
            rng,
            organisations=options.organisations,
            users=options.users,
            parties=options.parties,
        )
    plans = plan_cases(rng, world.departments, options.cases)
    for start in range(0, len(plans), BATCH_SIZE):
        with transaction.atomic():
            _seed_cases(rng, world, plans[start : start + BATCH_SIZE])
        progress.show(min(start + BATCH_SIZE, len(plans)), len(plans))
    with transaction.atomic():
        NumberSequence.objects.bulk_create(sequences(world, plans))


def _seed_cases(rng, world, plans) -> None:
    actor = world.actor
    seeded = [build_case(rng, world, plan) for plan in plans]
    create_with_history([s.case for s in seeded], Case, actor=actor, reason=REASON)
    changes = [change for s in seeded for change in case_changes(rng, s)]
    made = [m for s in seeded for m in build_documents(rng, s)]
    record_changes(Case, changes, actor=actor, reason=REASON)
    _save_documents(made, actor)


def _save_documents(made, actor) -> None:
    create_with_history(
        [m.document for m in made], Document, actor=actor, reason=REASON
    )
    create_with_history(
        [m.version for m in made], DocumentVersion, actor=actor, reason=REASON
    )
    markings = [m.marking for m in made if m.marking]
    create_with_history(markings, ConfidentialityMarking, actor=actor, reason=REASON)
    changes = [change for m in made for change in m.changes]
    for model in (Document, DocumentVersion):
        mine = [change for change in changes if isinstance(change.obj, model)]
        record_changes(model, mine, actor=actor, reason=REASON)


def history_models() -> list:
    """The history models of the apps the seeder fills."""
    return [
        model
        for label in HISTORY_APPS
        for model in apps.get_app_config(label).get_models()
        if model.__name__.startswith("Historical")
    ]


def history_rows() -> int:
    return sum(model.objects.count() for model in history_models())


class Progress:
    """ "cases 40000/100000 (40 %), 12 s" on a command's stderr: one updating line
    on a terminal, a line per batch otherwise."""

    def __init__(self, out):
        self.out = out
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def cpu(self) -> float:
        """CPU seconds of this process: steadier than wall time on a shared host."""
        return time.process_time() - self.cpu_started

    def show(self, done: int, total: int) -> None:
        line = f"cases {done}/{total} ({100 * done // total} %), {self.elapsed:.0f} s"
        if self.out.isatty():
            self.out.write(f"\r{line}", ending="\n" if done == total else "")
        else:
            self.out.write(line)
        self.out.flush()
