"""The flows wait on what happens at meetings: the minutes or one paragraph
approved, an item decided, tabled or referred back, a case closed by hand. When
such a record is saved, the flows waiting on it look again once the change is
committed, rather than at the scheduler's next run (``manage.py
workflow_timers`` still looks every minute, e.g. after a failure here)."""

from django.db import transaction
from django.db.models.signals import post_save

from casework.meetings.models import AgendaItem, Minutes, ParagraphApproval
from casework.referrals.models import ReferralProcess, ResponseProcess
from casework.registry.models import Case
from workflows.models import MeetingProcess
from workflows.nodes import wake_conditions


def processes_of_meeting(meeting_id) -> set[int]:
    """The meeting's own flow and the referral and response flows whose cases
    have an item on it, in one query."""
    meeting = MeetingProcess.objects.filter(meeting_id=meeting_id)
    responses = ResponseProcess.objects.filter(
        recipient__committee_case__agenda_items__meeting_id=meeting_id
    )
    referrals = ReferralProcess.objects.filter(
        referral__case__agenda_items__meeting_id=meeting_id
    )
    found = [q.order_by().values_list("pk", flat=True) for q in (responses, referrals)]
    return set(meeting.order_by().values_list("pk", flat=True).union(*found))


def processes_of_case(case_id) -> set[int]:
    referrals = ReferralProcess.objects.filter(referral__case_id=case_id)
    return set(referrals.values_list("pk", flat=True))


def _later(find, key) -> None:
    """Once the change is committed, find the flows that may wait on it and
    wake them: nothing is looked up while the writer's transaction runs, nor
    for a change that is rolled back."""
    transaction.on_commit(lambda: wake_conditions(find(key)))


def _meeting_changed(sender, instance, **kwargs):
    _later(processes_of_meeting, instance.meeting_id)


def _paragraph_approved(sender, instance, **kwargs):
    _later(processes_of_meeting, instance.item.meeting_id)


def _case_changed(sender, instance, **kwargs):
    if instance.status == Case.Status.CLOSED:
        _later(processes_of_case, instance.pk)


def connect() -> None:
    """Called once, when the app is ready."""
    post_save.connect(_meeting_changed, sender=Minutes, dispatch_uid="wake-minutes")
    post_save.connect(_meeting_changed, sender=AgendaItem, dispatch_uid="wake-item")
    post_save.connect(
        _paragraph_approved, sender=ParagraphApproval, dispatch_uid="wake-paragraph"
    )
    post_save.connect(_case_changed, sender=Case, dispatch_uid="wake-case")
