"""The demo's memoranda and meetings, recorded through the meeting services.

Read from ``fixtures/meetings.toml`` by ``casework.demo``. A past meeting is
recorded in one go, from planning to the end of the appeal window, each step
inside ``clock.acting_at`` so that official dates are the historical ones; its
body and date are its natural key, and a meeting that exists is left as it is.
Each body's upcoming meeting is dated at load time, so that the demo always has
one to hold; any meeting of the body on or after today counts as it. It is
planned with its meeting flow started, so that sending the notice is the
secretary's first task.
"""

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from casework import clock
from casework.directory.models import Assignment, Person, User
from casework.meetings.deadlines import is_working_day
from casework.meetings.models import (
    AgendaItem,
    Meeting,
    Memorandum,
    Minutes,
    ProposedResolution,
    Statement,
)
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import proceedings, signing
from casework.meetings.services import statements as statement_services
from casework.registry import services as registry
from casework.registry.models import Case, Document, Register
from workflows.meeting import plan_meeting_and_start_flow

if TYPE_CHECKING:
    from casework.demo import Loader

STEP = datetime.timedelta(minutes=5)
PAPER_ARCHIVE = "Justerat protokoll i pappersform, {organisation}s arkiv {year}"
SEATS = list(meeting_services.SEAT_FOR_ROLE)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """``hour:minute`` on ``day``, Stockholm time, for ``clock.acting_at``."""
    moment = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(moment)


def seat_holders(organisation, day: datetime.date) -> list[Person]:
    """Everyone with a seat in the body on ``day``: all of them are called."""
    seats = Assignment.objects.active(day).filter(
        organisation=organisation, role__in=SEATS
    )
    return list(Person.objects.filter(assignments__in=seats).distinct())


def upcoming_day(today: datetime.date, days_ahead: int, weekday: int):
    """The first ``weekday`` (0 = Monday) at least ``days_ahead`` days away that
    is a working day (not a public holiday, nor Christmas or New Year's Eve)."""
    day = today + datetime.timedelta(days=days_ahead)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    while not is_working_day(day):
        day += datetime.timedelta(weeks=1)
    return day


def find_case(entry: dict) -> Case:
    return Case.objects.get(
        register__code=entry["register"], registration_number=entry["case"]
    )


class MeetingLoader:
    """Creates the memoranda and meetings that are missing, counting them."""

    def __init__(self, loader: "Loader"):
        self.loader = loader
        self.reason = loader.reason
        self.users: dict[str, User] = {}

    def run(self, data: dict) -> None:
        for entry in data.get("memoranda", []):
            self.memorandum(entry)
        for entry in data.get("meetings", []):
            self.meeting(entry)
        for entry in data.get("upcoming_meetings", []):
            self.upcoming_meeting(entry)

    def count(self, label: str) -> None:
        self.loader.result.created[label] += 1

    def user(self, username: str) -> User:
        if username not in self.users:
            self.users[username] = User.objects.get(username=username)
        return self.users[username]

    def person(self, name: str) -> Person:
        return self.loader.find_person(name)

    def party(self, code: str):
        return self.loader.find_party(code)

    # --- memoranda ---------------------------------------------------------------

    def memorandum(self, entry: dict) -> Memorandum:
        case = find_case(entry)
        existing = case.memoranda.filter(
            year=entry["year"],
            serial=entry.get("serial"),
            office_numeral=entry["office_numeral"],
        ).first()
        return self.loader.ensure(
            "memoranda", existing, lambda: self._draw_up(case, entry)
        )

    def _draw_up(self, case: Case, entry: dict) -> Memorandum:
        with clock.acting_at(at(entry["signed_on"], 12)):
            return proceedings.draw_up_memorandum(
                case=case,
                document=case.documents.get(public_description=entry["document"]),
                year=entry["year"],
                serial=entry.get("serial"),
                commissioner_office=self.loader.find_organisation(entry["office"]),
                office_numeral=entry["office_numeral"],
                rapporteur=self.person(entry["rapporteur"]),
                title=entry["title"],
                clauses=entry["clauses"],
                matter=entry["matter"].strip(),
                preparation=entry["preparation"].strip(),
                opinions=entry["opinions"].strip(),
                signed_on=entry["signed_on"],
                appendices="\n".join(entry["appendices"]),
                **optional(entry, "introduction"),
                actor=self.user(entry["drawn_up_by"]),
                reason=self.reason,
            )

    # --- meetings ----------------------------------------------------------------

    def meeting(self, entry: dict) -> Meeting:
        organisation = self.loader.find_organisation(entry["organisation"])
        existing = organisation.meetings.filter(held_on=entry["held_on"]).first()
        return self.loader.ensure(
            "meetings", existing, lambda: PastMeeting(self, entry).record()
        )

    def upcoming_meeting(self, entry: dict) -> Meeting:
        organisation = self.loader.find_organisation(entry["organisation"])
        today = timezone.localdate()
        existing = organisation.meetings.filter(held_on__gte=today).first()
        held_on = upcoming_day(today, entry["days_ahead"], entry["weekday"])
        return self.loader.ensure(
            "meetings",
            existing,
            lambda: self.plan(entry, held_on, with_flow=True)[0],
        )

    def plan(
        self, entry: dict, held_on, *, moment=None, with_flow=False
    ) -> tuple[Meeting, list]:
        """Plan the meeting, call everyone with a seat and set out the agenda. A
        past meeting's notice is sent at once; an upcoming meeting's flow starts
        and leaves the notice to the secretary."""
        secretary = self.user(entry["secretary"])
        organisation = self.loader.find_organisation(entry["organisation"])
        plan = (
            plan_meeting_and_start_flow if with_flow else meeting_services.plan_meeting
        )
        with clock.acting_at(moment or timezone.now()):
            meeting = plan(
                organisation=organisation,
                held_on=held_on,
                place=entry["place"],
                chair=self.person(entry["chair"]),
                secretary=secretary,
                actor=secretary,
                reason=self.reason,
            )
            for person in seat_holders(organisation, held_on):
                meeting_services.add_participant(
                    meeting=meeting, person=person, actor=secretary, reason=self.reason
                )
            items = [
                (self.agenda_item(meeting, item, secretary), item)
                for item in entry.get("items", [])
            ]
            if not with_flow:
                meeting_services.send_notice_of_meeting(
                    meeting=meeting, actor=secretary, reason=self.reason
                )
        return meeting, items

    def agenda_item(self, meeting: Meeting, entry: dict, actor) -> AgendaItem:
        case = find_case(entry) if "case" in entry else self.current_case(entry)
        self.count("agenda_items")
        return meeting_services.add_agenda_item(
            meeting=meeting,
            title=entry.get("title", case.title),
            case=case,
            proposal=self.proposal(case, entry, actor),
            appealable=entry.get("appealable", False),
            actor=actor,
            reason=self.reason,
        )

    def proposal(self, case: Case, entry: dict, actor):
        """The memorandum's proposal, or one drawn from the officer report."""
        if entry.get("proposal") == "memorandum":
            return case.memoranda.get().proposal
        report = case.documents.get(kind=Document.Kind.OFFICER_REPORT)
        existing = case.proposals.filter(document=report).first()
        if existing is not None:
            return existing
        self.count("proposals")
        return proceedings.propose_resolution(
            case=case,
            document=report,
            source=ProposedResolution.Source.OFFICER_REPORT,
            clauses=entry["clauses"],
            actor=actor,
            reason=self.reason,
        )

    def current_case(self, entry: dict) -> Case:
        """An open case of today for the upcoming meeting, with its report."""
        register = Register.objects.get(code=entry["register"])
        existing = (
            register.cases.filter(title=entry["title"])
            .exclude(status=Case.Status.CLOSED)
            .first()
        )
        return self.loader.ensure(
            "cases", existing, lambda: self._register_case(register, entry)
        )

    def _register_case(self, register: Register, entry: dict) -> Case:
        actor = self.loader.actor
        case = registry.register_case(
            register=register,
            title=entry["title"],
            classification=entry.get("classification", ""),
            actor=actor,
            reason=self.reason,
        )
        registry.assign_case_officer(
            case=case,
            officer=self.user(entry["case_officer"]),
            actor=actor,
            reason=self.reason,
        )
        self.count("documents")
        registry.register_document(
            case=case,
            direction=Document.Direction.DRAWN_UP,
            kind=Document.Kind.OFFICER_REPORT,
            title=entry["report_title"],
            public_description=entry["report_description"],
            body=entry["report"].strip(),
            actor=actor,
            reason=self.reason,
        )
        return case


class PastMeeting:
    """One meeting of the past, from planning to the end of the appeal window."""

    def __init__(self, loader: MeetingLoader, entry: dict):
        self.loader = loader
        self.entry = entry
        self.reason = loader.reason
        self.secretary = loader.user(entry["secretary"])
        self.held_on = entry["held_on"]
        self.approval_due_at = at(entry["approved_on"], 10)
        self.meeting: Meeting | None = None
        self.minutes: Minutes | None = None
        self.items: list[tuple[AgendaItem, dict]] = []
        self.statements: list[tuple[Statement, dict]] = []

    def record(self) -> Meeting:
        planned = at(self.entry["planned_on"], 13)
        self.meeting, self.items = self.loader.plan(
            self.entry, self.held_on, moment=planned
        )
        self.hold()
        self.write_statements()
        self.approve_minutes()
        self.file_extracts()
        self.post_notice()
        return self.meeting

    def act(self, moment, service, **arguments):
        """Call a meeting service as the secretary at ``moment``."""
        with clock.acting_at(moment):
            return service(actor=self.secretary, reason=self.reason, **arguments)

    # secretary, at the meeting
    def hold(self) -> None:
        start = at(self.held_on, 9)
        checkers = [self.loader.person(n) for n in self.entry["minutes_checkers"]]
        self.act(
            start,
            meeting_services.open_meeting,
            meeting=self.meeting,
            minutes_checkers=checkers,
            approval_due_at=self.approval_due_at,
        )
        for number, (item, entry) in enumerate(self.items):
            self.handle(item, entry, start + (2 + 4 * number) * STEP)
        self.act(
            at(self.held_on, 12), meeting_services.close_meeting, meeting=self.meeting
        )

    def handle(self, item: AgendaItem, entry: dict, moment) -> None:
        """Open the item, record the decision and the statements announced."""
        self.act(moment, meeting_services.open_item, item=item)
        self.act(
            moment + STEP,
            meeting_services.decide,
            item=item,
            decision_text=entry["decision"],
        )
        for statement in entry.get("statements", []):
            self.statements.append((self.announce(item, statement, moment), statement))

    def announce(self, item: AgendaItem, entry: dict, moment) -> Statement:
        self.loader.count("statements")
        return self.act(
            moment + 2 * STEP,
            statement_services.announce_statement,
            item=item,
            kind=entry["kind"],
            party=self.loader.party(entry["party"]),
            party_rendering=entry.get("party_rendering", ""),
            signatories=[self.loader.person(name) for name in entry["signatories"]],
            signatory_title=entry.get("signatory_title", ""),
        )

    # party secretaries, before the time set for approval (R16)
    def write_statements(self) -> None:
        with clock.acting_at(at(self.held_on, 15)):
            for statement, entry in self.statements:
                writer = self.loader.user(entry["written_by"])
                statement_services.write_statement(
                    statement=statement,
                    introduction=entry.get("introduction", ""),
                    clauses=entry.get("clauses", []),
                    text=entry.get("text", "").strip(),
                    refers_to=self.earlier_statement(statement, entry.get("refers_to")),
                    actor=writer,
                    reason=self.reason,
                )
                statement_services.submit_statement(
                    statement=statement, actor=writer, reason=self.reason
                )

    def earlier_statement(self, statement: Statement, reference: dict | None):
        """The statement referred to (R17d), in the same case."""
        if reference is None:
            return None
        return Statement.objects.get(
            item__case=statement.item.case,
            item__meeting__organisation__code=reference["organisation"],
            item__meeting__held_on=reference["held_on"],
            kind=reference["kind"],
            party__code=reference["party"],
        )

    # secretary, chair and checkers, after the meeting
    def approve_minutes(self) -> None:
        self.loader.count("minutes")
        self.minutes = self.act(
            self.approval_due_at - 12 * STEP,
            minutes_services.draw_up_minutes,
            meeting=self.meeting,
        )
        signers = [self.meeting.chair, *self.meeting.minutes_checkers.all()]
        for number, person in enumerate(signers):
            moment = self.approval_due_at + number * STEP
            # Minutes of these years were signed on paper; the secretary records
            # each signature with where the signed page is kept (R27).
            self.act(
                moment,
                signing.record_paper_signature,
                minutes=self.minutes,
                person=person,
                signed_on=timezone.localtime(moment).date(),
                reference=PAPER_ARCHIVE.format(
                    organisation=self.meeting.organisation.name,
                    year=self.held_on.year,
                ),
            )

    def file_extracts(self) -> None:
        """File each extract into its case. A case closed by an earlier load,
        from before the meetings were part of the demo, is left as it is."""
        for item, entry in self.items:
            if not entry.get("extract") or item.case.status == Case.Status.CLOSED:
                continue
            self.loader.count("documents")
            self.act(
                self.approval_due_at + 12 * STEP,
                minutes_services.file_extract,
                item=item,
            )

    def post_notice(self) -> None:
        """Post the notice of approval (R28) and, once the appeal window has
        passed, record its end (R30)."""
        if "notice_on" not in self.entry:
            return
        self.loader.count("notices")
        notice = self.act(
            at(self.entry["notice_on"], 9),
            minutes_services.post_notice,
            minutes=self.minutes,
            minutes_kept_at=self.entry["minutes_kept_at"],
        )
        window_ended = at(notice.appeal_last_day + datetime.timedelta(days=1), 9)
        if window_ended < timezone.now():
            self.act(
                window_ended, minutes_services.end_appeal_window, meeting=self.meeting
            )


def optional(entry: dict, *keys) -> dict:
    """The keys of ``entry`` that the data gives; the rest keep their defaults."""
    return {key: entry[key] for key in keys if key in entry}
