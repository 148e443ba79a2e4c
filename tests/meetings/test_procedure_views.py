"""The secretary's pages for tabling and referral back (R11), the chair's
refusal to put a motion (R12) and the dissenting opinion under FL 30 § (R21),
over HTTP: who may use them, what they record and how they refuse."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from casework.directory import services as directory
from casework.meetings.models import (
    AgendaItem,
    Dissent,
    MotionRefusal,
    Postponement,
    Vote,
)
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import procedure, proceedings
from tests.builders import make_case
from tests.meetings.conftest import (
    SET_UP,
    council_meeting,
    open_council_item,
    participant,
)

pytestmark = pytest.mark.django_db
REASON = "protokollförs"


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def form_errors(response) -> dict[str, set[str]]:
    errors = response.context["form"].errors.as_data()
    return {field: {error.code for error in errs} for field, errs in errors.items()}


@pytest.fixture
def kf_item(council, city, t_registrar, meeting_day):
    meeting = council_meeting(council, meeting_day)
    case = make_case(city.t_register, t_registrar, title="Ny spårväg")
    return open_council_item(council, meeting, case)


def _ids(meeting, people):
    return [participant(meeting, person).pk for person in people]


def test_a_council_minority_below_one_third_is_refused_on_the_form(
    client, council, kf_item
):
    """R11: three of twelve members present cannot force a referral back; the
    page names the count needed and links the error to the requesters."""
    client.force_login(council.secretary)
    page = client.get(url("item_postpone", kf_item.pk))
    counts = gettext("Members present: %(present)s; one third is %(needed)s.")
    assert counts % {"present": 12, "needed": 4} in page.content.decode()
    data = {
        "referred_back": "true",
        "basis": "minority",
        "grounds": "Utred kostnaderna.",
        "requesters": _ids(kf_item.meeting, council.members[:3]),
    }
    response = client.post(url("item_postpone", kf_item.pk), data)
    assert response.status_code == 200
    assert form_errors(response) == {"requesters": {"fewer_than_one_third"}}
    assert 'id="id_requesters_error"' in response.content.decode()
    assert not Postponement.objects.exists()
    data["requesters"] = _ids(kf_item.meeting, council.members[:4])
    response = client.post(url("item_postpone", kf_item.pk), data)
    assert response.status_code == 302
    kf_item.refresh_from_db()
    assert kf_item.state == AgendaItem.State.REFERRED_BACK
    assert kf_item.postponement.requesters.count() == 4
    page = client.get(kf_item.get_absolute_url()).content.decode()
    assert "Utred kostnaderna." in page


def test_a_committee_is_offered_only_a_majority_decision(
    client, item, meeting, secretary
):
    """R11: the committee page has no minority right to choose."""
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    client.force_login(secretary)
    page = client.get(url("item_postpone", item.pk))
    assert [
        value for value, _label in page.context["form"].fields["basis"].choices
    ] == ["majority"]
    response = client.post(
        url("item_postpone", item.pk),
        {"referred_back": "false", "basis": "minority"},
    )
    assert form_errors(response) == {"basis": {"invalid_choice"}}
    response = client.post(
        url("item_postpone", item.pk), {"referred_back": "false", "basis": "majority"}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).state == AgendaItem.State.TABLED


def test_a_refused_motion_is_not_offered_in_a_vote_and_cannot_be_posted(
    client, item, meeting, committee, secretary
):
    """R12: after the chair's refusal the vote page leaves the motion out and
    refuses it if posted anyway."""
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    motion = proceedings.put_forward_motion(
        item=item,
        mover=participant(meeting, committee.v_member),
        text="Nytt ärende om cykelbanor",
        actor=secretary,
        reason=REASON,
    )
    client.force_login(secretary)
    assert client.get(url("motion_refuse", item.pk)).status_code == 200
    response = client.post(
        url("motion_refuse", item.pk),
        {"motion": motion.pk, "ground": "new_matter", "explanation": ""},
    )
    assert response.status_code == 302
    assert MotionRefusal.objects.get().motion == motion
    vote_page = client.get(url("vote_create", item.pk))
    assert "motions" not in [
        f.name for f in vote_page.context["form"].question_fields()
    ]
    chair = participant(meeting, committee.chair).pk
    response = client.post(
        url("vote_create", item.pk),
        {
            "question": "Bifall?",
            "yes_means": "bifall",
            "no_means": "yrkandet",
            "motions": [motion.pk],
            f"ballot_{chair}": "yes",
        },
    )
    assert response.status_code == 200
    assert "invalid_choice" in form_errors(response)["motions"]
    assert not Vote.objects.exists()
    page = client.get(item.get_absolute_url()).content.decode()
    refusal = gettext(
        "The chair refuses to put the motion because %(ground)s (KL 5 kap. 57 §)."
    )
    assert refusal % {"ground": gettext("it raises a new matter")} in page


def test_only_the_council_overrules_its_chair(
    client, item, meeting, committee, secretary, council, kf_item
):
    """R12: a committee page refuses the overruling; the council's records it."""
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    motion = proceedings.put_forward_motion(
        item=item,
        mover=participant(meeting, committee.v_member),
        text="Avgiften slopas",
        actor=secretary,
        reason=REASON,
    )
    refusal = procedure.refuse_motion(
        motion=motion, ground="unlawful", actor=secretary, reason=REASON
    )
    client.force_login(secretary)
    assert b"refusal_overrule" not in client.get(item.get_absolute_url()).content
    response = client.post(url("refusal_overrule", item.pk), {"refusal": refusal.pk})
    assert form_errors(response) == {"__all__": {"only_council_overrules"}}
    kf_motion = proceedings.put_forward_motion(
        item=kf_item,
        mover=participant(kf_item.meeting, council.members[11]),
        text="Avgiften slopas",
        actor=council.secretary,
        reason=REASON,
    )
    kf_refusal = procedure.refuse_motion(
        motion=kf_motion, ground="unlawful", actor=council.secretary, reason=REASON
    )
    client.force_login(council.secretary)
    response = client.post(
        url("refusal_overrule", kf_item.pk), {"refusal": kf_refusal.pk}
    )
    assert response.status_code == 302
    kf_refusal.refresh_from_db()
    assert kf_refusal.is_overruled
    refusal.refresh_from_db()
    assert not refusal.is_overruled


def test_the_rapporteurs_dissent_is_recorded_until_the_decision_is_dispatched(
    client, item, meeting, secretary, system_user
):
    """R21: on an item appealed by administrative appeal the secretary records
    the rapporteur's dissent; after the dispatch the page refuses."""
    officer = directory.create_person(
        first_name="Karin", last_name="Dhakal", actor=system_user, reason=SET_UP
    )
    procedure.set_appeal_route(
        item=item, administrative_appeal=True, actor=secretary, reason=SET_UP
    )
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Tillstånd beviljas.", actor=secretary, reason=REASON
    )
    client.force_login(secretary)
    detail = client.get(item.get_absolute_url()).content.decode()
    assert url("dissent_record", item.pk) in detail
    data = {"person": officer.pk, "capacity": "rapporteur", "text": "Avslag."}
    response = client.post(url("dissent_record", item.pk), data)
    assert response.status_code == 302
    assert Dissent.objects.get().person == officer
    assert "Föredraganden Karin Dhakal anmälde avvikande mening." in (
        minutes_services.current_text(meeting)
    )
    assert client.post(url("decision_dispatch", item.pk)).status_code == 302
    other = directory.create_person(
        first_name="Jonas", last_name="Eliasson", actor=system_user, reason=SET_UP
    )
    data["person"] = other.pk
    response = client.post(url("dissent_record", item.pk), data)
    assert form_errors(response) == {"__all__": {"decision_dispatched"}}
    assert Dissent.objects.count() == 1


def test_no_dissent_page_on_an_item_appealed_by_legality_review(
    client, item, meeting, committee, secretary
):
    """R21: FL 30 § does not apply (FL 2 §); the page refuses with the reason."""
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    client.force_login(secretary)
    assert url("dissent_record", item.pk) not in (
        client.get(item.get_absolute_url()).content.decode()
    )
    response = client.post(
        url("dissent_record", item.pk),
        {"person": committee.v_member.pk, "capacity": "deciding"},
    )
    assert form_errors(response) == {"__all__": {"dissent_not_applicable"}}
    assert not Dissent.objects.exists()


def test_the_agenda_item_form_marks_an_administrative_appeal(
    client, meeting, secretary
):
    """R21: the item says at the outset whether FL 30 § applies."""
    client.force_login(secretary)
    response = client.post(
        url("item_create", meeting.pk),
        {
            "title": "Tillstånd för uteservering",
            "source": "officer_report",
            "administrative_appeal": "on",
            "exercise_of_authority": "on",
        },
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(
        title="Tillstånd för uteservering"
    ).administrative_appeal


@pytest.mark.parametrize(
    "name",
    [
        "item_postpone",
        "motion_refuse",
        "refusal_overrule",
        "dissent_record",
        "decision_dispatch",
    ],
)
def test_those_who_do_not_keep_the_minutes_may_not_use_the_procedure_pages(
    client, item, meeting, karin, auditor, anders, name
):
    """R11, R12, R21: only the committee secretary records the procedure;
    department staff who see the meeting get 403, the auditor too, and staff
    of another organisation 404."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    for user, status in ((karin, 403), (auditor, 403), (anders, 404)):
        client.force_login(user)
        assert client.get(url(name, item.pk)).status_code == status, user
        assert client.post(url(name, item.pk), {}).status_code == status, user
    assert not Postponement.objects.exists()
    assert AgendaItem.objects.get(pk=item.pk).state == AgendaItem.State.OPEN


def test_a_number_too_large_for_a_key_is_refused_as_a_choice(client, kf_item, council):
    """A requester posted as a key beyond the database's range is an invalid
    choice on the form, not a server error."""
    client.force_login(council.secretary)
    response = client.post(
        url("item_postpone", kf_item.pk),
        {
            "referred_back": "false",
            "basis": "minority",
            "requesters": ["9223372036854775808"],
        },
    )
    assert response.status_code == 200
    assert form_errors(response) == {"requesters": {"invalid_pk_value"}}
