"""The Stockholm reference and demo data, loaded through the services.

The data lives in ``fixtures/stockholm.toml`` (with the files its ``[load]
include`` names, such as ``meetings.toml``) and the seed texts in
``fixtures/seeds/``. Every record is written by a service with one reason, so it
has a history row like any other change; what happened in the past is recorded
inside ``clock.acting_at`` at its historical time. The load is idempotent: each
record is looked up by its natural key first and only created when missing.
"""

import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from casework import clock
from casework.demo_administration import AdministrationLoader
from casework.demo_board import BoardReferralLoader
from casework.demo_delegation import DelegationLoader
from casework.demo_markings import mark
from casework.demo_meetings import MeetingLoader, at
from casework.demo_publicity import PublicityLoader
from casework.demo_referrals import ReferralLoader
from casework.demo_terms import demo_terms
from casework.directory import services as directory
from casework.directory.models import (
    Assignment,
    Organisation,
    Party,
    PartyDesignation,
    Person,
    StaffRole,
    User,
)
from casework.history import save_tracked
from casework.registry import services as registry
from casework.registry.models import (
    Case,
    CaseLink,
    Document,
    Register,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DATA_FILE = FIXTURES / "stockholm.toml"
SEEDS = FIXTURES / "seeds"


@dataclass
class DemoUser:
    username: str
    description: str


@dataclass
class Result:
    """What a load created, by kind of record, and the demo users to print."""

    created: Counter = field(default_factory=Counter)
    users: list[DemoUser] = field(default_factory=list)

    @property
    def anything_created(self) -> bool:
        return any(self.created.values())


def read_data(path: Path) -> dict:
    """The data file with the files named by its ``[load] include`` added:
    their lists are appended and their tables merged."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for name in data.get("load", {}).get("include", []):
        for key, value in read_data(path.parent / name).items():
            if isinstance(value, list):
                data.setdefault(key, []).extend(value)
            elif key != "load":
                data.setdefault(key, {}).update(value)
    return data


def load(*, password: str, data_file: Path = DATA_FILE) -> Result:
    """Load the demo data; records that already exist are left as they are."""
    data = read_data(data_file)
    with transaction.atomic():
        loader = Loader(data["load"], password=password)
        loader.run(data)
    return loader.result


def split_name(full_name: str) -> tuple[str, str]:
    """("Maria", "Östberg Svanelind") from "Maria Östberg Svanelind"."""
    first, _, last = full_name.partition(" ")
    return first, last


def seed_text(name: str, after: str = "") -> str:
    """A seed text as stored, or only the part after the marker ``after``."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    if after:
        text = text.split(after, 1)[1]
    return text.strip()


class Loader:
    """Creates what is missing, counting what it creates: as the system user,
    and in the meetings as the demo users whose roles the acts need."""

    def __init__(self, header: dict, *, password: str):
        self.result = Result()
        self.reason = header["reason"]
        self.password = password
        self.hashed_password = ""
        self.actor = self._system_user(header["actor"])
        self.people: dict[str, Person] = {}
        self.organisations: dict[str, Organisation] = {}
        self.parties: dict[str, Party] = {}

    def run(self, data: dict) -> None:
        """Load each section that the data file has, in dependency order. The
        meetings come after the cases they handle and before the cases close,
        because their extracts are filed into them."""
        for party in data.get("parties", []):
            self.party(party)
        for organisation in data.get("organisations", []):
            self.organisation(organisation)
        administration = AdministrationLoader(self)
        for group in data.get("groups", []):
            administration.group(group)
        entries = data.get("users", [])
        users = {entry["person"]: self.user(entry) for entry in entries}
        for name, details in data.get("people", {}).items():
            self.people[name] = self.person(name, details, users.get(name))
        for entry in entries:
            self.staff_roles(users[entry["person"]], entry.get("roles", []))
            administration.admit(users[entry["person"]], entry.get("groups", []))
        for group in data.get("seats", []):
            self.seats(group)
        for register in data.get("registers", []):
            self.register(register)
        cases = [(self.case(entry), entry) for entry in data.get("cases", [])]
        MeetingLoader(self).run(data)
        ReferralLoader(self).run(data)
        if data.get("referrals"):
            BoardReferralLoader(self).run()
            PublicityLoader(self).run()
        DelegationLoader(self).run(data)
        for case, entry in cases:
            self.close(case, entry.get("closed_on"))

    def ensure(self, label: str, existing, create):
        """``existing`` if there is one, else ``create()``, counted under label."""
        if existing is not None:
            return existing
        self.result.created[label] += 1
        return create()

    # --- directory -------------------------------------------------------------

    def _system_user(self, username: str) -> User:
        """The account the load acts as; it is recorded as its own creator."""

        def create():
            user = User(username=username, first_name="System", last_name="Konto")
            user.set_unusable_password()
            return save_tracked(user, actor=user, reason=self.reason)

        existing = User.objects.filter(username=username).first()
        return self.ensure("users", existing, create)

    def party(self, entry: dict) -> Party:
        party = self.ensure(
            "parties",
            Party.objects.filter(code=entry["code"]).first(),
            lambda: directory.create_party(
                code=entry["code"],
                name=entry["name"],
                actor=self.actor,
                reason=self.reason,
            ),
        )
        for designation in entry.get("designations", []):
            self.designation(party, designation)
        self.parties[party.code] = party
        return party

    def designation(self, party: Party, entry: dict) -> PartyDesignation:
        existing = PartyDesignation.objects.filter(
            party=party, code=entry["code"], valid_from=entry["valid_from"]
        ).first()
        return self.ensure(
            "party_designations",
            existing,
            lambda: directory.add_party_designation(
                party=party,
                code=entry["code"],
                name=entry["name"],
                valid_from=entry["valid_from"],
                valid_to=entry.get("valid_to"),
                actor=self.actor,
                reason=self.reason,
            ),
        )

    def organisation(self, entry: dict) -> Organisation:
        fields = dict(entry)
        if "serves" in fields:
            fields["serves"] = self.find_organisation(fields["serves"])
        organisation = self.ensure(
            "organisations",
            Organisation.objects.filter(code=entry["code"]).first(),
            lambda: directory.create_organisation(
                actor=self.actor, reason=self.reason, **fields
            ),
        )
        self.statement_rules(organisation, entry)
        self.organisations[organisation.code] = organisation
        return organisation

    def statement_rules(self, organisation: Organisation, entry: dict) -> None:
        """Bring a body loaded earlier in line with the data's rules on special
        statements (its reglemente, R18)."""
        wanted = entry.get(
            "special_statements", Organisation.SpecialStatements.NOT_ALLOWED
        )
        if organisation.special_statements == wanted:
            return
        self.result.created["organisation_rules"] += 1
        directory.update_organisation_rules(
            organisation=organisation,
            special_statements=wanted,
            substitutes_may_record_opinion=organisation.substitutes_may_record_opinion,
            actor=self.actor,
            reason=self.reason,
        )

    def user(self, entry: dict) -> User:
        self.result.users.append(DemoUser(entry["username"], entry["description"]))
        first_name, last_name = split_name(entry["person"])
        return self.ensure(
            "users",
            User.objects.filter(username=entry["username"]).first(),
            lambda: directory.create_user(
                username=entry["username"],
                first_name=first_name,
                last_name=last_name,
                email=f"{entry['username']}@example.invalid",
                password=None,
                hashed_password=self.password_hash(),
                actor=self.actor,
                reason=self.reason,
            ),
        )

    def password_hash(self) -> str:
        """The demo password, hashed once for every new demo user: the hashing
        is slow on purpose, and the password is printed anyway."""
        if not self.hashed_password:
            self.hashed_password = make_password(self.password)
        return self.hashed_password

    def person(self, name: str, details: dict, user: User | None) -> Person:
        first_name, last_name = split_name(name)
        existing = Person.objects.filter(
            first_name=first_name, last_name=last_name
        ).first()
        if existing is not None and user is not None and existing.user_id is None:
            self.result.created["accounts_linked"] += 1
            return directory.link_user(
                person=existing, user=user, actor=self.actor, reason=self.reason
            )
        return self.ensure(
            "people",
            existing,
            lambda: directory.create_person(
                first_name=first_name,
                last_name=last_name,
                user=user,
                actor=self.actor,
                reason=self.reason,
                **details,
            ),
        )

    def staff_roles(self, user: User, roles: list[dict]) -> None:
        for entry in roles:
            scope = {
                "organisation": self.find_organisation(entry.get("organisation")),
                "party": self.find_party(entry.get("party")),
            }
            existing = StaffRole.objects.filter(
                user=user, role=entry["role"], **scope
            ).first()
            self.ensure(
                "staff_roles",
                existing,
                lambda entry=entry, scope=scope: directory.grant_staff_role(
                    user=user,
                    role=entry["role"],
                    valid_from=entry["valid_from"],
                    actor=self.actor,
                    reason=self.reason,
                    **scope,
                ),
            )

    def seats(self, group: dict) -> None:
        """A group of seats for its period, or for the current term of office
        (``term = "current"``, with the next one in its last month), dated from
        today."""
        organisation = self.find_organisation(group["organisation"])
        if group.get("term") == "current":
            periods = [
                {"valid_from": start, "valid_to": end}
                for start, end in demo_terms(clock.today())
            ]
        else:
            periods = [
                {"valid_from": group["valid_from"], "valid_to": group.get("valid_to")}
            ]
        for period in periods:
            for name, party_code, role in group["seats"]:
                person = self.find_person(name)
                self.seat(person, organisation, role, party_code, period)

    def seat(self, person, organisation, role, party_code, period) -> Assignment:
        seats = Assignment.objects.filter(
            person=person, organisation=organisation, role=role
        )
        existing = seats.filter(valid_from=period["valid_from"]).first()
        if existing is None:
            self.end_open_seat(seats, period["valid_from"])
        return self.ensure(
            "assignments",
            existing,
            lambda: directory.appoint(
                person=person,
                organisation=organisation,
                role=role,
                party=self.find_party(party_code),
                actor=self.actor,
                reason=self.reason,
                **period,
            ),
        )

    def end_open_seat(self, seats, new_from: datetime.date) -> None:
        """An open-ended seat of an earlier load ends before the new period."""
        for seat in seats.filter(valid_to__isnull=True, valid_from__lt=new_from):
            self.result.created["assignments_ended"] += 1
            directory.end_assignment(
                assignment=seat,
                ended_on=new_from - datetime.timedelta(days=1),
                actor=self.actor,
                reason=self.reason,
            )

    def find_organisation(self, code: str | None) -> Organisation | None:
        if code and code not in self.organisations:
            self.organisations[code] = Organisation.objects.get(code=code)
        return self.organisations[code] if code else None

    def find_party(self, code: str | None) -> Party | None:
        if code and code not in self.parties:
            self.parties[code] = Party.objects.get(code=code)
        return self.parties[code] if code else None

    def find_person(self, name: str) -> Person:
        if name not in self.people:
            first_name, last_name = split_name(name)
            self.people[name] = Person.objects.get(
                first_name=first_name, last_name=last_name
            )
        return self.people[name]

    # --- registry --------------------------------------------------------------

    def register(self, entry: dict) -> Register:
        fields = dict(entry, organisation=self.find_organisation(entry["organisation"]))
        return self.ensure(
            "registers",
            Register.objects.filter(code=entry["code"]).first(),
            lambda: registry.create_register(
                actor=self.actor, reason=self.reason, **fields
            ),
        )

    def case(self, entry: dict) -> Case:
        """The case with its documents, officer and link; closing comes later."""
        register = Register.objects.get(code=entry["register"])
        with clock.acting_at(at(entry["registered_on"], 8)):
            case = self.ensure(
                "cases",
                register.cases.filter(registration_number=entry["number"]).first(),
                lambda: registry.import_case(
                    register=register,
                    registration_number=entry["number"],
                    title=entry["title"],
                    registered_on=entry["registered_on"],
                    actor=self.actor,
                    reason=self.reason,
                ),
            )
            self.case_officer(case, entry.get("case_officer"))
            self.link(case, entry.get("link_to"))
        for document in entry.get("documents", []):
            self.document(case, document)
        return case

    def case_officer(self, case: Case, username: str | None) -> None:
        if username is None or case.case_officer_id is not None:
            return
        officer = User.objects.get(username=username)
        registry.assign_case_officer(
            case=case, officer=officer, actor=self.actor, reason=self.reason
        )

    def link(self, case: Case, target: dict | None) -> None:
        if target is None:
            return
        to_case = Case.objects.get(
            register__code=target["register"], registration_number=target["number"]
        )
        self.ensure(
            "case_links",
            CaseLink.objects.filter(from_case=case, to_case=to_case).first(),
            lambda: registry.link_cases(
                from_case=case,
                to_case=to_case,
                kind=target["kind"],
                actor=self.actor,
                reason=self.reason,
            ),
        )

    def close(self, case: Case, closed_on: datetime.date | None) -> None:
        if closed_on is None or case.status == Case.Status.CLOSED:
            return
        with clock.acting_at(at(closed_on, 16)):
            registry.close_case(
                case=case, closed_on=closed_on, actor=self.actor, reason=self.reason
            )

    def document(self, case: Case, entry: dict) -> Document:
        """A document registered on its date; one made official by an act
        (decided, dispatched) is registered by that act at the end of the day."""
        existing = case.documents.filter(
            public_description=entry["description"]
        ).first()
        with clock.acting_at(at(entry["dated"], 16 if "official" in entry else 8)):
            document = self.ensure(
                "documents", existing, lambda: self._register_document(case, entry)
            )
        if "confidentiality" in entry:
            mark(self, document, entry["confidentiality"])
        return document

    def _register_document(self, case: Case, entry: dict) -> Document:
        if "seed" in entry:
            body = seed_text(entry["seed"], entry.get("seed_after", ""))
        else:
            body = entry["body"].strip()
        return registry.register_document(
            case=case,
            direction=entry["direction"],
            kind=entry["kind"],
            dated=entry["dated"],
            title=entry["title"],
            public_description=entry["description"],
            protected_description=entry.get("protected_description", ""),
            counterpart=entry.get("counterpart", ""),
            body=body,
            official_because=entry.get("official", ""),
            actor=self.actor,
            reason=self.reason,
        )
