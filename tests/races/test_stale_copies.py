"""The loser of a race, played out in order: a request that read a record
before someone else changed it is refused with a message, and never undoes
the other's change (issue 10, point 2)."""

import pytest
from django.core.exceptions import ValidationError

from casework.meetings.models import Minutes, Statement
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import statements as services
from casework.registry import services as registry
from casework.registry.models import Case, Document
from tests.builders import make_case, make_document
from tests.meetings.conftest import draw_up, sign_on_paper
from tests.races.test_statement_races import drafted

pytestmark = pytest.mark.django_db
DECIDED = Document.OfficialBecause.DECIDED


def test_a_save_from_a_copy_read_before_the_hand_in_is_refused_in_swedish(
    decided, committee, v_secretary
):
    """Issue 10 point 2, R16: the later save is told, and the statement stays
    handed in with the handed-in text."""
    statement = drafted(
        decided, committee.v_member, committee.parties.v, v_secretary, 1
    )
    read_earlier = Statement.objects.get(pk=statement.pk)
    services.submit_statement(statement=statement, actor=v_secretary, reason="in")
    with pytest.raises(ValidationError) as error:
        services.write_statement(
            statement=read_earlier, text="Sent", actor=v_secretary, reason="draft"
        )
    assert error.value.code == "statement_locked"
    assert "kan inte längre ändras" in error.value.messages[0]
    statement.refresh_from_db()
    assert (statement.state, statement.text) == (Statement.State.SUBMITTED, "Utkast 1")


def test_a_revision_of_a_draft_that_became_official_meanwhile_is_refused(
    city, t_registrar, karin
):
    """Issue 10 point 2, R57: the revision is not turned into a new official
    version behind the reviser's back; it is refused with the reason."""
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    document = make_document(case, karin, body="Utkast")
    read_earlier = Document.objects.get(pk=document.pk)
    registry.make_official(document=document, because=DECIDED, actor=karin, reason="b")
    with pytest.raises(ValidationError) as error:
        registry.revise_document(
            document=read_earlier, title="TU", body="Sent", actor=karin, reason="r"
        )
    assert error.value.code == "became_official"
    assert "blev allmän" in error.value.messages[0]
    assert [v.body for v in document.versions.all()] == ["Utkast"]


def test_correcting_the_entry_from_an_old_copy_keeps_the_document_official(
    city, t_registrar, karin
):
    """Issue 10 point 2, R57: an old copy never turns an official document
    back into a draft."""
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    document = make_document(case, karin, body="Utkast")
    read_earlier = Document.objects.get(pk=document.pk)
    registry.make_official(document=document, because=DECIDED, actor=karin, reason="b")
    registry.correct_registration(
        document=read_earlier,
        counterpart="",
        public_description="Rättad beskrivning",
        protected_description="",
        actor=t_registrar,
        reason="rättelse",
    )
    document.refresh_from_db()
    assert document.is_official
    assert document.public_description == "Rättad beskrivning"


def test_assigning_an_officer_from_a_copy_read_before_closing_keeps_the_case_closed(
    city, t_registrar, karin
):
    """Issue 10 point 2, R56: a closed case is not reopened by an old copy."""
    case = make_case(city.t_register, t_registrar)
    read_earlier = Case.objects.get(pk=case.pk)
    registry.close_case(case=case, actor=t_registrar, reason="avslutat")
    with pytest.raises(ValidationError) as error:
        registry.assign_case_officer(
            case=read_earlier, officer=karin, actor=t_registrar, reason="fördelning"
        )
    assert error.value.code == "case_closed"
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_a_second_notice_of_the_same_approval_is_refused_not_an_error(
    meeting, item, committee
):
    """Issue 10 point 2, R28: the notice is posted once; a second post (two
    clicks, two secretaries) is told so."""
    minutes = draw_up(meeting, item)
    sign_on_paper(minutes, committee.chair, committee.members[1])
    read_earlier = Minutes.objects.get(pk=minutes.pk)
    arguments = {
        "minutes_kept_at": "Fleminggatan 4",
        "actor": meeting.secretary,
        "reason": "anslag",
    }
    minutes_services.post_notice(minutes=minutes, **arguments)
    with pytest.raises(ValidationError) as error:
        minutes_services.post_notice(minutes=read_earlier, **arguments)
    assert error.value.code == "already_posted"
