"""Cases of the scale dataset: when and where each is registered, its number and
the life it has had since (officer assigned, decided, closed)."""

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from casework.bench import names
from casework.bench.directory import Department, Role, aware
from casework.bench.history import Change, stamp
from casework.directory.models import User
from casework.registry.models import Case, NumberSequence

FIRST_YEAR = 2008
LAST_DAY = datetime.date(2026, 10, 31)
YEARLY_GROWTH = 1.04
# Days from registration to assignment, from assignment to decision, and to closing.
STEP_DELAYS = [(1, 14), (14, 150), (3, 60)]
# Hours of the day for each kind of event, so that same-day events keep their order.
HOUR_REGISTERED = 8
HOUR_ASSIGNED = 10
HOUR_DISPATCHED = 13
HOUR_DECIDED = 14
HOUR_CLOSED = 15
TITLES = [
    "Remiss av {topic}",
    "Yttrande över {topic}",
    "Motion om {topic}",
    "Detaljplan för kv. {block} {n} vid {place}",
    "Ansökan om bygglov för kv. {block} {n}",
    "Medborgarförslag om {thing} vid {place}",
    "Skrivelse om {thing} i {place}",
    "Upphandling av {service}",
    "Begäran om utlämnande av allmän handling",
]


class Plan(NamedTuple):
    """Where and when a case is registered, and its number in that register-year."""

    department: int
    day: datetime.date
    sequence: int


class Story(NamedTuple):
    """The days a case was registered, got an officer, was decided and closed."""

    registered: datetime.date
    assigned: datetime.date | None
    decided: datetime.date | None
    closed: datetime.date | None

    @property
    def end(self) -> datetime.date:
        return self.closed or LAST_DAY


@dataclass
class Seeded:
    """A case being seeded, with what its documents need to know about it."""

    case: Case
    department: Department
    story: Story
    registrar: User
    officer: User | None


def plan_cases(rng: random.Random, departments: list, count: int) -> list[Plan]:
    """Registration days and numbers, in registration order: numbers run 1, 2, 3 …
    per register and year, following the days."""
    years = list(range(FIRST_YEAR, LAST_DAY.year + 1))
    chosen = rng.choices(
        range(len(departments)), [d.weight for d in departments], k=count
    )
    days = [
        _working_day(rng, year)
        for year in rng.choices(years, [_year_weight(y) for y in years], k=count)
    ]
    counters = Counter()
    plans = []
    for i in sorted(range(count), key=lambda i: (days[i], i)):
        counters[chosen[i], days[i].year] += 1
        plans.append(Plan(chosen[i], days[i], counters[chosen[i], days[i].year]))
    return plans


def _year_weight(year: int) -> float:
    weight = YEARLY_GROWTH ** (year - FIRST_YEAR)
    if year == LAST_DAY.year:
        weight *= LAST_DAY.timetuple().tm_yday / 365
    return weight


def _working_day(rng, year: int) -> datetime.date:
    first = datetime.date(year, 1, 2)
    last = min(datetime.date(year, 12, 30), LAST_DAY)
    day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def sequences(world, plans: list[Plan]) -> list[NumberSequence]:
    """The last number taken in each register-year, for services to continue."""
    last = {}
    for plan in plans:
        last[plan.department, plan.day.year] = plan.sequence
    return [
        NumberSequence(
            register=world.departments[department].register, year=year, last_value=value
        )
        for (department, year), value in sorted(last.items())
    ]


def build_case(rng, world, plan: Plan) -> Seeded:
    """A case as registered (open, no officer), stamped for its "+" history row."""
    department = world.departments[plan.department]
    story = _story(rng, plan.day)
    registrar = rng.choice(department.people(Role.REGISTRAR))
    officer = (
        rng.choice(department.people(Role.CASE_OFFICER)) if story.assigned else None
    )
    register = department.register
    case = Case(
        register=register,
        registration_number=register.format_number(
            year=plan.day.year, seq=plan.sequence
        ),
        year=plan.day.year,
        sequence=plan.sequence,
        title=_title(rng),
        organisation=department.organisation,
        registered_on=plan.day,
    )
    stamp(
        case,
        at=aware(plan.day, HOUR_REGISTERED, rng.randrange(60)),
        by=registrar,
        reason="registered",
    )
    return Seeded(case, department, story, registrar, officer)


def _story(rng, registered: datetime.date) -> Story:
    """Older cases are mostly closed; recent ones open, in progress or decided. A
    step that would fall after the last seeded day has not happened yet."""
    age = (LAST_DAY - registered).days / 365.25
    if rng.random() < min(0.93, 0.05 + 0.45 * age):
        stage = 3
    else:
        stage = rng.choices([0, 1, 2], [25, 55, 20])[0]
    days, day = [], registered
    for low, high in STEP_DELAYS[:stage]:
        day += datetime.timedelta(days=rng.randint(low, high))
        if day > LAST_DAY:
            break
        days.append(day)
    assigned, decided, closed = [*days, None, None, None][:3]
    return Story(registered, assigned, decided, closed)


def _title(rng) -> str:
    return rng.choice(TITLES).format(
        topic=rng.choice(names.TOPICS),
        block=rng.choice(names.BLOCKS),
        n=rng.randint(1, 40),
        place=rng.choice(names.PLACES),
        thing=rng.choice(names.THINGS),
        service=rng.choice(names.SERVICES),
    )


def case_changes(rng, seeded: Seeded) -> list[Change]:
    """The changes after registration, as the registry services would make them."""
    story, case, department = seeded.story, seeded.case, seeded.department
    changes = []
    if story.assigned:
        head = rng.choice(department.people(Role.HEAD_OF_DIVISION))
        changes.append(
            Change(
                case,
                aware(story.assigned, HOUR_ASSIGNED),
                head,
                "case officer assigned",
                {"case_officer": seeded.officer, "status": Case.Status.IN_PROGRESS},
            )
        )
    if story.decided:
        changes.append(
            Change(
                case,
                aware(story.decided, HOUR_DECIDED),
                seeded.officer,
                "decision recorded",
                {"status": Case.Status.DECIDED},
            )
        )
    if story.closed:
        changes.append(
            Change(
                case,
                aware(story.closed, HOUR_CLOSED),
                seeded.registrar,
                "closed",
                {"status": Case.Status.CLOSED, "closed_on": story.closed},
            )
        )
    return changes
