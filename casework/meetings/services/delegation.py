"""Delegated decisions (sv. delegationsbeslut, R49) and the separate protocol of
those that are appealable but not reported to the committee, posted on the
notice board with their own appeal window (KL 6:40, 8:10 p.3; R35)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.meetings import rendering
from casework.meetings.models import DelegatedDecision, DelegationProtocol, Notice
from casework.meetings.services.common import require_posting_day
from casework.meetings.services.delegation_order import (
    point_in_force,
    require_delegable,
)
from permissions import delegation as access


@transaction.atomic
def record_delegated_decision(
    *,
    organisation: Organisation,
    delegate: str,
    delegation_point: str,
    decided_on: datetime.date,
    text: str,
    registration_number: str,
    matter: str,
    actor,
    reason: str,
    appealable: bool = False,
    reported: bool = True,
) -> DelegatedDecision:
    """Record a decision a delegate took for a deciding body, with everything
    R49 asks: delegate, point of the delegation order in force on the decision
    day (R46), date, text, case number and appealability. What may never be
    delegated is refused (R43, R47), and so is a matter the point does not
    cover: an answer to a referral only where the order says so (R43)."""
    if not (organisation.is_political and organisation.decides):
        raise ValidationError(
            _("Only a deciding body delegates decisions."), code="not_a_deciding_body"
        )
    access.require_keeper(actor, organisation)
    if decided_on > clock.today():
        raise ValidationError(
            _("The date cannot be in the future."), code="decided_in_future"
        )
    require_delegable(matter, field="matter")
    point = point_in_force(organisation, delegation_point, decided_on)
    if point.category != matter:
        raise ValidationError(
            {
                "matter": ValidationError(
                    _(
                        "Point %(number)s of the delegation order covers "
                        "%(covered)s, not this kind of matter."
                    )
                    % {"number": point.number, "covered": point.get_category_display()},
                    code="point_does_not_cover_matter",
                )
            }
        )
    decision = DelegatedDecision(
        organisation=organisation,
        delegate=delegate,
        delegation_point=point.number,
        point=point,
        matter=matter,
        decided_on=decided_on,
        text=text,
        registration_number=registration_number,
        appealable=appealable,
        reported=reported,
    )
    return save_tracked(decision, actor=actor, reason=reason)


def awaiting_protocol(organisation: Organisation):
    """Appealable decisions not reported to the committee and not yet in a
    protocol (R35)."""
    return organisation.delegated_decisions.filter(
        appealable=True, reported=False, protocol__isnull=True
    ).order_by("decided_on", "id")


@transaction.atomic
def draw_up_delegation_protocol(
    *, organisation: Organisation, actor, reason: str
) -> DelegationProtocol:
    """Record every appealable decision that is not reported to the committee in
    a separate protocol, with the SHA-256 of its text (R35)."""
    access.require_keeper(actor, organisation)
    decisions = list(awaiting_protocol(organisation).select_for_update())
    if not decisions:
        raise ValidationError(
            _("No appealable, unreported delegated decisions await a protocol."),
            code="nothing_to_record",
        )
    with translation.override("sv"):
        content = rendering.delegation_protocol_text(
            organisation, decisions, clock.today()
        )
    protocol = DelegationProtocol(
        organisation=organisation, content=content, digest=rendering.digest(content)
    )
    save_tracked(protocol, actor=actor, reason=reason)
    for decision in decisions:
        decision.protocol = protocol
        save_tracked(decision, actor=actor, reason=reason)
    return protocol


@transaction.atomic
def post_delegation_notice(
    *,
    protocol: DelegationProtocol,
    minutes_kept_at: str,
    actor,
    reason: str,
) -> Notice:
    """Post the protocol of delegated decisions on the notice board; the appeal
    window of its decisions runs from this day, the clock's (KL 8:10 p.3, 13:5;
    R28, R35)."""
    access.require_keeper(actor, protocol.organisation)
    protocol = DelegationProtocol.objects.select_for_update().get(pk=protocol.pk)
    if hasattr(protocol, "notice"):
        raise ValidationError(_("The notice is already posted."), code="already_posted")
    posted_on = clock.today()
    require_posting_day(posted_on, timezone.localtime(protocol.drawn_up_at).date())
    notice = Notice(
        kind=Notice.Kind.DELEGATED_DECISIONS,
        delegation_protocol=protocol,
        posted_on=posted_on,
        minutes_kept_at=minutes_kept_at,
    )
    return save_tracked(notice, actor=actor, reason=reason)
