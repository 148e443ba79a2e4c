"""Minutes: drafting, approval by chair and checkers, correction, notice, appeal."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Person
from casework.history import save_tracked
from casework.meetings import deadlines, rendering
from casework.meetings.models import (
    AgendaItem,
    ApprovalMethod,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesVersion,
    Notice,
    Statement,
)
from casework.meetings.services.common import (
    approval_evidence,
    require_meeting_state,
    require_posting_day,
)
from casework.meetings.services.statements import lock_statements
from casework.registry import services as registry
from casework.registry.models import Document

State = Meeting.State


def current_text(meeting: Meeting) -> str:
    """The minutes as they read now, always in Swedish."""
    with translation.override("sv"):
        return rendering.minutes_text(rendering.meeting_for_minutes(meeting.pk))


def paragraph_text(item: AgendaItem) -> str:
    """One paragraph as the extract of the minutes reads now, in Swedish."""
    with translation.override("sv"):
        return rendering.extract_text(
            rendering.meeting_for_minutes(item.meeting_id), item.paragraph_number
        )


@transaction.atomic
def draw_up_minutes(*, meeting: Meeting, actor, reason: str) -> Minutes:
    """The secretary draws up the minutes of a closed meeting (c.4)."""
    require_meeting_state(meeting, State.CLOSED)
    minutes = Minutes(meeting=meeting)
    save_tracked(minutes, actor=actor, reason=reason)
    meeting.state = State.MINUTES_DRAFTED
    save_tracked(meeting, actor=actor, reason=reason)
    return minutes


def approvers(meeting: Meeting) -> set[int]:
    """The chair and the minutes checkers sign the minutes (R24)."""
    people = set(meeting.minutes_checkers.values_list("pk", flat=True))
    if meeting.chair_id:
        people.add(meeting.chair_id)
    return people


def _require_may_approve(minutes: Minutes, person: Person) -> None:
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
def approve_minutes(
    *,
    minutes: Minutes,
    person: Person,
    actor,
    reason: str,
    digest: str = "",
    method: str = ApprovalMethod.IN_SYSTEM,
    validation_data: str = "",
) -> MinutesApproval:
    """Record one signature (sv. justering). When the chair and every checker have
    signed, the minutes are official and immutable, with a SHA-256 digest (R24, R26).
    The method and any validation data supplied are kept with the signature (R27)."""
    _require_may_approve(minutes, person)
    evidence = approval_evidence(
        method=method, validation_data=validation_data, digest=digest
    )
    meeting = minutes.meeting
    lock_statements(meeting=meeting, actor=actor, reason=reason)
    text = current_text(meeting)
    if digest and digest != rendering.digest(text):
        raise ValidationError(
            _("The minutes changed after you read them; read them again."),
            code="minutes_changed",
        )
    signature = MinutesApproval(
        minutes=minutes, person=person, digest=rendering.digest(text), **evidence
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


@transaction.atomic
def correct_minutes(
    *, minutes: Minutes, content: str, note: str, actor, reason: str
) -> MinutesVersion:
    """A correction of approved minutes: a new version, visibly annotated with
    what was changed, when, by whom and why; the earlier version stays (R26)."""
    if not minutes.is_approved:
        raise ValidationError(
            _("Only approved minutes are corrected."), code="not_approved"
        )
    if not note.strip():
        raise ValidationError(
            _("Say what was corrected and why."), code="note_required"
        )
    latest = minutes.versions.order_by("-number").first()
    version = MinutesVersion(
        minutes=minutes,
        number=latest.number + 1,
        content=content,
        digest=rendering.digest(content),
        correction_note=note.strip(),
    )
    return save_tracked(version, actor=actor, reason=reason)


@transaction.atomic
def post_notice(
    *,
    minutes: Minutes,
    posted_on: datetime.date,
    minutes_kept_at: str,
    actor,
    reason: str,
) -> Notice:
    """Post the notice of approval on the notice board, at the latest the second
    day after approval (R28, KL 8:12)."""
    if not minutes.is_approved:
        raise ValidationError(
            _("The minutes are not approved yet."), code="not_approved"
        )
    require_posting_day(posted_on, timezone.localtime(minutes.approved_at).date())
    notice = Notice(
        kind=Notice.Kind.MINUTES,
        minutes=minutes,
        posted_on=posted_on,
        minutes_kept_at=minutes_kept_at,
    )
    save_tracked(notice, actor=actor, reason=reason)
    meeting = minutes.meeting
    meeting.state = State.NOTICE_POSTED
    save_tracked(meeting, actor=actor, reason=reason)
    return notice


def notice_was_late(notice: Notice) -> bool:
    """Whether the notice came after the statutory day (R28)."""
    approved_on = timezone.localtime(notice.minutes.approved_at).date()
    return notice.posted_on > deadlines.notice_deadline(approved_on)


@transaction.atomic
def end_appeal_window(*, meeting: Meeting, actor, reason: str, today=None) -> Meeting:
    """After the last day of appeal the decisions are final where appealable
    (R30–R32); the notice stays until then (R29)."""
    require_meeting_state(meeting, State.NOTICE_POSTED)
    today = today or clock.today()
    last_day = meeting.minutes.notice.appeal_last_day
    if today <= last_day:
        raise ValidationError(
            _("The appeal window runs until %(date)s.") % {"date": last_day},
            code="appeal_window_open",
        )
    meeting.state = State.APPEAL_WINDOW_PASSED
    return save_tracked(meeting, actor=actor, reason=reason)


@transaction.atomic
def file_extract(*, item: AgendaItem, actor, reason: str) -> Document:
    """File the approved paragraph back into its case as an official document
    (sv. protokollsutdrag; TF 2:10, R59)."""
    meeting = item.meeting
    minutes = getattr(meeting, "minutes", None)
    at_meeting = getattr(item, "immediate_approval", None)
    if at_meeting is None and (minutes is None or not minutes.is_approved):
        raise ValidationError(
            _("The minutes are not approved yet."), code="not_approved"
        )
    if item.case is None or item.paragraph_number is None:
        raise ValidationError(
            _("Only a handled item with a case has an extract."), code="no_case"
        )
    title = f"Protokollsutdrag § {item.paragraph_number} {meeting.organisation.name}"
    if item.case.documents.filter(
        kind=Document.Kind.MINUTES_EXTRACT, versions__title=title
    ).exists():
        raise ValidationError(
            _("The extract is already filed in the case."), code="extract_already_filed"
        )
    if at_meeting is not None:
        # R25: the paragraph approved at the meeting is filed as approved then.
        text, approved_at = at_meeting.content, at_meeting.approved_at
    else:
        text, approved_at = paragraph_text(item), minutes.approved_at
    document = registry.register_document(
        case=item.case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.MINUTES_EXTRACT,
        title=title,
        public_description=f"{title} {meeting.held_on:%Y-%m-%d}",
        body=text,
        dated=timezone.localtime(approved_at).date(),
        actor=actor,
        reason=reason,
    )
    return registry.make_official(
        document=document,
        because=Document.OfficialBecause.APPROVED,
        actor=actor,
        reason=reason,
    )
