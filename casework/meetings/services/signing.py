"""Signing the minutes (sv. justering): the chair and the minutes checkers sign
as themselves, in the system (R24); the committee secretary records a signature
made on paper, with its evidence (R27). When the chair and every checker have
signed, the minutes are approved: official and immutable (R26).

Other parts of the system learn that the minutes were approved from
``Minutes.is_approved`` (the meeting's state is then ``minutes_approved``), and
ask ``minutes_awaiting_signature(user)`` which minutes await the user's
signature, e.g. for a list of tasks.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Person
from casework.history import save_tracked
from casework.meetings import rendering
from casework.meetings.models import (
    ApprovalMethod,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesVersion,
    Statement,
)
from casework.meetings.services.common import approval_evidence, require_meeting_state
from casework.meetings.services.minutes import approvers, current_text
from casework.meetings.services.statements import lock_statements
from casework.records import field_error
from permissions import rules

State = Meeting.State


def signature_due(minutes: Minutes, user) -> bool:
    """Whether the minutes await the user's own signature now."""
    person = getattr(user, "person", None)
    return (
        rules.can_approve_minutes(user, minutes)
        and person is not None
        and not minutes.approvals.filter(person=person).exists()
    )


def minutes_awaiting_signature(user) -> QuerySet:
    """The drawn-up minutes the user signs as chair or checker and has not yet
    signed, oldest meeting first."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Minutes.objects.none()
    signed = MinutesApproval.objects.filter(minutes=OuterRef("pk"), person=person)
    return (
        Minutes.objects.filter(
            Q(meeting__chair=person) | Q(meeting__minutes_checkers=person),
            state=Minutes.State.DRAFT,
            meeting__state=State.MINUTES_DRAFTED,
        )
        .exclude(Exists(signed))
        .select_related("meeting__organisation")
        .distinct()
        .order_by("meeting__held_on", "pk")
    )


def signatures(minutes: Minutes) -> list[tuple[Person, str, MinutesApproval | None]]:
    """The chair, then each minutes checker, with the role and the signature
    each has given so far (None while it is due)."""
    meeting = minutes.meeting
    given = {a.person_id: a for a in minutes.approvals.select_related("recorded_by")}
    people = [(meeting.chair, _("chair"))] if meeting.chair else []
    people += [(p, _("minutes checker")) for p in meeting.minutes_checkers.all()]
    return [(person, role, given.get(person.pk)) for person, role in people]


def _lock(minutes: Minutes) -> None:
    """Lock the minutes and read them again: signatures are counted one at a
    time, so two last signatures at the same moment approve the minutes once."""
    minutes.state, minutes.approved_at = (
        Minutes.objects.select_for_update()
        .values_list("state", "approved_at")
        .get(pk=minutes.pk)
    )
    minutes.meeting.refresh_from_db()


def _require_may_sign(minutes: Minutes, person: Person) -> None:
    meeting = minutes.meeting
    require_meeting_state(meeting, State.MINUTES_DRAFTED)
    if person.pk not in approvers(meeting):
        raise ValidationError(
            _("Only the chair and the minutes checkers approve the minutes."),
            code="not_an_approver",
        )
    if meeting.approval_due_at and clock.now() < meeting.approval_due_at:
        raise ValidationError(
            _("The minutes are approved at the time set: %(time)s.")
            % {
                "time": timezone.localtime(meeting.approval_due_at).strftime(
                    "%Y-%m-%d %H:%M"
                )
            },
            code="approval_time_not_reached",
        )
    if minutes.approvals.filter(person=person).exists():
        raise ValidationError(
            _("Already approved by this person."), code="already_approved"
        )


@transaction.atomic
def sign_minutes(
    *,
    minutes: Minutes,
    actor,
    reason: str,
    digest: str = "",
    method: str = ApprovalMethod.IN_SYSTEM,
    validation_data: str = "",
    late_reason: str = "",
) -> MinutesApproval:
    """The chair or a minutes checker signs the minutes as themselves, on the
    approval page or with an advanced electronic signature whose validation data
    are kept (R24, R27). After the last day for approval the signature says
    why it is late (KL 5:69)."""
    if method == ApprovalMethod.ON_PAPER:
        raise ValidationError(
            _("A signature on paper is recorded by the committee secretary."),
            code="paper_is_recorded",
        )
    _lock(minutes)
    if not rules.signs_minutes(actor, minutes.meeting):
        raise PermissionDenied(
            _("Only the meeting's chair and minutes checkers sign its minutes.")
        )
    evidence = approval_evidence(
        method=method, validation_data=validation_data, digest=digest
    )
    today = clock.today()
    late = _late_reason(minutes, today, late_reason)
    return _sign(
        minutes,
        actor.person,
        evidence={**evidence, "signed_on": today, "late_reason": late},
        digest=digest,
        actor=actor,
        reason=reason,
    )


def _paper_evidence(minutes: Minutes, signed_on, reference: str) -> dict:
    """The day the paper was signed and where the signed page is kept (R27)."""
    errors = {}
    if not reference.strip():
        errors["reference"] = ValidationError(
            _("Say where the signed page is kept."), code="reference_required"
        )
    if signed_on is None:
        errors["signed_on"] = ValidationError(
            _("Give the day the minutes were signed."), code="signed_on_required"
        )
    elif signed_on > clock.today():
        errors["signed_on"] = ValidationError(
            _("A signature cannot be dated in the future."), code="signed_in_future"
        )
    else:
        due = minutes.meeting.approval_due_at
        earliest = timezone.localtime(due).date() if due else minutes.meeting.held_on
        if signed_on < earliest:
            errors["signed_on"] = ValidationError(
                _("The minutes could not be signed before %(date)s.")
                % {"date": earliest.isoformat()},
                code="signed_before_time_set",
            )
    if errors:
        raise ValidationError(errors)
    return {
        "method": ApprovalMethod.ON_PAPER,
        "signed_on": signed_on,
        "paper_reference": reference.strip(),
    }


@transaction.atomic
def record_paper_signature(
    *,
    minutes: Minutes,
    person: Person,
    signed_on: datetime.date | None,
    reference: str,
    actor,
    reason: str,
    late_reason: str = "",
) -> MinutesApproval:
    """The committee secretary records that the chair or a checker signed the
    printed minutes: who, on which day, and where the signed page (or its scan)
    is kept (R27). The signature counts for the text as it reads now; signed
    after the last day for approval, it says why (R24)."""
    _lock(minutes)
    if not rules.can_keep_minutes(actor, minutes.meeting):
        raise PermissionDenied(
            _("Only the committee secretary records a signature made on paper.")
        )
    evidence = _paper_evidence(minutes, signed_on, reference)
    evidence["late_reason"] = _late_reason(minutes, signed_on, late_reason)
    return _sign(
        minutes, person, evidence=evidence, digest="", actor=actor, reason=reason
    )


def _late_reason(minutes: Minutes, signed_on: datetime.date, reason: str) -> str:
    """A signature after the last day for approval (14 days after the meeting,
    pushed past holidays; R24, KL 5:69) is recorded only with its reason; one
    in time has none."""
    deadline = minutes.meeting.approval_deadline
    if signed_on <= deadline:
        return ""
    if not reason.strip():
        raise field_error(
            "late_reason",
            _(
                "The minutes were to be approved by %(date)s (KL 5 kap. 69 §); "
                "say why they are approved later."
            )
            % {"date": deadline.isoformat()},
            code="approval_late_reason_required",
        )
    return reason.strip()


def _sign(
    minutes: Minutes, person: Person, *, evidence: dict, digest: str, actor, reason
) -> MinutesApproval:
    _require_may_sign(minutes, person)
    meeting = minutes.meeting
    lock_statements(meeting=meeting, actor=actor, reason=reason)
    text = current_text(meeting)
    if digest and digest != rendering.digest(text):
        raise ValidationError(
            _("The minutes changed after you read them; read them again."),
            code="minutes_changed",
        )
    signature = MinutesApproval(
        minutes=minutes,
        person=person,
        digest=rendering.digest(text),
        recorded_by=actor,
        **evidence,
    )
    save_tracked(signature, actor=actor, reason=reason)
    signed = set(minutes.approvals.values_list("person_id", flat=True))
    if signed >= approvers(meeting):
        _complete_approval(minutes, text, actor=actor, reason=reason)
    return signature


def _complete_approval(minutes: Minutes, text: str, *, actor, reason: str) -> None:
    digests = set(minutes.approvals.values_list("digest", flat=True))
    if len(digests) != 1:
        raise ValidationError(
            _(
                "The minutes changed between signatures; every signer must approve "
                "the same text."
            ),
            code="approved_texts_differ",
        )
    version = MinutesVersion(
        minutes=minutes, number=1, content=text, digest=digests.pop()
    )
    save_tracked(version, actor=actor, reason=reason)
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at = clock.now()
    save_tracked(minutes, actor=actor, reason=reason)
    meeting = minutes.meeting
    meeting.state = State.MINUTES_APPROVED
    save_tracked(meeting, actor=actor, reason=reason)
    for statement in Statement.objects.filter(
        item__meeting=meeting, state=Statement.State.LOCKED
    ):
        statement.state = Statement.State.IN_MINUTES
        save_tracked(statement, actor=actor, reason=reason)
