"""The chain never cries wolf: ordinary work, back-dated imports, opening a
meeting and a crash right after a commit all verify clean (issue 10, point 3;
R83)."""

import datetime
import zoneinfo

import pytest
from django.db import transaction

from casework import clock
from casework.audit import chain
from casework.audit.models import HistoryLink
from casework.registry import services
from casework.registry.models import Case, Document
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db(transaction=True)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


class Crash(Exception):
    """The process dies right after the database committed."""


def test_records_imported_for_a_past_date_verify_clean(city, t_registrar, karin):
    """Issue 10 point 3: rows written for a past date in Stockholm time (the
    demo's 139 false alarms) hash the same when read back in UTC."""
    with clock.acting_at(datetime.datetime(2011, 3, 29, 8, 0, tzinfo=STOCKHOLM)):
        case = make_case(city.t_register, t_registrar, case_officer=karin)
        make_document(case, karin, direction=Document.Direction.INCOMING)
    with clock.acting_at(
        datetime.datetime(2016, 10, 30, 2, 30, fold=1, tzinfo=STOCKHOLM)
    ):
        services.update_case(
            case=case, title="Importerad", actor=t_registrar, reason="import"
        )
    assert chain.verify() == []


def test_opening_a_meeting_verifies_clean(meeting):
    """Issue 10 point 3: the time for approval typed in Stockholm time and the
    minutes checkers chosen when the meeting opens do not break the chain."""
    assert meeting.minutes_checkers.exists()
    assert chain.verify() == []


def test_a_crash_right_after_a_commit_verifies_clean_and_is_chained_by_the_next_write(
    city, t_registrar
):
    """Issue 10 point 3: a process that dies between the commit and the chain's
    append leaves no false alarm; the next write chains the waiting rows."""
    case = make_case(city.t_register, t_registrar)

    def die():
        raise Crash

    with pytest.raises(Crash), transaction.atomic():
        transaction.on_commit(die)
        services.update_case(
            case=case, title="Före kraschen", actor=t_registrar, reason="r"
        )
    assert chain.verify() == []
    make_case(city.t_register, t_registrar)
    assert (
        HistoryLink.objects.filter(model="registry.historicalcase").count()
        == Case.history.count()
    )
    assert chain.verify() == []
