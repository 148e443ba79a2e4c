import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

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


# --- R65: a provision of OSL that exists, marked by those handling the case --------


@pytest.mark.parametrize(
    "provision",
    [
        "OSL 99 kap. 1 §",
        "OSL 21 kap. 99 §",
        "OSL 21:99",
        "OSL 5 kap. 1 §",
        "OSL 14:1",
        "OSL 0:1",
    ],
)
def test_a_marking_must_cite_a_secrecy_provision_of_OSL_that_exists_R65(
    letter, t_registrar, provision
):
    """R65: the provision is a chapter and section of OSL that exists and holds
    a secrecy rule (chapters 15–40); anything else is refused, nothing kept."""
    with pytest.raises(ValidationError) as error:
        mark(letter, t_registrar, provision=provision)
    assert error.value.error_dict["provision"][0].code == "unknown_provision"
    assert not letter.confidentiality_markings.exists()
    letter.refresh_from_db()
    assert not letter.confidentiality_markings.exists()


@pytest.mark.parametrize(
    ("provision", "kept"),
    [
        ("OSL 21:1", "OSL 21 kap. 1 §"),
        ("osl 26:1", "OSL 26 kap. 1 §"),
        ("19 kap. 3 §", "OSL 19 kap. 3 §"),
        ("OSL 21 kap. 3 a § första stycket", "OSL 21 kap. 3 a § första stycket"),
    ],
)
def test_a_provision_is_kept_as_chapter_and_section_of_OSL_R65(
    letter, t_registrar, provision, kept
):
    assert mark(letter, t_registrar, provision=provision).provision == kept


def test_staff_of_another_organisation_can_neither_mark_nor_lift_R65(
    letter, t_registrar, registrar, karin
):
    """R65: only staff handling the case's organisation mark or lift a marking;
    a registrar elsewhere and a case officer without the right are refused."""
    for outsider in (registrar, karin):
        with pytest.raises(PermissionDenied):
            mark(letter, outsider)
    assert not letter.confidentiality_markings.exists()
    marking = mark(letter, t_registrar)
    for outsider in (registrar, karin):
        with pytest.raises(PermissionDenied):
            services.lift_confidentiality(
                marking=marking, actor=outsider, reason="prövad"
            )
    marking.refresh_from_db()
    assert marking.is_active


def test_a_marking_is_made_by_the_handling_organisation_R65(city, letter, t_registrar):
    """R65: the authority named is the one handling the case (or its board)."""
    with pytest.raises(ValidationError) as error:
        mark(letter, t_registrar, authority=city.expk)
    assert error.value.error_dict["authority"][0].code == "authority_not_handling"
    assert not letter.confidentiality_markings.exists()
