"""A user's access (roles, seats and the organisations they reach) is read in one
query per request and follows the organisation tree (rules.md (d))."""

import pytest

from casework.directory import services as directory
from casework.directory.models import StaffRole
from permissions import rules
from tests.builders import administrator, make_case, make_staff

pytestmark = pytest.mark.django_db
Role = StaffRole.Role


def test_a_users_access_is_read_in_one_query(city, karin, django_assert_num_queries):
    with django_assert_num_queries(1):
        access = rules.access_for(karin)
        scope = access.organisations()
        access.organisations(Role.REGISTRAR)
    assert scope == {city.tk.pk, city.trn.pk}


def test_committee_staff_reach_every_department_serving_the_committee(city):
    secretary = make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)
    assert rules.access_for(secretary).organisations() == {city.trn.pk, city.tk.pk}


def test_a_scope_by_role_leaves_out_the_organisations_of_other_roles(city, karin):
    directory.grant_staff_role(
        user=karin,
        role=Role.REGISTRAR,
        organisation=city.expk,
        valid_from=karin.staff_roles.get().valid_from,
        actor=administrator(),
        reason="test set-up",
    )
    access = rules.access_for(karin)
    assert access.organisations(Role.REGISTRAR) == {city.expk.pk, city.expn.pk}
    assert access.organisations(Role.CASE_OFFICER) == {city.tk.pk, city.trn.pk}
    assert access.handles(city.expk.pk) and access.handles(city.tk.pk)
    assert not access.handles(city.slk.pk)


def test_a_revoked_role_is_gone_at_the_next_request(city, t_registrar, karin):
    t_case = make_case(city.t_register, t_registrar)
    assert rules.cases_visible_to(karin).filter(pk=t_case.pk).exists()
    role = karin.staff_roles.get()
    directory.revoke_staff_role(
        staff_role=role, actor=administrator(), reason="moved on"
    )
    next_request_user = type(karin).objects.get(pk=karin.pk)
    assert rules.access_for(next_request_user).organisations() == set()
    assert not rules.cases_visible_to(next_request_user).exists()
