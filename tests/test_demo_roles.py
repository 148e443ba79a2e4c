"""Every role of the remiss round trip has a demo account in the current term
(issue 9, point 2): staff, the bodies' chairs, vice chairs, minutes checkers and
members, the rapporteur commissioner; the README lists them all."""

import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import STATUS

from casework import clock
from casework.demo_meetings import at
from casework.demo_terms import current_term, demo_terms
from casework.directory.models import Assignment, Organisation, Party, StaffRole, User
from casework.meetings.deadlines import is_working_day
from casework.meetings.models import Meeting, Statement
from casework.meetings.rendering import statement_heading
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import statements as statement_services
from permissions import rules
from workflows.meeting import MeetingFlow
from workflows.models import MeetingProcess

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
Seat = Assignment.Role
BODIES = ("ks", "brb", "trn", "expn")
REASON = "test"
# Who carries each staff role of the round trip, and where.
STAFF_CHAIN = [
    (Role.REGISTRAR, "slk"),
    (Role.REGISTRAR, "tk"),
    (Role.REGISTRAR, "expk"),
    (Role.REGISTRAR, "sbk"),
    (Role.CASE_OFFICER, "slk"),
    (Role.CASE_OFFICER, "tk"),
    (Role.CASE_OFFICER, "expk"),
    (Role.CASE_OFFICER, "sbk"),
    (Role.HEAD_OF_DIVISION, "expk"),
    (Role.HEAD_OF_DEPARTMENT, "tk"),
    (Role.HEAD_OF_DEPARTMENT, "expk"),
    (Role.COMMITTEE_SECRETARY, "ks"),
    (Role.COMMITTEE_SECRETARY, "brb"),
    (Role.COMMITTEE_SECRETARY, "trn"),
    (Role.COMMITTEE_SECRETARY, "expn"),
]
REGISTRARS = {
    "registrator": "Kommunstyrelsens diarium",
    "registrator.tk": "Trafikkontorets diarium",
    "registrator.expk": "Exploateringskontorets diarium",
    "registrator.sbk": "Stadsbyggnadskontorets diarium",
}
README = settings.BASE_DIR / "README.md"


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load shared by the module's tests, rolled back when they are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def user(username: str) -> User:
    return User.objects.get(username=username)


def seats_today(code: str):
    return Assignment.objects.active(timezone.localdate()).filter(
        organisation__code=code
    )


def upcoming(code: str) -> Meeting:
    return Meeting.objects.get(
        organisation__code=code, held_on__gte=timezone.localdate()
    )


def demo_usernames() -> set[str]:
    return set(
        User.objects.filter(email__endswith="@example.invalid").values_list(
            "username", flat=True
        )
    )


def readme_demo_usernames() -> list[str]:
    """The first column of the README's table of demo users."""
    text = README.read_text(encoding="utf-8")
    table = text.split("| username | who |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)


def log_in(client, username: str):
    response = client.post(
        reverse("login"),
        {"username": username, "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302, username
    return client


# --- the term ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "term"),
    [
        ("2026-12-05", ("2026-10-15", "2030-10-14")),
        ("2026-10-15", ("2026-10-15", "2030-10-14")),
        ("2026-10-14", ("2022-10-15", "2026-10-14")),
        ("2028-01-01", ("2026-10-15", "2030-10-14")),
        ("2030-10-15", ("2030-10-15", "2034-10-14")),
    ],
)
def test_the_current_term_runs_four_years_from_15_october_of_the_election_year_R2(
    today, term
):
    day = datetime.date.fromisoformat(today)
    assert current_term(day) == tuple(map(datetime.date.fromisoformat, term))


def test_in_the_last_month_of_a_term_the_demo_seats_the_next_term_as_well_R2():
    def day(text):
        return datetime.date.fromisoformat(text)

    assert demo_terms(day("2026-12-05")) == [(day("2026-10-15"), day("2030-10-14"))]
    assert demo_terms(day("2030-09-20")) == [
        (day("2026-10-15"), day("2030-10-14")),
        (day("2030-10-15"), day("2034-10-14")),
    ]


def test_the_demo_seats_of_the_current_term_are_dated_from_today_R2(demo):
    start, end = current_term(timezone.localdate())
    for code in BODIES:
        seats = seats_today(code)
        assert seats.exists(), code
        assert set(seats.values_list("valid_from", "valid_to")) == {(start, end)}


# --- every role has an account -----------------------------------------------------


def test_every_staff_role_of_the_round_trip_has_an_account_that_works_today(demo):
    active = StaffRole.objects.active(timezone.localdate())
    for role, code in STAFF_CHAIN:
        holders = active.filter(role=role, organisation__code=code)
        assert holders.filter(user__is_active=True).exists(), (role, code)
    for party in ("S", "M", "MP", "V"):
        assert active.filter(role=Role.PARTY_SECRETARY, party__code=party).exists()
    assert active.filter(role=Role.AUDITOR).exists()


@pytest.mark.parametrize("code", BODIES)
def test_each_body_has_a_chair_and_a_vice_chair_with_accounts_R2(demo, code):
    seats = seats_today(code)
    for role in (Seat.CHAIR, Seat.VICE_CHAIR):
        holder = seats.get(role=role)
        assert holder.person.user is not None, (code, role)
        assert holder.person.user.check_password(settings.DEMO_PASSWORD)


@pytest.mark.parametrize("code", BODIES)
def test_each_body_has_members_of_several_parties_with_accounts_seated_today(
    demo, code
):
    seats = seats_today(code).exclude(role=Seat.RAPPORTEUR)
    assert seats.values("party").distinct().count() >= 4, code
    with_accounts = seats.filter(person__user__isnull=False)
    assert with_accounts.values("party").distinct().count() >= 3, code


def test_the_rapporteur_commissioner_has_an_account_and_chairs_ks_and_brb_R4(demo):
    rapporteur = seats_today("brb").get(role=Seat.RAPPORTEUR).person
    assert rapporteur.user.username == "hanna.exempelsson"
    assert seats_today("brb").filter(person=rapporteur, role=Seat.COMMISSIONER)
    assert seats_today("ks").get(role=Seat.CHAIR).person == rapporteur


def test_a_member_with_an_account_sees_the_meetings_of_the_body_only(demo):
    bengt = user("bengt.provsson")
    visible = set(
        rules.meetings_visible_to(bengt).values_list("organisation__code", flat=True)
    )
    assert visible == {"trn"}


def test_a_member_logs_in_and_reads_the_agenda_and_proposal_of_the_next_meeting(
    demo, client
):
    """A member sees the meetings of the body and the proposals on their agenda;
    another body's meeting answers 404 (rules.md (d))."""
    log_in(client, "cecilia.provsson")
    meeting = upcoming("trn")
    assert client.get(meeting.get_absolute_url()).status_code == 200
    item = meeting.items.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert item.proposal.clauses.first().text in page
    assert client.get(upcoming("ks").get_absolute_url()).status_code == 404


# --- the upcoming meetings ------------------------------------------------------


@pytest.mark.parametrize("code", BODIES)
def test_each_body_has_an_upcoming_meeting_in_the_current_term_on_a_working_day(
    demo, code
):
    meeting = upcoming(code)
    terms = demo_terms(timezone.localdate())
    assert timezone.localdate() < meeting.held_on
    assert any(start <= meeting.held_on <= end for start, end in terms)
    assert is_working_day(meeting.held_on)
    assert meeting.state == Meeting.State.PLANNED
    assert (
        meeting.participants.count()
        == seats_today(code)
        .exclude(role=Seat.RAPPORTEUR)
        .values("person")
        .distinct()
        .count()
    )


@pytest.mark.parametrize("code", BODIES)
def test_sending_the_notice_is_the_secretarys_first_task_of_the_upcoming_meeting(
    demo, code
):
    process = MeetingProcess.objects.get(meeting=upcoming(code))
    task = process.task_set.get(status=STATUS.NEW)
    assert task.flow_task is MeetingFlow.send_notice


@pytest.mark.parametrize("code", BODIES)
def test_the_chair_and_checkers_of_the_upcoming_meeting_have_accounts_R24(demo, code):
    meeting = upcoming(code)
    participants = meeting.participants.select_related("person__user")
    signers = [meeting.chair, *(p.person for p in participants)]
    named = {
        "ks": ["Ivar Exempelsson", "Oskar Exempelsson"],
        "brb": ["Kalle Exempelsson", "Magnus Exempelsson"],
        "trn": ["Alva Demoberg", "Bengt Provsson"],
        "expn": ["Per-Erik Demoberg", "Nils Provsson"],
    }[code]
    checkers = [p for p in signers if p.full_name in named]
    assert {p.full_name for p in checkers} == set(named)
    for person in [meeting.chair, *checkers]:
        assert person.user is not None, person
        assert person.user.check_password(settings.DEMO_PASSWORD)


# --- registrars ----------------------------------------------------------------


@pytest.mark.parametrize(("username", "register"), REGISTRARS.items())
def test_every_registrar_logs_in_and_may_register_in_the_own_register(
    demo, client, username, register
):
    log_in(client, username)
    page = client.get(reverse("registry:case_create"))
    assert page.status_code == 200
    assert register in page.content.decode()
    others = set(REGISTRARS.values()) - {register}
    assert not any(other in page.content.decode() for other in others)


# --- special statements at the current meetings ------------------------------------


def hold_until_decided(meeting: Meeting, checkers: list[str]):
    """Notice, opening and decision of the meeting's item, on its day."""
    secretary = meeting.secretary
    item = meeting.items.get()
    people = {p.person.full_name: p.person for p in meeting.participants.all()}
    with clock.acting_at(at(meeting.held_on, 9)):
        meeting_services.send_notice_of_meeting(
            meeting=meeting, actor=secretary, reason=REASON
        )
        meeting_services.open_meeting(
            meeting=meeting,
            minutes_checkers=[people[name] for name in checkers],
            approval_due_at=at(meeting.held_on + datetime.timedelta(days=7), 10),
            actor=secretary,
            reason=REASON,
        )
        meeting_services.open_item(item=item, actor=secretary, reason=REASON)
        meeting_services.decide(
            item=item, decision_text="Enligt förslaget.", actor=secretary, reason=REASON
        )
    return item, people


SPECIAL = [
    pytest.param(
        "ks",
        ["Ivar Exempelsson", "Oskar Exempelsson"],
        ["Ivar Exempelsson", "Sofia Exempelsson"],
        id="ks",
    ),
    pytest.param(
        "trn",
        ["Alva Demoberg", "Bengt Provsson"],
        ["Bengt Provsson", "Cecilia Provsson"],
        id="trn",
    ),
]


@pytest.mark.parametrize(("code", "checkers", "signatories"), SPECIAL)
def test_a_party_secretary_writes_a_special_statement_at_a_current_meeting_R18(
    demo, code, checkers, signatories
):
    meeting = upcoming(code)
    item, people = hold_until_decided(meeting, checkers)
    secretary = user("partisekreterare.s")
    with clock.acting_at(at(meeting.held_on, 10)):
        statement = statement_services.announce_statement(
            item=item,
            kind=Statement.Kind.SPECIAL_STATEMENT,
            party=Party.objects.get(code="S"),
            signatories=[people[name] for name in signatories],
            actor=secretary,
            reason=REASON,
        )
        statement_services.write_statement(
            statement=statement,
            text="Vi välkomnar förslaget.",
            actor=secretary,
            reason=REASON,
        )
        statement_services.submit_statement(
            statement=statement, actor=secretary, reason=REASON
        )
    statement.refresh_from_db()
    assert statement.state == Statement.State.SUBMITTED
    assert "(båda S)" in statement_heading(statement, preview=True)


@pytest.mark.parametrize(("code", "checkers", "signatories"), SPECIAL)
def test_a_party_secretary_writes_a_special_statement_on_the_pages_R18(
    demo, client, code, checkers, signatories
):
    meeting = upcoming(code)
    item, _people = hold_until_decided(meeting, checkers)
    log_in(client, "partisekreterare.s")
    announce = reverse("meetings:statement_announce", args=[item.pk])
    page = client.get(announce)
    assert 'value="special_statement"' in page.content.decode()
    signing = [p for p in meeting.participants.all() if str(p.person) in signatories]
    response = client.post(
        announce,
        {
            "kind": "special_statement",
            "party": Party.objects.get(code="S").pk,
            "signatories": [p.pk for p in signing],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    statement = Statement.objects.get(item=item, kind=Statement.Kind.SPECIAL_STATEMENT)
    write = reverse("meetings:statement_write", args=[statement.pk])
    response = client.post(write, {"text": "Vi välkomnar förslaget.", "clauses": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    submit = reverse("meetings:statement_submit", args=[statement.pk])
    assert client.post(submit, {}).status_code == 302
    statement.refresh_from_db()
    assert statement.state == Statement.State.SUBMITTED
    assert statement.text == "Vi välkomnar förslaget."


def test_trafiknamnden_and_exploateringsnamnden_take_special_statements_R18(demo):
    for code in ("trn", "expn"):
        organisation = Organisation.objects.get(code=code)
        assert organisation.special_statements == (
            Organisation.SpecialStatements.PARTICIPANTS
        )


# --- the README --------------------------------------------------------------------


def test_the_readme_lists_every_demo_user_once(demo):
    listed = readme_demo_usernames()
    assert len(listed) == len(set(listed))
    assert set(listed) == demo_usernames()


def test_every_demo_user_printed_by_load_demo_is_in_the_readme(demo):
    printed = set(re.findall(r"^  (\S+)  ", demo, flags=re.MULTILINE))
    assert printed == set(readme_demo_usernames())


# --- loading again over an older demo -------------------------------------------

HEADER = """
[load]
actor = "system"
reason = "Demodata: test"

[people]
"Gustav Gäst" = {}
"""
EARLIER_LOAD = (
    HEADER
    + """
[[organisations]]
code = "mhn"
name = "Miljö- och hälsoskyddsnämnden"
kind = "committee"

[[seats]]
organisation = "mhn"
valid_from = 2023-01-01
seats = [["Gustav Gäst", "S", "member"]]
"""
)
LATER_LOAD = (
    HEADER
    + """
[[organisations]]
code = "mhn"
name = "Miljö- och hälsoskyddsnämnden"
kind = "committee"
special_statements = "participants"

[[users]]
username = "gustav.gast"
person = "Gustav Gäst"
description = "ledamot"

[[seats]]
organisation = "mhn"
term = "current"
seats = [["Gustav Gäst", "S", "member"]]
"""
)


def load_file(tmp_path, name: str, text: str) -> str:
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("load_demo", "--data", str(data), stdout=out)
    return out.getvalue()


def test_a_later_load_brings_an_older_demo_into_the_current_term(demo, tmp_path):
    """An open-ended seat of an older demo ends the day before the current term;
    the person gets the login the data now gives; the body its rules (R2, R18)."""
    load_file(tmp_path, "earlier.toml", EARLIER_LOAD)
    output = load_file(tmp_path, "later.toml", LATER_LOAD)
    start, end = current_term(timezone.localdate())
    seats = Assignment.objects.filter(
        person__last_name="Gäst", organisation__code="mhn"
    ).order_by("valid_from")
    assert list(seats.values_list("valid_from", "valid_to")) == [
        (datetime.date(2023, 1, 1), start - datetime.timedelta(days=1)),
        (start, end),
    ]
    assert user("gustav.gast").person.full_name == "Gustav Gäst"
    assert Organisation.objects.get(code="mhn").special_statements == "participants"
    assert "1 avslutat uppdrag" in output
    assert "1 ändrat reglemente" in output
    assert "1 konto kopplat till sin person" in output
    assert "inget nytt" in load_file(tmp_path, "later.toml", LATER_LOAD)
