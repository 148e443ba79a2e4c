"""The delegation order as a versioned, dated decision of a deciding body (R46)
whose editor refuses what may never be delegated (KL 6:38, R47)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.meetings.models import (
    DelegationOrder,
    DelegationPoint,
    MatterCategory,
)
from casework.meetings.models.delegation_order import EXCLUDED_CATEGORIES
from casework.records import field_error
from permissions import delegation as access

Kind = DelegationPoint.DelegateKind
Appeal = DelegationPoint.Appeal
# KL 6:38 2 st.: an automated function may not decide what is appealed by
# legality review, what cannot be appealed, nor procurement and choice systems.
NOT_AUTOMATED = {MatterCategory.PROCUREMENT, MatterCategory.AUTHORISATION}


def excluded_message(category: str) -> str:
    """Why power over ``category`` can never be delegated (R47)."""
    label = MatterCategory(category).label
    return _(
        "Power to decide on %(matter)s cannot be delegated; the body itself "
        "decides it (KL 6 kap. 38 §)."
    ) % {"matter": label}


def require_delegable(category: str, *, field: str = "category") -> None:
    """R47 (KL 6:38): the excluded categories never take the delegation path."""
    if category in EXCLUDED_CATEGORIES:
        raise field_error(
            field, excluded_message(category), code="excluded_from_delegation"
        )


def _require_automation_allowed(category: str, delegate_kind: str, appeal: str):
    if delegate_kind != Kind.AUTOMATED:
        return
    if category in NOT_AUTOMATED or appeal != Appeal.ADMINISTRATIVE:
        raise field_error(
            "delegate_kind",
            _(
                "An automated decision function may not decide matters appealed by "
                "legality review, matters that cannot be appealed, procurement or "
                "choice systems (KL 6 kap. 38 §)."
            ),
            code="not_for_automated_decisions",
        )


def _lock_organisation(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _lock_draft(order: DelegationOrder) -> DelegationOrder:
    """The order, locked; refused unless it is still a draft."""
    locked = DelegationOrder.objects.select_for_update().get(pk=order.pk)
    if not locked.is_draft:
        raise ValidationError(
            _("This version is adopted and cannot change; start a new version."),
            code="order_adopted",
        )
    return locked


def order_in_force(organisation: Organisation, day: datetime.date):
    """The adopted version in force on ``day``, or None (R46)."""
    return (
        DelegationOrder.objects.filter(
            organisation=organisation,
            state=DelegationOrder.State.ADOPTED,
            in_force_from__lte=day,
        )
        .order_by("-in_force_from", "-version")
        .first()
    )


def point_in_force(organisation: Organisation, number: str, day: datetime.date):
    """The point numbered ``number`` of the order in force on ``day``."""
    order = order_in_force(organisation, day)
    if order is None:
        raise field_error(
            "decided_on",
            _("%(organisation)s had no delegation order in force on %(date)s.")
            % {"organisation": organisation, "date": day.isoformat()},
            code="no_order_in_force",
        )
    point = order.points.filter(number=number.strip()).first()
    if point is None:
        raise field_error(
            "delegation_point",
            _("The delegation order in force on %(date)s has no point %(number)s.")
            % {"date": day.isoformat(), "number": number},
            code="unknown_delegation_point",
        )
    return point


@transaction.atomic
def start_new_version(
    *, organisation: Organisation, actor, reason: str
) -> DelegationOrder:
    """A new draft version, with the points of the latest adopted version to
    start from; one draft at a time."""
    if not (organisation.is_political and organisation.decides):
        raise ValidationError(
            _("Only a deciding body delegates decisions."), code="not_a_deciding_body"
        )
    access.require_keeper(actor, organisation)
    organisation = _lock_organisation(organisation)
    orders = DelegationOrder.objects.filter(organisation=organisation)
    if orders.filter(state=DelegationOrder.State.DRAFT).exists():
        raise ValidationError(
            _("A draft version already exists; finish it first."),
            code="draft_exists",
        )
    latest = orders.filter(state=DelegationOrder.State.ADOPTED).first()
    version = (orders.aggregate(top=Max("version"))["top"] or 0) + 1
    draft = save_tracked(
        DelegationOrder(organisation=organisation, version=version),
        actor=actor,
        reason=reason,
    )
    for point in latest.points.all() if latest else ():
        point.pk = None
        point.order = draft
        save_tracked(point, actor=actor, reason=reason)
    return draft


@transaction.atomic
def save_point(
    *,
    order: DelegationOrder,
    number: str,
    matter: str,
    category: str,
    delegate_kind: str,
    delegate: str,
    actor,
    reason: str,
    limits: str = "",
    appeal: str = Appeal.LEGALITY,
    point: DelegationPoint | None = None,
) -> DelegationPoint:
    """Add a point to the draft, or change one of its points; the excluded
    categories are refused (R47)."""
    access.require_keeper(actor, order.organisation)
    order = _lock_draft(order)
    require_delegable(category)
    _require_automation_allowed(category, delegate_kind, appeal)
    if point is not None and point.order_id != order.pk:
        raise ValidationError(
            _("The point belongs to another version."), code="point_of_other_order"
        )
    number = number.strip()
    clash = order.points.filter(number=number)
    if point is not None:
        clash = clash.exclude(pk=point.pk)
    if clash.exists():
        raise field_error(
            "number", _("The draft already has this point."), code="point_exists"
        )
    point = point or DelegationPoint(order=order)
    point.number, point.matter, point.category = number, matter.strip(), category
    point.delegate_kind, point.delegate = delegate_kind, delegate.strip()
    point.limits, point.appeal = limits.strip(), appeal
    return save_tracked(point, actor=actor, reason=reason)


@transaction.atomic
def adopt_order(
    *,
    order: DelegationOrder,
    adopted_on: datetime.date,
    decision_paragraph: str,
    actor,
    reason: str,
    in_force_from: datetime.date | None = None,
    registration_number: str = "",
) -> DelegationOrder:
    """Record the body's decision adopting the draft, with its date and
    paragraph; the version is fixed from then on (R46)."""
    access.require_keeper(actor, order.organisation)
    order = _lock_draft(order)
    in_force_from = in_force_from or adopted_on
    _require_adoption_dates(adopted_on, in_force_from)
    points = list(order.points.all())
    if not points:
        raise ValidationError(
            _("A delegation order needs at least one point."), code="order_empty"
        )
    for point in points:
        require_delegable(point.category, field="__all__")
    if not decision_paragraph.strip():
        raise field_error(
            "decision_paragraph",
            _("Give the paragraph of the decision."),
            code="paragraph_required",
        )
    order.state = DelegationOrder.State.ADOPTED
    order.adopted_on, order.in_force_from = adopted_on, in_force_from
    order.decision_paragraph = decision_paragraph.strip()
    order.registration_number = registration_number.strip()
    return save_tracked(order, actor=actor, reason=reason)


def _require_adoption_dates(adopted_on, in_force_from) -> None:
    if adopted_on > clock.today():
        raise field_error(
            "adopted_on",
            _("The date cannot be in the future."),
            code="decided_in_future",
        )
    if in_force_from < adopted_on:
        raise field_error(
            "in_force_from",
            _("An order cannot be in force before it was adopted."),
            code="in_force_before_adoption",
        )
