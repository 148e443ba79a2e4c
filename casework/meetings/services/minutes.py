"""Minutes: drafting, correction, notice, appeal; signing is in ``signing``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings import deadlines, rendering
from casework.meetings.models import (
    AgendaItem,
    Meeting,
    Minutes,
    MinutesVersion,
    Notice,
)
from casework.meetings.services.common import (
    lock,
    require_meeting_state,
    require_posting_day,
)
from casework.registry import services as registry
from casework.registry.models import Case, Document
from permissions import meeting_acts

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


def _correction_line(version: MinutesVersion) -> str:
    day = timezone.localtime(version.created_at).date()
    return f"Rättelse {day:%Y-%m-%d}: {version.correction_note}"


def _paragraph_trail(item: AgendaItem, minutes: Minutes) -> tuple[list, list]:
    """The paragraph's lines in the latest version of the approved minutes and
    a note for each correction that changed them (R26)."""
    versions = list(minutes.versions.order_by("number"))
    sections = [
        rendering.paragraph_section(version.content, item.paragraph_number)
        for version in versions
    ]
    if sections[-1] is None:
        raise ValidationError(
            _("The approved minutes have no such paragraph."),
            code="paragraph_not_in_minutes",
        )
    notes = [
        _correction_line(version)
        for version, before, after in zip(
            versions[1:], sections[:-1], sections[1:], strict=True
        )
        if before != after
    ]
    return sections[-1], notes


def approved_paragraph_text(item: AgendaItem, minutes: Minutes) -> str:
    """One paragraph as the approved minutes read it, never the live data: the
    latest version of the correction trail, with a line under it for each
    correction that changed this paragraph, saying when and why (R26)."""
    section, notes = _paragraph_trail(item, minutes)
    lines = list(section)
    while lines and not lines[-1].strip():
        lines.pop()
    if notes:
        lines.extend(["", *notes])
    return rendering.extract_from_lines(item.meeting, lines)


@transaction.atomic
def draw_up_minutes(*, meeting: Meeting, actor, reason: str) -> Minutes:
    """The secretary draws up the minutes of a closed meeting (c.4)."""
    meeting_acts.require_minutes_keeper(actor, meeting)
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


@transaction.atomic
def correct_minutes(
    *, minutes: Minutes, content: str, note: str, actor, reason: str
) -> MinutesVersion:
    """A correction of approved minutes: a new version, visibly annotated with
    what was changed, when, by whom and why; the earlier version stays (R26)."""
    meeting_acts.require_minutes_keeper(actor, minutes.meeting)
    lock(minutes)
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
    minutes_kept_at: str,
    actor,
    reason: str,
) -> Notice:
    """Post the notice of approval on the notice board, at the latest the second
    day after approval (R28, KL 8:12). Dated by the clock, the day it goes up,
    never earlier; a late one is flagged (``notice_was_late``). Posted once: a
    second notice at the same moment is refused."""
    meeting_acts.require_minutes_keeper(actor, minutes.meeting)
    lock(minutes)
    if not minutes.is_approved:
        raise ValidationError(
            _("The minutes are not approved yet."), code="not_approved"
        )
    posted_on = clock.today()
    require_posting_day(posted_on, timezone.localtime(minutes.approved_at).date())
    if Notice.objects.filter(minutes=minutes).exists():
        raise ValidationError(_("The notice is already posted."), code="already_posted")
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
    """Whether the notice went up after the statutory day (R28): the second day
    after the minutes, the paragraph or the protocol of delegated decisions was
    approved or drawn up, moved by the söndagsregel."""
    approved_on = timezone.localtime(notice.approved_at).date()
    return notice.posted_on > deadlines.notice_deadline(approved_on)


@transaction.atomic
def end_appeal_window(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """After the last day of appeal the decisions are final where appealable
    (R30–R32); the notice stays until then (R29). The day is the clock's: no
    caller closes the window early."""
    meeting_acts.require_minutes_keeper(actor, meeting)
    require_meeting_state(meeting, State.NOTICE_POSTED)
    last_day = meeting.minutes.notice.appeal_last_day
    if clock.today() <= last_day:
        raise ValidationError(
            _("The appeal window runs until %(date)s.") % {"date": last_day},
            code="appeal_window_open",
        )
    meeting.state = State.APPEAL_WINDOW_PASSED
    return save_tracked(meeting, actor=actor, reason=reason)


def _extract_text(item: AgendaItem, minutes, at_meeting) -> tuple:
    """The extract's text and when it was approved. A paragraph approved at the
    meeting is filed as approved then (R25), unless a correction of the
    minutes has changed it since (R26)."""
    minutes_approved = minutes is not None and minutes.is_approved
    if at_meeting is None:
        return approved_paragraph_text(item, minutes), minutes.approved_at
    if minutes_approved and _paragraph_trail(item, minutes)[1]:
        return approved_paragraph_text(item, minutes), at_meeting.approved_at
    return at_meeting.content, at_meeting.approved_at


@transaction.atomic
def file_extract(*, item: AgendaItem, actor, reason: str) -> Document:
    """File the approved paragraph back into its case as an official document
    (sv. protokollsutdrag; TF 2:10, R59)."""
    meeting_acts.require_extract_filer(actor, item)
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
    # The case's row lock makes two filings at the same moment take turns.
    Case.objects.select_for_update().filter(pk=item.case_id).first()
    title = f"Protokollsutdrag § {item.paragraph_number} {meeting.organisation.name}"
    if item.case.documents.filter(
        kind=Document.Kind.MINUTES_EXTRACT, versions__title=title
    ).exists():
        raise ValidationError(
            _("The extract is already filed in the case."), code="extract_already_filed"
        )
    text, approved_at = _extract_text(item, minutes, at_meeting)
    return registry._register_document(
        case=item.case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.MINUTES_EXTRACT,
        title=title,
        public_description=f"{title} {meeting.held_on:%Y-%m-%d}",
        body=text,
        dated=timezone.localtime(approved_at).date(),
        official_because=Document.OfficialBecause.APPROVED,
        actor=actor,
        reason=reason,
    )
