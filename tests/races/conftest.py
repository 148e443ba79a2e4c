"""Races with a barrier: the fixtures they share, and a summary of the trials
and lost updates of every race at the end of the test run (issue 10, point 2)."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from casework.directory import services as directory
from casework.directory.models import Assignment
from casework.meetings.services import meetings as meeting_services
from tests.builders import Role, make_staff
from tests.meetings.conftest import (  # noqa: F401
    approval_day,
    committee,
    item,
    login_for,
    meeting,
    meeting_day,
    parties,
    secretary,
)
from tests.races.arena import Arena

SET_UP = "test set-up"
TRIALS = 50
REPORTS: list[str] = []


def report(race: str, trials: int, lost: int) -> None:
    """Remember one race's figures for the summary at the end of the run."""
    vendor = (
        "SQLite, processes"
        if connection.vendor == "sqlite"
        else ("PostgreSQL, threads")
    )
    REPORTS.append(f"{race} [{vendor}]: {trials} trials, {lost} lost updates")


def pytest_terminal_summary(terminalreporter):
    if REPORTS:
        terminalreporter.write_sep("-", "races")
        for line in REPORTS:
            terminalreporter.write_line(line)


@pytest.fixture
def arena(transactional_db, tmp_path):
    return Arena(tmp_path)


@pytest.fixture
def decided(item, meeting):  # noqa: F811
    """The item decided, at a meeting still in progress: statements can be
    announced and written."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=SET_UP)
    meeting_services.decide(
        item=item,
        decision_text="Trafiknämnden överlämnar och åberopar kontorets utlåtande.",
        actor=meeting.secretary,
        reason=SET_UP,
    )
    return item


@pytest.fixture
def v_secretary(committee):  # noqa: F811
    return make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )


@pytest.fixture
def board(city, system_user):
    """Exploateringsnämnden with three members (chair, minutes checker and one
    more), their logins and its secretary: a meeting a trial can afford."""
    people = []
    for index, role in enumerate(
        [Assignment.Role.CHAIR, Assignment.Role.MEMBER, Assignment.Role.MEMBER]
    ):
        person = directory.create_person(
            first_name=f"Ledamot{index + 1}",
            last_name="Expn",
            actor=system_user,
            reason=SET_UP,
        )
        directory.appoint(
            person=person,
            organisation=city.expn,
            role=role,
            valid_from=datetime.date(2015, 1, 1),
            actor=system_user,
            reason=SET_UP,
        )
        people.append(person)
    return SimpleNamespace(
        organisation=city.expn,
        people=people,
        chair=login_for(people[0], "ordforande.expn"),
        checker=login_for(people[1], "justerare.expn"),
        secretary=make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn),
        approval_due_at=timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate() + datetime.timedelta(days=7),
                datetime.time(10, 0),
            )
        ),
    )
