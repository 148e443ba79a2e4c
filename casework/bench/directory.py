"""The seeded city: organisations, parties, registers, users and their staff roles.

City-wide bodies (council, executive board, preparatory body and the executive
office), then committees each served by one department with one register. Case
volumes follow Zipf-like weights over the departments, so a few hold most cases;
staff numbers follow the same weights.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from casework.bench import names
from casework.bench.history import create_with_history, stamp
from casework.directory.models import Organisation, Party, StaffRole, User
from casework.registry.models import Register

Kind = Organisation.Kind
Role = StaffRole.Role
SEED_USERNAME = "seed.scale"
REASON = "seed_scale: directory"
ROLES_FROM = datetime.date(2008, 1, 1)
CITY_WIDE_BODIES = 4
AUDITORS = 3
FIXED_STAFF_PER_DEPARTMENT = 6  # registrar, two heads, secretary, two officers
ZIPF_EXPONENT = 1.1
ASCII = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")


@dataclass
class Department:
    """A department with its register, its case weight and its staff."""

    organisation: Organisation
    register: Register
    weight: float
    staff: dict = field(default_factory=dict)

    def people(self, role: str) -> list:
        return self.staff.get(role, [])


@dataclass
class World:
    actor: User
    departments: list[Department]


def minimum_users(organisations: int, parties: int) -> int:
    pairs = (organisations - CITY_WIDE_BODIES) // 2
    return AUDITORS + parties + FIXED_STAFF_PER_DEPARTMENT * (pairs + 1)


def build_world(rng: random.Random, *, organisations: int, users: int, parties: int):
    """Create the directory and the registers; return the departments."""
    actor = _seed_user()
    departments = _departments(rng, actor, organisations)
    party_rows = _parties(actor, parties)
    people = _People(rng)
    _city_wide_staff(people, party_rows)
    _department_staff(people, departments, users - len(people.planned))
    people.save(actor)
    return World(actor=actor, departments=departments)


def _seed_user() -> User:
    """The account the seeder acts as; its own history row names itself."""
    user = User(username=SEED_USERNAME, first_name="Seed", last_name="Scale")
    user.set_unusable_password()
    stamp(user, at=_directory_time(), by=user, reason=REASON)
    return create_with_history([user], User, actor=None, reason=REASON)[0]


def _directory_time() -> datetime.datetime:
    return aware(ROLES_FROM - datetime.timedelta(days=1), 9)


def _save(objs: list, model, actor) -> list:
    for obj in objs:
        stamp(obj, at=_directory_time(), by=actor, reason=REASON)
    return create_with_history(objs, model, actor=actor, reason=REASON)


def _departments(rng, actor, organisations: int) -> list[Department]:
    """The executive office serving the board, and one department serving each
    committee, each with its register."""
    rows = _committee_rows((organisations - CITY_WIDE_BODIES) // 2)
    committees = _save([_committee(row) for row in rows], Organisation, actor)
    served = [_bodies(actor), *committees]
    offices = [names.EXECUTIVE_OFFICE] + [
        (r[2], _department_name(r), r[4]) for r in rows
    ]
    departments = _save(
        [
            Organisation(code=code, name=name, kind=Kind.DEPARTMENT, serves=body)
            for (code, name, _prefix), body in zip(offices, served, strict=True)
        ],
        Organisation,
        actor,
    )
    registers = _save(
        [
            _register(department, prefix)
            for department, (_code, _name, prefix) in zip(
                departments, offices, strict=True
            )
        ],
        Register,
        actor,
    )
    weights = _zipf_weights(rng, len(departments))
    return [
        Department(*row) for row in zip(departments, registers, weights, strict=True)
    ]


def _bodies(actor) -> Organisation:
    """Council, executive board and preparatory body; returns the board."""
    bodies = [
        Organisation(code=names.COUNCIL[0], name=names.COUNCIL[1], kind=Kind.COUNCIL),
        Organisation(
            code=names.EXECUTIVE_BOARD[0],
            name=names.EXECUTIVE_BOARD[1],
            kind=Kind.EXECUTIVE_BOARD,
        ),
        Organisation(
            code=names.PREPARATORY_BODY[0],
            name=names.PREPARATORY_BODY[1],
            kind=Kind.PREPARATORY_BODY,
            decides=False,
        ),
    ]
    return _save(bodies, Organisation, actor)[1]


def _committee_rows(count: int) -> list[tuple]:
    rows = list(names.COMMITTEES[:count])
    for n in range(len(rows) + 1, count + 1):
        rows.append((f"n{n}", f"Nämnd {n}", f"f{n}", f"Förvaltning {n}", f"F{n}", 0))
    return rows


def _committee(row) -> Organisation:
    code, name, *_rest, district = row
    if district:
        return Organisation(
            code=code, name=f"{name} stadsdelsnämnd", kind=Kind.DISTRICT_COMMITTEE
        )
    return Organisation(code=code, name=name, kind=Kind.COMMITTEE)


def _department_name(row) -> str:
    return f"{row[3]} stadsdelsförvaltning" if row[5] else row[3]


def _register(office: Organisation, prefix: str) -> Register:
    """One register per department with numbers like T2016-01906."""
    return Register(
        organisation=office,
        code=office.code,
        name=f"{office.name}s diarium",
        number_format=prefix + "{year}-{seq:05}",
        number_pattern=prefix + r"(?P<year>\d{4})-(?P<seq>\d{5,})",
    )


def _zipf_weights(rng, count: int) -> list[float]:
    """Weights 1/rank^s over the departments in a seeded random order."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [1 / rank**ZIPF_EXPONENT for rank in ranks]


def _parties(actor, count: int) -> list[Party]:
    rows = list(names.PARTIES[:count])
    rows += [(f"P{n}", f"Parti {n}") for n in range(len(rows) + 1, count + 1)]
    return _save([Party(code=code, name=name) for code, name in rows], Party, actor)


def _city_wide_staff(people, parties: list[Party]) -> None:
    for _ in range(AUDITORS):
        people.add(Role.AUDITOR)
    for party in parties:
        people.add(Role.PARTY_SECRETARY, party=party)


def _department_staff(people, departments: list[Department], total: int) -> None:
    extra = total - FIXED_STAFF_PER_DEPARTMENT * len(departments)
    for department, share in zip(
        departments, _shares(extra, [d.weight for d in departments]), strict=True
    ):
        counts = {
            Role.REGISTRAR: 1 + share // 25,
            Role.HEAD_OF_DEPARTMENT: 1,
            Role.HEAD_OF_DIVISION: 1 + share // 12,
            Role.COMMITTEE_SECRETARY: 1,
        }
        counts[Role.CASE_OFFICER] = 2 + share - share // 25 - share // 12
        for role, count in counts.items():
            department.staff[role] = [
                people.add(role, organisation=department.organisation)
                for _ in range(count)
            ]


def _shares(total: int, weights: list[float]) -> list[int]:
    """Split total in proportion to weights; the remainder goes to the heaviest."""
    whole = sum(weights)
    shares = [int(total * w / whole) for w in weights]
    shares[weights.index(max(weights))] += total - sum(shares)
    return shares


class _People:
    """Users and staff roles planned in memory, then written in two bulk inserts."""

    def __init__(self, rng):
        self.rng = rng
        self.planned: list[tuple[User, StaffRole]] = []

    def add(self, role, *, organisation=None, party=None) -> User:
        first = self.rng.choice(names.FIRST_NAMES)
        last = self.rng.choice(names.LAST_NAMES)
        username = f"{first}.{last}.{len(self.planned) + 1}".translate(ASCII).lower()
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.invalid",
        )
        user.set_unusable_password()
        staff_role = StaffRole(
            role=role, organisation=organisation, party=party, valid_from=ROLES_FROM
        )
        self.planned.append((user, staff_role))
        return user

    def save(self, actor) -> None:
        users = _save([user for user, _role in self.planned], User, actor)
        for user, (_user, staff_role) in zip(users, self.planned, strict=True):
            staff_role.user = user
        _save([staff_role for _user, staff_role in self.planned], StaffRole, actor)


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment on ``day`` in the project's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )
