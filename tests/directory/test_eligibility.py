"""R3 (KL 7:3): who may hold a seat. A head of department holds no deciding seat
in the committee the department serves; the city director (the head of the
office under the executive board, KL 7:1) holds no seat at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.directory import services
from casework.directory.models import Assignment, Person, StaffRole
from tests.builders import Role, error_codes, make_staff, make_user
from tests.directory.test_services import person_for

pytestmark = pytest.mark.django_db

TERM_START = datetime.date(2015, 1, 1)


def appoint(person, organisation, role, actor):
    return services.appoint(
        person=person,
        organisation=organisation,
        role=role,
        valid_from=TERM_START,
        actor=actor,
        reason="val",
    )


def make_head(user, department, actor):
    return services.grant_staff_role(
        user=user,
        role=Role.HEAD_OF_DEPARTMENT,
        organisation=department,
        valid_from=TERM_START,
        actor=actor,
        reason="anställning",
    )


@pytest.fixture
def city_director(city):
    return make_staff("stadsdirektor", Role.HEAD_OF_DEPARTMENT, city.slk)


def test_a_head_of_department_cannot_be_commissioner_in_the_committee_it_serves_R3(
    city, jonas, system_user
):
    person = person_for(jonas, system_user)
    with pytest.raises(ValidationError) as error:
        appoint(person, city.trn, Assignment.Role.COMMISSIONER, system_user)
    assert "head_of_department_in_own_committee" in error_codes(error.value)
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "role", [Assignment.Role.MEMBER, Assignment.Role.COMMISSIONER, "rapporteur"]
)
def test_the_city_director_is_eligible_for_no_seat_in_any_body_R3(
    city, city_director, system_user, role
):
    person = person_for(city_director, system_user)
    with pytest.raises(ValidationError) as error:
        appoint(person, city.trn, role, system_user)
    assert "director_not_eligible" in error_codes(error.value)
    assert not Assignment.objects.exists()


def test_someone_with_a_seat_cannot_become_city_director_R3(city, system_user):
    user = make_user("ledamot.trn")
    appoint(person_for(user, system_user), city.expn, "member", system_user)
    with pytest.raises(ValidationError) as error:
        make_head(user, city.slk, system_user)
    assert "director_not_eligible" in error_codes(error.value)
    assert not StaffRole.objects.filter(user=user).exists()


def test_a_commissioner_cannot_become_head_of_the_department_serving_the_body_R3(
    city, system_user
):
    user = make_user("borgarrad")
    appoint(person_for(user, system_user), city.trn, "commissioner", system_user)
    with pytest.raises(ValidationError) as error:
        make_head(user, city.tk, system_user)
    assert "head_of_department_in_own_committee" in error_codes(error.value)
    assert not StaffRole.objects.filter(user=user).exists()


def test_linking_a_login_cannot_seat_a_head_of_department_in_its_committee_R3(
    city, jonas, system_user
):
    """The seat was given to a person without a login; the login of the head of
    trafikkontoret may not then be linked to that person."""
    person = services.create_person(
        first_name="Jonas", last_name="Eliasson", actor=system_user, reason="t"
    )
    appoint(person, city.trn, Assignment.Role.SUBSTITUTE, system_user)
    with pytest.raises(ValidationError) as error:
        services.link_user(person=person, user=jonas, actor=system_user, reason="t")
    assert "head_of_department_in_own_committee" in error_codes(error.value)
    assert Person.objects.get(pk=person.pk).user_id is None


def test_linking_a_login_cannot_give_the_city_director_a_seat_R3(
    city, city_director, system_user
):
    person = services.create_person(
        first_name="Stads", last_name="Direktör", actor=system_user, reason="t"
    )
    appoint(person, city.expn, Assignment.Role.MEMBER, system_user)
    with pytest.raises(ValidationError) as error:
        services.link_user(
            person=person, user=city_director, actor=system_user, reason="t"
        )
    assert "director_not_eligible" in error_codes(error.value)
    assert Person.objects.get(pk=person.pk).user_id is None


def test_a_head_of_another_department_may_still_be_linked_and_seated_R3(
    city, jonas, system_user
):
    """R3 concerns only the committee the department serves."""
    person = services.create_person(
        first_name="Jonas", last_name="Eliasson", actor=system_user, reason="t"
    )
    appoint(person, city.expn, Assignment.Role.MEMBER, system_user)
    linked = services.link_user(
        person=person, user=jonas, actor=system_user, reason="t"
    )
    assert linked.user_id == jonas.pk
