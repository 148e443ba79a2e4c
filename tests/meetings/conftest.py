"""A committee with thirteen members and substitutes, and a meeting to hold."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from casework import clock
from casework.directory import services as directory
from casework.directory.models import Assignment
from casework.history import save_tracked
from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import signing
from tests.builders import adopt_delegation_order, make_case, make_user

SET_UP = "test set-up"
PAPER_REFERENCE = "Justerat protokoll i pappersform, nämndens arkiv"
TERM = datetime.date(2015, 1, 1)


def seat(person, organisation, role, party, actor):
    directory.appoint(
        person=person,
        organisation=organisation,
        role=role,
        party=party,
        valid_from=TERM,
        actor=actor,
        reason=SET_UP,
    )


@pytest.fixture
def parties(system_user):
    def party(code, name):
        return directory.create_party(
            code=code, name=name, actor=system_user, reason=SET_UP
        )

    return SimpleNamespace(
        mp=party("MP", "Miljöpartiet de gröna"),
        s=party("S", "Socialdemokraterna"),
        m=party("M", "Moderaterna"),
        v=party("V", "Vänsterpartiet"),
    )


@pytest.fixture
def committee(city, parties, system_user):
    """Trafiknämnden: chair (MP), twelve more members, two substitutes."""
    people = []
    plan = (
        [("chair", parties.mp)]
        + [("member", parties.s)] * 6
        + [("member", parties.m)] * 5
        + [("member", parties.v), ("substitute", parties.mp), ("substitute", parties.m)]
    )
    for index, (role, party) in enumerate(plan, start=1):
        person = directory.create_person(
            first_name=f"Ledamot{index}",
            last_name="Exempel",
            actor=system_user,
            reason=SET_UP,
        )
        seat(person, city.trn, role, party, system_user)
        people.append(person)
    return SimpleNamespace(
        organisation=city.trn,
        chair=people[0],
        members=people[:13],
        v_member=people[12],
        substitutes=people[13:],
        parties=parties,
    )


@pytest.fixture
def secretary(city):
    from tests.builders import Role, make_staff

    return make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)


def approval_time(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@pytest.fixture
def meeting_day():
    """Today: the time for approval of the minutes lies ahead."""
    return timezone.localdate()


@pytest.fixture
def approval_day(meeting_day):
    return meeting_day + datetime.timedelta(days=7)


@pytest.fixture
def meeting(committee, secretary, meeting_day, approval_day):
    """A meeting in progress with every member and both substitutes present."""
    meeting = meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=meeting_day,
        place="Fleminggatan 4",
        chair=committee.chair,
        secretary=secretary,
        actor=secretary,
        reason=SET_UP,
    )
    for person in committee.members + committee.substitutes:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[committee.members[1]],
        approval_due_at=approval_time(approval_day),
        actor=secretary,
        reason=SET_UP,
    )
    return meeting


@pytest.fixture
def item(meeting, city, t_registrar, secretary):
    case = make_case(city.t_register, t_registrar, title="Internationell strategi")
    return meeting_services.add_agenda_item(
        meeting=meeting, title=case.title, case=case, actor=secretary, reason=SET_UP
    )


def participant(meeting, person):
    return meeting.participants.get(person=person)


Role = Assignment.Role


@pytest.fixture
def council(city, parties, system_user):
    """Kommunfullmäktige with twelve members: the chair (S), five more (S), five
    (M) and one (V)."""
    from tests.builders import Kind, make_organisation, make_staff
    from tests.builders import Role as StaffRole

    kf = make_organisation("kf", "Kommunfullmäktige", Kind.COUNCIL, actor=system_user)
    plan = [("chair", parties.s)] + [("member", parties.s)] * 5
    plan += [("member", parties.m)] * 5 + [("member", parties.v)]
    people = []
    for index, (role, party) in enumerate(plan, start=1):
        person = directory.create_person(
            first_name=f"Fullmäktige{index}",
            last_name="Exempel",
            actor=system_user,
            reason=SET_UP,
        )
        seat(person, kf, role, party, system_user)
        people.append(person)
    secretary = make_staff("sekreterare.kf", StaffRole.COMMITTEE_SECRETARY, kf)
    return SimpleNamespace(
        organisation=kf, chair=people[0], members=people, secretary=secretary
    )


def called_council_meeting(council, meeting_day, *titles):
    """A council meeting planned and called more than a week ahead with
    ``titles`` on its notice (R10); every member present."""
    secretary = council.secretary
    ahead = approval_time(meeting_day) - datetime.timedelta(days=8)
    with clock.acting_at(min(timezone.now(), ahead)):
        meeting = meeting_services.plan_meeting(
            organisation=council.organisation,
            held_on=meeting_day,
            place="Stadshuset",
            chair=council.chair,
            secretary=secretary,
            actor=secretary,
            reason=SET_UP,
        )
        for title in titles:
            meeting_services.add_agenda_item(
                meeting=meeting, title=title, actor=secretary, reason=SET_UP
            )
        meeting_services.send_notice_of_meeting(
            meeting=meeting, actor=secretary, reason=SET_UP
        )
    for person in council.members:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    return meeting


def open_on_its_day(meeting, body):
    """Open the meeting on its day; ``body.members[1]`` checks the minutes."""
    with clock.acting_at(max(timezone.now(), approval_time(meeting.held_on))):
        meeting_services.open_meeting(
            meeting=meeting,
            minutes_checkers=[body.members[1]],
            approval_due_at=approval_time(meeting.held_on + datetime.timedelta(days=7)),
            actor=body.secretary,
            reason=SET_UP,
        )
    return meeting


def council_meeting(council, meeting_day):
    """A council meeting in progress with every member present."""
    return open_on_its_day(called_council_meeting(council, meeting_day), council)


def open_council_item(council, meeting, case):
    """An item of ``case`` on the council's agenda, being handled."""
    item = meeting_services.add_agenda_item(
        meeting=meeting,
        title=case.title,
        case=case,
        actor=council.secretary,
        reason=SET_UP,
    )
    return meeting_services.open_item(item=item, actor=council.secretary, reason=SET_UP)


def sign_on_paper(minutes, *people):
    """The secretary records that ``people`` signed the printed minutes today
    (R27)."""
    for person in people:
        signing.record_paper_signature(
            minutes=minutes,
            person=person,
            signed_on=timezone.localdate(),
            reference=PAPER_REFERENCE,
            actor=minutes.meeting.secretary,
            reason=SET_UP,
        )


def login_for(person, username):
    """A login for a politician who is in the directory without one."""
    user = make_user(username, first_name=person.first_name, last_name=person.last_name)
    person.user = user
    save_tracked(person, actor=user, reason=SET_UP)
    return user


# --- minutes waiting for signatures (R24, R27) ------------------------------


def draw_up(meeting, item):
    """The item decided, the meeting closed, the minutes drawn up and the time
    set for approval reached."""
    secretary = meeting.secretary
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=secretary, reason=SET_UP
    )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        approval_due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    minutes.meeting.refresh_from_db()
    return minutes


@pytest.fixture
def drawn_up(meeting, item):
    return draw_up(meeting, item)


@pytest.fixture
def chair_user(committee):
    return login_for(committee.chair, "ordforande.trn")


@pytest.fixture
def checker_user(committee):
    return login_for(committee.members[1], "justerare.trn")


@pytest.fixture
def member_user(committee):
    return login_for(committee.members[5], "ledamot.trn")


@pytest.fixture
def delegation_order(committee, secretary):
    """Trafiknämnden's delegation order, adopted in 2015, with the points its
    delegated decisions in the tests cite (R46)."""
    return adopt_delegation_order(committee.organisation, secretary)
