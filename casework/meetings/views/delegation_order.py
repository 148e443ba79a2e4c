"""The delegation order's pages: its versions, the version in force on a day,
and the editor of the draft, which refuses what may never be delegated (R46,
R47)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.meetings import delegation_forms as forms
from casework.meetings.models import DelegationOrder, DelegationPoint
from casework.meetings.services import delegation_order as services
from casework.meetings.views.common import (
    form_page,
    posted,
    require,
    require_get_or_post,
)
from permissions import delegation as access

LIST_URL = "meetings:delegation_order_list"


def _order_or_404(user, pk) -> DelegationOrder:
    try:
        return DelegationOrder.objects.select_related("organisation").get(
            pk=pk, organisation__in=access.bodies_visible_to(user)
        )
    except (DelegationOrder.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _in_force(user, form) -> list[dict]:
    """For each body the user sees: the version in force on the day asked."""
    if not form.is_valid():
        return []
    day = form.cleaned_data["day"]
    bodies = access.bodies_visible_to(user).filter(delegation_orders__isnull=False)
    return [
        {"organisation": body, "order": services.order_in_force(body, day)}
        for body in bodies.distinct().order_by("name")
    ]


@login_required
@require_safe
def delegation_order_list(request):
    """Every version of the orders of the bodies the user sees, and which one
    was in force on a day (R46)."""
    user = request.user
    lookup = forms.InForceForm(request.GET or None)
    orders = DelegationOrder.objects.filter(
        organisation__in=access.bodies_visible_to(user)
    ).select_related("organisation")
    context = {
        "orders": orders.order_by("organisation__name", "-version")[:200],
        "lookup": lookup,
        "in_force": _in_force(user, lookup),
        "may_edit": access.bodies_kept_by(user).exists(),
    }
    return render(request, "meetings/delegation_order_list.html", context)


@login_required
@require_get_or_post
def delegation_order_create(request):
    """Start a new version of a body's order (R46)."""
    kept = access.bodies_kept_by(request.user)
    require(kept.exists())
    return form_page(
        request,
        forms.OrganisationForm(*posted(request), organisations=kept),
        services.start_new_version,
        message=_("A new draft version was started."),
        done=lambda order: order.get_absolute_url(),
        context={
            "heading": _("Start a new version of the delegation order"),
            "submit_label": _("Start the new version"),
            "cancel_url": reverse(LIST_URL),
            "notes": [
                _(
                    "The draft starts from the points of the version in force; the "
                    "adopted versions stay as they were (KL 6 kap. 37–38 §§)."
                )
            ],
        },
    )


@login_required
@require_safe
def delegation_order_detail(request, pk):
    """One version with its points and the decision that adopted it."""
    order = _order_or_404(request.user, pk)
    context = {
        "order": order,
        "points": sorted(order.points.all(), key=_point_key),
        "may_edit": order.is_draft
        and access.keeps_body(request.user, order.organisation),
    }
    return render(request, "meetings/delegation_order_detail.html", context)


def _point_key(point: DelegationPoint):
    """Points in their numbered order: 2.1 before 10.1, a part that is not a
    number after those that are."""
    parts = [
        (0, int(part), "") if part.isdecimal() else (1, 0, part)
        for part in point.number.split(".")
    ]
    return parts, point.pk


def _editable(request, order) -> None:
    require(order.is_draft and access.keeps_body(request.user, order.organisation))


def _point_page(request, order, form, service, heading):
    return form_page(
        request,
        form,
        service,
        message=_("The point was saved."),
        done=order,
        context={
            "heading": heading,
            "submit_label": _("Save the point"),
            "cancel_url": order.get_absolute_url(),
            "notes": [
                _(
                    "Power may not be delegated over the goals, direction, scope or "
                    "quality of the activity, statements to the council, statements "
                    "on appealed decisions, matters of principle, citizens' proposals "
                    "or what other law excludes (KL 6 kap. 38 §)."
                )
            ],
        },
    )


@login_required
@require_get_or_post
def delegation_point_create(request, pk):
    """Add a point to the draft."""
    order = _order_or_404(request.user, pk)
    _editable(request, order)
    return _point_page(
        request,
        order,
        forms.PointForm(*posted(request)),
        partial(services.save_point, order=order),
        _("Add a point to the delegation order"),
    )


@login_required
@require_get_or_post
def delegation_point_edit(request, pk):
    """Change a point of the draft."""
    try:
        point = DelegationPoint.objects.select_related("order__organisation").get(
            pk=pk, order__organisation__in=access.bodies_visible_to(request.user)
        )
    except (DelegationPoint.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    order = point.order
    _editable(request, order)
    initial = {
        name: getattr(point, name)
        for name in ("number", "matter", "category", "delegate_kind", "delegate")
    } | {"limits": point.limits, "appeal": point.appeal}
    return _point_page(
        request,
        order,
        forms.PointForm(*posted(request), initial=initial),
        partial(services.save_point, order=order, point=point),
        _("Change point %(number)s") % {"number": point.number},
    )


@login_required
@require_get_or_post
def delegation_order_adopt(request, pk):
    """Record the body's decision adopting the draft, with date and paragraph."""
    order = _order_or_404(request.user, pk)
    _editable(request, order)
    return form_page(
        request,
        forms.AdoptOrderForm(*posted(request)),
        partial(services.adopt_order, order=order),
        message=_("The delegation order was adopted."),
        done=order,
        context={
            "heading": _("Record the decision adopting the delegation order"),
            "submit_label": _("Record the decision"),
            "cancel_url": order.get_absolute_url(),
            "notes": [
                _(
                    "Once adopted, this version cannot change; a later decision "
                    "makes a new version."
                )
            ],
        },
    )
