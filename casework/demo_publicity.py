"""Public access in the current year (R63, R64, R66, R67), loaded by
``casework.demo`` after the meetings, through the services:

- a letter to trafikkontoret about snow clearing, with a passage on the
  writer's health, marked confidential and masked in a copy (R65, R66);
- two anonymous requests for it: one answered with the masked copy, where the
  requester asked for a decision and got one with how to appeal, and one still
  open on the registrar's list (R63);
- the officer report for trafiknämnden's coming meeting published ahead of the
  meeting, while still a draft, and so listed on the notice board (R64);
- a meeting of trafiknämnden three weeks ago whose minutes are approved and on
  the notice board, with a closed paragraph on a disabled parking permit marked
  secret: the published minutes mask it (R67).

Each record is found by its natural key first (the letter case's title in the
year, the request's description, the meeting's secret case), so a second load
creates nothing. All FIKTIV.
"""

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from casework import clock
from casework.demo_meetings import MeetingLoader, PastMeeting, at
from casework.directory.models import User
from casework.meetings.deadlines import is_working_day
from casework.meetings.models import Meeting
from casework.publicity.models import Assessment, DocumentRequest
from casework.publicity.services import disclosure
from casework.publicity.services import requests as services
from casework.registry import services as registry
from casework.registry.models import Case, Document, Register

if TYPE_CHECKING:
    from casework.demo import Loader

REGISTRAR = "registrator.tk"
HEALTH = "OSL 21 kap. 1 §"
LETTER_CASE = "Snöröjning av gångbanor på Hornsgatan"
SECRET = (
    "Jag har en hjärtsjukdom och en rullator och kan inte ta mig fram när "
    "gångbanan inte är plogad."
)
LETTER = (
    "Hej!\n\nJag bor på Hornsgatan och ber trafikkontoret att ploga gångbanan "
    "mellan Ringvägen och Hornstull tidigare på morgonen. "
    f"{SECRET}\n\nMed vänlig hälsning, en boende på Hornsgatan"
)
ANSWERED = "Skrivelsen om snöröjning på Hornsgatan som kom in i vintras"
OPEN = "Alla skrivelser om snöröjning på Södermalm i år"
GROUNDS = (
    "Skrivelsen lämnas ut med undantag för uppgifterna om brevskrivarens hälsa. "
    "Det kan antas att hon lider betydande men om uppgifterna röjs."
)
PERMIT_CASE = "Omprövning av parkeringstillstånd för rörelsehindrad"
OPEN_CASE = "Hastighetsgräns 30 km/tim på Ringvägen"
PERMIT_DECISION = (
    "Trafiknämnden beviljar parkeringstillstånd för rörelsehindrad till den "
    "sökande, som på grund av sin diagnos inte kan gå längre än 50 meter."
)


def meeting_day(today: datetime.date) -> datetime.date:
    """A working Thursday at least three weeks ago: its minutes are approved and
    the notice is on the board, with the appeal window still running."""
    day = today - datetime.timedelta(days=21)
    day -= datetime.timedelta(days=(day.weekday() - 3) % 7)
    while not is_working_day(day):
        day -= datetime.timedelta(weeks=1)
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


class PublicityLoader:
    def __init__(self, loader: "Loader"):
        self.loader = loader
        self.reason = loader.reason
        self.registrar = User.objects.get(username=REGISTRAR)
        self.register = Register.objects.get(code="tk")
        self.today = timezone.localdate()

    def count(self, label: str) -> None:
        self.loader.result.created[label] += 1

    def run(self) -> None:
        letter = self.letter()
        rendition = letter.masked_renditions.first() or self.mask(letter)
        self.answered_request(letter, rendition)
        self.open_request()
        self.publish_meeting_paper()
        self.meeting_with_a_secret_paragraph()

    # --- the letter and its masked copy (R65, R66) ---------------------------------

    def letter(self) -> Document:
        case = self.register.cases.filter(
            title=LETTER_CASE, year=self.start.year
        ).first()
        if case is not None:
            return case.documents.get()
        return self._register_letter()

    @property
    def start(self) -> datetime.date:
        return meeting_day(self.today) - datetime.timedelta(days=14)

    def _register_letter(self) -> Document:
        self.count("cases")
        self.count("documents")
        with clock.acting_at(at(self.start, 10)):
            case = registry.register_case(
                register=self.register,
                title=LETTER_CASE,
                registered_on=self.start,
                actor=self.registrar,
                reason=self.reason,
            )
            letter = registry.register_document(
                case=case,
                direction=Document.Direction.INCOMING,
                title="Skrivelse om snöröjning",
                public_description="Skrivelse från en boende om snöröjning",
                counterpart="Privatperson",
                body=LETTER,
                actor=self.registrar,
                reason=self.reason,
            )
            registry.mark_confidential(
                document=letter,
                provision=HEALTH,
                marked_on=self.start,
                authority=case.organisation,
                note="Uppgifter om brevskrivarens hälsa.",
                actor=self.registrar,
                reason=self.reason,
            )
        return letter

    def mask(self, letter: Document):
        self.count("masked renditions")
        with clock.acting_at(at(self.start + datetime.timedelta(days=2), 9)):
            return disclosure.create_masked_rendition(
                document=letter,
                marked_text=LETTER.replace(SECRET, f"[[{SECRET}]]"),
                default_provision=HEALTH,
                actor=self.registrar,
                reason=self.reason,
            )

    # --- requests (R63) ----------------------------------------------------------

    def answered_request(self, letter: Document, rendition) -> None:
        if DocumentRequest.objects.filter(asked_for=ANSWERED).exists():
            return
        self.count("requests")
        received = at(self.start + datetime.timedelta(days=2), 8, 40)
        with clock.acting_at(received):
            request = services.receive_request(
                organisation=letter.case.organisation,
                asked_for=ANSWERED,
                registration_number=letter.case.registration_number,
            )
        with clock.acting_at(received + datetime.timedelta(hours=3, minutes=5)):
            services.assess_document(
                request=request,
                document=letter,
                outcome=Assessment.Outcome.MASKED,
                provision=HEALTH,
                rendition=rendition,
                actor=self.registrar,
                reason=self.reason,
            )
            services.answer_request(
                request=request,
                answer="Här är skrivelsen. Uppgifterna om hälsa är maskerade.",
                actor=self.registrar,
                reason=self.reason,
            )
        with clock.acting_at(received + datetime.timedelta(days=1)):
            services.ask_for_decision(request=request)
        with clock.acting_at(received + datetime.timedelta(days=2, hours=1)):
            services.decide_refusal(
                request=request,
                grounds=GROUNDS,
                actor=self.registrar,
                reason=self.reason,
            )

    def open_request(self) -> None:
        if DocumentRequest.objects.filter(asked_for=OPEN).exists():
            return
        self.count("requests")
        received = timezone.now() - datetime.timedelta(hours=26)
        with clock.acting_at(received):
            services.receive_request(
                organisation=self.register.organisation,
                asked_for=OPEN,
                requester_name="Sara Reporter",
                requester_contact="sara.reporter@example.invalid",
            )

    # --- meeting papers published ahead of the meeting (R64) -------------------------

    def publish_meeting_paper(self) -> None:
        meeting = Meeting.objects.filter(
            organisation__code="trn", held_on__gte=self.today
        ).first()
        if meeting is None:
            return
        for item in meeting.items.exclude(case=None):
            report = item.case.documents.filter(
                kind=Document.Kind.OFFICER_REPORT, published=False
            ).first()
            if report is not None:
                self.count("published documents")
                disclosure.publish_document(
                    document=report, actor=self.registrar, reason=self.reason
                )

    # --- published minutes with a secret paragraph (R67) -----------------------------

    def meeting_with_a_secret_paragraph(self) -> None:
        if Meeting.objects.filter(items__case__title=PERMIT_CASE).exists():
            return
        held_on = meeting_day(self.today)
        cases = [
            self.case_with_report(title, held_on) for title in (OPEN_CASE, PERMIT_CASE)
        ]
        approved_on = next_working_day(held_on + datetime.timedelta(days=6))
        entry = {
            "organisation": "trn",
            "held_on": held_on,
            "planned_on": held_on - datetime.timedelta(days=14),
            "place": "Fleminggatan 4",
            "secretary": "sekreterare.trn",
            "chair": "Moa Demoberg",
            "minutes_checkers": ["Alva Demoberg"],
            "approved_on": approved_on,
            "notice_on": approved_on,
            "minutes_kept_at": "Trafikkontoret, Fleminggatan 4",
            "items": [
                self.item(cases[0], "Trafiknämnden inför 30 km/tim på Ringvägen."),
                self.item(cases[1], PERMIT_DECISION),
            ],
        }
        self.count("meetings")
        meeting = PastMeeting(MeetingLoader(self.loader), entry).record()
        secret = meeting.items.get(case=cases[1])
        with clock.acting_at(at(approved_on, 11)):
            disclosure.mark_paragraph_secret(
                item=secret,
                provision=HEALTH,
                actor=meeting.secretary,
                reason=self.reason,
            )

    def item(self, case: Case, decision: str) -> dict:
        return {
            "register": "tk",
            "case": case.registration_number,
            "proposal": "officer_report",
            "clauses": [decision],
            "decision": decision,
        }

    def case_with_report(self, title: str, held_on: datetime.date) -> Case:
        registered = held_on - datetime.timedelta(days=28)
        self.count("cases")
        with clock.acting_at(at(registered, 10)):
            case = registry.register_case(
                register=self.register,
                title=title,
                registered_on=registered,
                actor=self.registrar,
                reason=self.reason,
            )
            registry.register_document(
                case=case,
                direction=Document.Direction.DRAWN_UP,
                kind=Document.Kind.OFFICER_REPORT,
                title=title,
                public_description=f"Tjänsteutlåtande: {title}",
                body=f"Trafikkontoret föreslår att nämnden beslutar i ärendet {title}.",
                actor=self.registrar,
                reason=self.reason,
            )
        return case
