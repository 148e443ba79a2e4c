"""The delegation order as a versioned, dated decision of the body (R46), whose
editor refuses what may never be delegated (R47), and the delegated decisions
that point to the order in force on their day (R43, R47, R49)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework import clock
from casework.meetings.models import (
    DelegatedDecision,
    DelegationOrder,
    DelegationPoint,
    MatterCategory,
)
from casework.meetings.models.delegation_order import EXCLUDED_CATEGORIES
from casework.meetings.services import delegation
from casework.meetings.services import delegation_order as orders
from tests.builders import Role, adopt_delegation_order, error_codes, make_staff
from tests.meetings.conftest import SET_UP

pytestmark = pytest.mark.django_db

V1_ADOPTED = datetime.date(2015, 1, 15)
V2_IN_FORCE = datetime.date(2016, 3, 1)


def point_values(**extra):
    values = dict(
        number="5.1",
        matter="Yttranden till polismyndigheten om lokala trafikföreskrifter",
        category=MatterCategory.ORDINARY,
        delegate_kind=DelegationPoint.DelegateKind.EMPLOYEE,
        delegate="trafikdirektör",
        reason=SET_UP,
    )
    values.update(extra)
    return values


def second_version(order, secretary, *, matter="Ändrad lydelse"):
    """Version 2: point 3.1 reworded, adopted in February 2016, in force from
    1 March 2016."""
    with clock.acting_at(clock.now().replace(year=2016, month=2, day=20)):
        draft = orders.start_new_version(
            organisation=order.organisation, actor=secretary, reason=SET_UP
        )
        point = draft.points.get(number="3.1")
        orders.save_point(
            order=draft,
            point=point,
            actor=secretary,
            **point_values(number="3.1", matter=matter),
        )
        return orders.adopt_order(
            order=draft,
            adopted_on=datetime.date(2016, 2, 18),
            in_force_from=V2_IN_FORCE,
            decision_paragraph="§ 7",
            registration_number="T2016-00100",
            actor=secretary,
            reason=SET_UP,
        )


def test_a_new_version_is_a_draft_with_the_points_of_the_adopted_one(
    committee, secretary, delegation_order
):
    """R46: a new decision makes a new version; it starts from the points in
    force, and the adopted version keeps its own."""
    draft = orders.start_new_version(
        organisation=committee.organisation, actor=secretary, reason=SET_UP
    )
    assert (draft.version, draft.state) == (2, DelegationOrder.State.DRAFT)
    assert sorted(draft.points.values_list("number", flat=True)) == [
        "1.1",
        "3.1",
        "3.2",
        "4.2",
    ]
    assert delegation_order.points.count() == 4
    with pytest.raises(ValidationError) as refused:
        orders.start_new_version(
            organisation=committee.organisation, actor=secretary, reason=SET_UP
        )
    assert error_codes(refused.value) == {"draft_exists"}


def test_an_adopted_version_never_changes_and_stays_readable(
    committee, secretary, delegation_order
):
    """R46: the adopted version is fixed; its points are read as adopted, with
    the date and paragraph of the decision."""
    second = second_version(delegation_order, secretary)
    point = delegation_order.points.get(number="3.1")
    with pytest.raises(ValidationError) as refused:
        orders.save_point(
            order=delegation_order, point=point, actor=secretary, **point_values()
        )
    assert error_codes(refused.value) == {"order_adopted"}
    point.refresh_from_db()
    assert point.matter == "Beslut enligt punkt 3.1"
    assert second.points.get(number="3.1").matter == "Ändrad lydelse"
    assert (second.adopted_on, second.decision_paragraph) == (
        datetime.date(2016, 2, 18),
        "§ 7",
    )
    assert (delegation_order.adopted_on, delegation_order.decision_paragraph) == (
        V1_ADOPTED,
        "§ 12",
    )


def test_the_order_in_force_on_a_day_is_the_latest_adopted_before_it(
    committee, secretary, delegation_order
):
    """R46: "in force on date D" finds the version of that day."""
    second = second_version(delegation_order, secretary)
    organisation = committee.organisation
    assert orders.order_in_force(organisation, datetime.date(2014, 12, 31)) is None
    assert orders.order_in_force(organisation, V1_ADOPTED) == delegation_order
    assert orders.order_in_force(organisation, datetime.date(2016, 2, 29)) == (
        delegation_order
    )
    assert orders.order_in_force(organisation, V2_IN_FORCE) == second


@pytest.mark.parametrize("category", sorted(EXCLUDED_CATEGORIES))
def test_the_editor_refuses_every_category_that_cannot_be_delegated(
    committee, secretary, category
):
    """R47 (KL 6:38): the editor blocks goals, budget and quality, statements to
    the council, appealed decisions, matters of principle, citizens' proposals
    and what other law excludes, with the reason."""
    draft = orders.start_new_version(
        organisation=committee.organisation, actor=secretary, reason=SET_UP
    )
    with pytest.raises(ValidationError) as refused:
        orders.save_point(
            order=draft, actor=secretary, **point_values(category=category)
        )
    assert error_codes(refused.value) == {"excluded_from_delegation"}
    assert "KL 6 kap. 38 §" in str(refused.value)
    assert not DelegationPoint.objects.exists()
    assert not DelegationPoint.history.exists()


@pytest.mark.parametrize(
    ("category", "appeal"),
    [
        (MatterCategory.ORDINARY, DelegationPoint.Appeal.LEGALITY),
        (MatterCategory.ORDINARY, DelegationPoint.Appeal.NONE),
        (MatterCategory.PROCUREMENT, DelegationPoint.Appeal.ADMINISTRATIVE),
    ],
)
def test_an_automated_function_decides_only_what_the_law_lets_it(
    committee, secretary, category, appeal
):
    """R47 (KL 6:38 2 st.): no automated decisions on what is appealed by
    legality review, what cannot be appealed, procurement or choice systems."""
    draft = orders.start_new_version(
        organisation=committee.organisation, actor=secretary, reason=SET_UP
    )
    automated = DelegationPoint.DelegateKind.AUTOMATED
    with pytest.raises(ValidationError) as refused:
        orders.save_point(
            order=draft,
            actor=secretary,
            **point_values(category=category, appeal=appeal, delegate_kind=automated),
        )
    assert error_codes(refused.value) == {"not_for_automated_decisions"}
    orders.save_point(
        order=draft,
        actor=secretary,
        **point_values(
            category=MatterCategory.AUTHORITY,
            appeal=DelegationPoint.Appeal.ADMINISTRATIVE,
            delegate_kind=automated,
        ),
    )
    assert draft.points.count() == 1


def test_adoption_needs_points_a_paragraph_and_a_day_that_has_come(
    committee, secretary
):
    """R46: the order is a dated decision of the body, named by its paragraph."""
    draft = orders.start_new_version(
        organisation=committee.organisation, actor=secretary, reason=SET_UP
    )
    today = clock.today()

    def adopt(**extra):
        values = dict(adopted_on=today, decision_paragraph="§ 3")
        values.update(extra)
        with pytest.raises(ValidationError) as refused:
            orders.adopt_order(order=draft, actor=secretary, reason=SET_UP, **values)
        return error_codes(refused.value)

    assert adopt() == {"order_empty"}
    orders.save_point(order=draft, actor=secretary, **point_values())
    assert adopt(decision_paragraph=" ") == {"paragraph_required"}
    assert adopt(adopted_on=today + datetime.timedelta(days=1)) == {"decided_in_future"}
    assert adopt(in_force_from=today - datetime.timedelta(days=1)) == {
        "in_force_before_adoption"
    }
    draft.refresh_from_db()
    assert draft.is_draft and draft.adopted_on is None


def test_only_the_bodys_secretary_keeps_its_order(city, committee, auditor):
    """R46 (the service asks who acts): another body's secretary and the auditor
    are refused, and nothing is written."""
    other = make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn)
    for actor in (other, auditor):
        with pytest.raises(PermissionDenied):
            orders.start_new_version(
                organisation=committee.organisation, actor=actor, reason=SET_UP
            )
    assert not DelegationOrder.objects.exists()


# --- delegated decisions under the order (R43, R47, R49) ----------------------------


def decide(committee, secretary, **extra):
    values = dict(
        organisation=committee.organisation,
        delegate="Jonas Eliasson, trafikdirektör",
        delegation_point="3.1",
        decided_on=datetime.date(2016, 1, 20),
        text="Tillstånd till grävning beviljas.",
        registration_number="T2016-00042",
        matter=MatterCategory.ORDINARY,
        actor=secretary,
        reason=SET_UP,
    )
    values.update(extra)
    return delegation.record_delegated_decision(**values)


def test_a_delegated_decision_points_to_the_point_in_force_on_its_day(
    committee, secretary, delegation_order
):
    """R46, R49: the decision stores the point of the version in force on the
    decision day, not of the latest one."""
    second = second_version(delegation_order, secretary)
    before = decide(committee, secretary)
    after = decide(committee, secretary, decided_on=datetime.date(2016, 3, 2))
    assert before.point == delegation_order.points.get(number="3.1")
    assert after.point == second.points.get(number="3.1")
    assert before.delegation_point == after.delegation_point == "3.1"


def test_a_decision_needs_an_order_in_force_and_one_of_its_points(
    committee, secretary, delegation_order
):
    """R46, R49: no order in force on the day, or no such point, is refused."""
    with pytest.raises(ValidationError) as refused:
        decide(committee, secretary, decided_on=datetime.date(2014, 6, 1))
    assert error_codes(refused.value) == {"no_order_in_force"}
    with pytest.raises(ValidationError) as refused:
        decide(committee, secretary, delegation_point="9.9")
    assert error_codes(refused.value) == {"unknown_delegation_point"}
    assert not DelegatedDecision.objects.exists()


@pytest.mark.parametrize("matter", sorted(EXCLUDED_CATEGORIES))
def test_the_delegation_service_refuses_what_cannot_be_delegated(
    committee, secretary, delegation_order, matter
):
    """R43, R47: a statement to the council and the other excluded categories
    cannot be decided on delegation, whatever the page; nothing is written."""
    with pytest.raises(ValidationError) as refused:
        decide(committee, secretary, matter=matter)
    assert error_codes(refused.value) == {"excluded_from_delegation"}
    assert not DelegatedDecision.objects.exists()
    assert not DelegatedDecision.history.exists()


def test_a_referral_answer_is_delegated_only_where_the_order_says_so(
    committee, secretary, delegation_order
):
    """R43: an answer to a referral from the board may be delegated only if the
    order has a point for it."""
    answer = MatterCategory.REFERRAL_ANSWER
    with pytest.raises(ValidationError) as refused:
        decide(committee, secretary, matter=answer)
    assert error_codes(refused.value) == {"point_does_not_cover_matter"}
    assert not DelegatedDecision.objects.exists()
    adopt_delegation_order(
        committee.organisation,
        secretary,
        numbers=["7.1"],
        adopted_on=datetime.date(2015, 9, 1),
        category=answer,
    )
    decision = decide(committee, secretary, matter=answer, delegation_point="7.1")
    assert decision.point.category == answer


def test_only_the_bodys_secretary_records_a_delegated_decision(
    city, committee, delegation_order
):
    """R49 (the service asks who acts): another body's secretary is refused."""
    other = make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn)
    with pytest.raises(PermissionDenied):
        decide(committee, other)
    assert not DelegatedDecision.objects.exists()
