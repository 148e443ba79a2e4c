"""Nothing of approved minutes is ever deleted: ballots, signatures, who took
part, paragraphs and statements stay, on every path (R68, Arkivlagen)."""

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction

from casework.meetings import models
from casework.records import DeletionRefused
from tests.meetings.minutes_scenario import approved_meeting

pytestmark = pytest.mark.django_db

SUB_RECORDS = [
    getattr(models, name)
    for name in [
        "AgendaItem",
        "AttendanceChange",
        "Ballot",
        "ItemParticipation",
        "MinutesApproval",
        "Motion",
        "Participant",
        "Statement",
        "StatementClause",
        "StatementSignatory",
        "Vote",
    ]
]


@pytest.fixture
def approved(meeting, committee, city, t_registrar):
    return approved_meeting(meeting, committee, city, t_registrar)


def counts():
    return {model.__name__: model.objects.count() for model in SUB_RECORDS}


def test_the_scenario_has_every_kind_of_sub_record(approved):
    assert approved.minutes.is_approved
    assert all(counts().values()), counts()


@pytest.mark.parametrize("model", SUB_RECORDS, ids=lambda m: m.__name__)
def test_no_sub_record_of_approved_minutes_is_deleted_one_by_one_R68(approved, model):
    before = counts()
    with pytest.raises(DeletionRefused):
        model.objects.first().delete()
    assert counts() == before


@pytest.mark.parametrize("model", SUB_RECORDS, ids=lambda m: m.__name__)
def test_no_sub_record_of_approved_minutes_is_deleted_in_bulk_R68(approved, model):
    before = counts()
    with pytest.raises(DeletionRefused):
        model.objects.all().delete()
    assert counts() == before


@pytest.mark.parametrize("model", SUB_RECORDS, ids=lambda m: m.__name__)
def test_the_administration_offers_no_deletion_of_a_sub_record_R68(model):
    admin = site._registry.get(model)
    assert admin is None or admin.has_delete_permission(None) is False


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)
@pytest.mark.parametrize("model", SUB_RECORDS, ids=lambda m: m.__name__)
def test_the_database_refuses_a_raw_delete_of_a_sub_record_R68(approved, model):
    before = counts()
    table = model._meta.db_table
    with (
        pytest.raises(DatabaseError) as error,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f'DELETE FROM "{table}"')
    assert "never" in str(error.value)
    assert counts() == before
