import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.registry import services
from casework.registry.models import Document
from permissions import grants, rules
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(city, t_registrar, karin):
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    return make_document(case, t_registrar, direction=Document.Direction.INCOMING)


def mark(letter, actor, **overrides):
    values = {
        "provision": "OSL 26 kap. 1 §",
        "marked_on": datetime.date(2016, 8, 20),
        "authority": letter.case.organisation,
        "actor": actor,
        "reason": "personuppgifter",
    }
    values.update(overrides)
    return services.mark_confidential(document=letter, **values)


def test_a_marking_states_provision_date_and_authority(letter, t_registrar):
    """R65: a marking names the provision, the date and the authority."""
    marking = mark(letter, t_registrar)
    assert (marking.provision, marking.marked_on) == (
        "OSL 26 kap. 1 §",
        datetime.date(2016, 8, 20),
    )
    assert marking.authority == letter.case.organisation
    assert marking.is_active


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("provision", "", "blank"),
        ("provision", "hemligt", "provision_format"),
        ("provision", "26 kapitlet", "provision_format"),
        ("marked_on", None, "null"),
        ("authority", None, "null"),
    ],
)
def test_a_marking_without_provision_date_or_authority_is_refused(
    letter, t_registrar, field, value, code
):
    """R65: a marking without provision or date is rejected."""
    with pytest.raises(ValidationError) as error:
        mark(letter, t_registrar, **{field: value})
    assert error.value.error_dict[field][0].code == code
    assert not letter.confidentiality_markings.exists()


def test_a_marking_cannot_be_dated_in_the_future(letter, t_registrar):
    with pytest.raises(ValidationError) as error:
        mark(
            letter,
            t_registrar,
            marked_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert error.value.error_dict["marked_on"][0].code == "marked_in_future"


def test_a_lifted_marking_stays_on_record(letter, t_registrar):
    """R65: a marking can be removed or changed; the record of it stays."""
    marking = mark(letter, t_registrar)
    services.lift_confidentiality(marking=marking, actor=t_registrar, reason="prövad")
    marking.refresh_from_db()
    assert marking.lifted_on == datetime.date.today()
    with pytest.raises(ValidationError) as error:
        services.lift_confidentiality(marking=marking, actor=t_registrar, reason="igen")
    assert error.value.code == "already_lifted"


def test_a_confidential_document_is_hidden_from_other_organisations_staff(
    letter, t_registrar, anders, karin
):
    """(d): confidential documents only to those handling the case."""
    mark(letter, t_registrar)
    assert rules.documents_visible_to(karin, letter.case).filter(pk=letter.pk).exists()
    assert not rules.documents_visible_to(anders, letter.case).exists()


def test_a_confidential_document_can_be_opened_to_one_named_officer(
    city, letter, t_registrar
):
    """Per-object grants are the exception to role-wide access."""
    from tests.builders import Role, make_staff

    member_of_committee_staff = make_staff(
        "sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn
    )
    mark(letter, t_registrar)
    case_documents = rules.documents_visible_to(member_of_committee_staff, letter.case)
    assert not case_documents.filter(pk=letter.pk).exists()
    grants.open_confidential_document(
        document=letter,
        to_user=member_of_committee_staff,
        actor=t_registrar,
        reason="beslut",
    )
    case_documents = rules.documents_visible_to(member_of_committee_staff, letter.case)
    assert case_documents.filter(pk=letter.pk).exists()
