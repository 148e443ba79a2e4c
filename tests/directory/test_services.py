import datetime

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from casework.directory import services
from casework.directory.models import Assignment, StaffRole
from permissions import rules
from tests.builders import Kind, Role, error_codes, make_organisation, make_user

pytestmark = pytest.mark.django_db

TERM_START = datetime.date(2015, 1, 1)


def person_for(user, actor):
    return services.create_person(
        first_name=user.first_name,
        last_name=user.last_name,
        user=user,
        actor=actor,
        reason="test set-up",
    )


def test_a_head_of_department_cannot_get_a_seat_in_the_committee_it_serves(
    city, jonas, system_user
):
    """R3: Jonas Eliasson as substitute in trafiknämnden is rejected (KL 7:3)."""
    jonas_person = person_for(jonas, system_user)
    with pytest.raises(ValidationError) as error:
        services.appoint(
            person=jonas_person,
            organisation=city.trn,
            role=Assignment.Role.SUBSTITUTE,
            valid_from=TERM_START,
            actor=system_user,
            reason="val",
        )
    assert "head_of_department_in_own_committee" in error_codes(error.value)
    assert not Assignment.objects.exists()


def test_a_head_of_department_may_sit_in_another_committee(city, jonas, system_user):
    """R3 only concerns the committee the department serves."""
    jonas_person = person_for(jonas, system_user)
    seat = services.appoint(
        person=jonas_person,
        organisation=city.expn,
        role=Assignment.Role.MEMBER,
        valid_from=TERM_START,
        actor=system_user,
        reason="val",
    )
    assert seat.pk


def test_a_committee_member_cannot_become_head_of_its_department(city, system_user):
    """R3: the same conflict, seen from the staff role."""
    user = make_user("politiker")
    person = person_for(user, system_user)
    services.appoint(
        person=person,
        organisation=city.trn,
        role=Assignment.Role.MEMBER,
        valid_from=TERM_START,
        actor=system_user,
        reason="val",
    )
    with pytest.raises(ValidationError) as error:
        services.grant_staff_role(
            user=user,
            role=Role.HEAD_OF_DEPARTMENT,
            organisation=city.tk,
            actor=system_user,
            reason="anställning",
        )
    assert "head_of_department_in_own_committee" in error_codes(error.value)


def test_an_ended_seat_does_not_block_a_later_head_of_department(city, system_user):
    """R3 compares periods: a seat that ended before the employment is no conflict."""
    user = make_user("f.d.ledamot")
    person = person_for(user, system_user)
    seat = services.appoint(
        person=person,
        organisation=city.trn,
        role=Assignment.Role.MEMBER,
        valid_from=datetime.date(2010, 1, 1),
        actor=system_user,
        reason="val",
    )
    services.end_assignment(
        assignment=seat,
        ended_on=datetime.date(2014, 12, 31),
        actor=system_user,
        reason="slut",
    )
    role = services.grant_staff_role(
        user=user,
        role=Role.HEAD_OF_DEPARTMENT,
        organisation=city.tk,
        valid_from=datetime.date(2015, 1, 1),
        actor=system_user,
        reason="anställning",
    )
    assert role.pk


def test_seats_exist_only_in_political_bodies(city, system_user):
    """R2: an assignment is a seat in a political body."""
    person = services.create_person(
        first_name="A", last_name="B", actor=system_user, reason="test"
    )
    with pytest.raises(ValidationError) as error:
        services.appoint(
            person=person,
            organisation=city.tk,
            role=Assignment.Role.MEMBER,
            valid_from=TERM_START,
            actor=system_user,
            reason="val",
        )
    assert (
        error.value.error_dict["organisation"][0].code == "seat_in_non_political_body"
    )


@pytest.mark.parametrize(
    ("role", "with_organisation", "with_party", "code"),
    [
        (Role.REGISTRAR, False, False, "organisation_required"),
        (Role.CASE_OFFICER, True, True, "party_not_allowed"),
        (Role.PARTY_SECRETARY, False, False, "party_required"),
        (Role.AUDITOR, True, False, "auditor_is_city_wide"),
    ],
)
def test_a_staff_role_must_have_the_scope_its_role_needs(
    city, mp_party, system_user, role, with_organisation, with_party, code
):
    user = make_user()
    with pytest.raises(ValidationError) as error:
        services.grant_staff_role(
            user=user,
            role=role,
            organisation=city.tk if with_organisation else None,
            party=mp_party if with_party else None,
            actor=system_user,
            reason="test",
        )
    assert code in error_codes(error.value)


def test_the_database_refuses_a_staff_role_without_its_scope(city, system_user):
    user = make_user()
    with pytest.raises(IntegrityError):
        StaffRole.objects.create(
            user=user, role=Role.REGISTRAR, valid_from=datetime.date(2020, 1, 1)
        )


def test_a_revoked_role_stops_access_on_the_next_request(
    city, karin, t_registrar, system_user
):
    """Revoking a role takes effect at once (no cached grants)."""
    from tests.builders import make_case

    case = make_case(city.t_register, t_registrar, case_officer=karin)
    assert rules.cases_visible_to(karin).filter(pk=case.pk).exists()
    services.revoke_staff_role(
        staff_role=karin.staff_roles.get(), actor=system_user, reason="slutat"
    )
    karin.refresh_from_db()
    fresh = type(karin).objects.get(pk=karin.pk)
    assert not rules.cases_visible_to(fresh).filter(pk=case.pk).exists()


def test_fp_is_shown_before_2015_and_l_after(system_user):
    """R77: FP on historical records, L from 2015."""
    party = services.create_party(
        code="L", name="Liberalerna", actor=system_user, reason="t"
    )
    services.add_party_designation(
        party=party,
        code="FP",
        name="Folkpartiet liberalerna",
        valid_from=datetime.date(1990, 1, 1),
        valid_to=datetime.date(2015, 11, 21),
        actor=system_user,
        reason="t",
    )
    assert party.code_on(datetime.date(2011, 6, 22)) == "FP"
    assert party.code_on(datetime.date(2016, 9, 22)) == "L"


def test_a_department_serves_and_a_committee_does_not(city, system_user):
    with pytest.raises(ValidationError) as error:
        make_organisation(
            "x", "X-nämnden", Kind.COMMITTEE, serves=city.ks, actor=system_user
        )
    assert error.value.error_dict["serves"][0].code == "serves_only_for_departments"


def test_a_person_in_the_directory_is_given_a_login_once(system_user):
    """The demo gives members who sign minutes a login (R24); a second login for
    the same person is refused."""
    person = services.create_person(
        first_name="Moa", last_name="Demoberg", actor=system_user, reason="test"
    )
    login = make_user("moa.demoberg", actor=system_user)
    linked = services.link_user(
        person=person, user=login, actor=system_user, reason="test"
    )
    assert linked.user == login
    assert linked.history.first().history_change_reason == "test"
    other = make_user(actor=system_user)
    with pytest.raises(ValidationError) as refused:
        services.link_user(person=person, user=other, actor=system_user, reason="t")
    assert error_codes(refused.value) == {"person_has_login"}


def test_a_login_can_be_created_with_a_password_hashed_beforehand(system_user):
    login = services.create_user(
        username="gast",
        first_name="Gustav",
        last_name="Gäst",
        email="gast@example.invalid",
        password=None,
        hashed_password=make_password("ett-losenord"),
        actor=system_user,
        reason="test",
    )
    assert login.check_password("ett-losenord")
    assert not login.check_password("")
