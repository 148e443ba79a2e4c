"""What the response flow's conditions and steps read of the recipient's case:
its newest officer report, agenda item and extract, and whether the committee
is done with it; and recording the committee's decision (rules.md c.2)."""

from django.core.exceptions import ValidationError

from casework.meetings.models import AgendaItem, Minutes, ParagraphApproval
from casework.meetings.services import minutes as minutes_services
from casework.referrals import services
from casework.referrals.models import OfficerReport, ReferralRecipient
from casework.registry.models import Document

AUTOMATIC = "automatic step of the response flow"
State = ReferralRecipient.State


def current(activation) -> ReferralRecipient:
    """The process's recipient as it is now: the steps save it through their
    own, locked copy, so the one cached on the process may be stale."""
    return ReferralRecipient.objects.select_related("committee_case").get(
        pk=activation.process.recipient_id
    )


def latest_report(recipient) -> OfficerReport | None:
    """The newest officer report in the recipient's own case."""
    if recipient.committee_case_id is None:
        return None
    return (
        OfficerReport.objects.filter(case_id=recipient.committee_case_id)
        .order_by("-id")
        .first()
    )


def latest_item(recipient) -> AgendaItem | None:
    """The newest agenda item on the recipient's own case."""
    if recipient.committee_case_id is None:
        return None
    return (
        AgendaItem.objects.filter(case_id=recipient.committee_case_id)
        .select_related("meeting")
        .order_by("-id")
        .first()
    )


def latest_extract(recipient) -> Document | None:
    return (
        Document.objects.filter(
            case_id=recipient.committee_case_id, kind=Document.Kind.MINUTES_EXTRACT
        )
        .order_by("-id")
        .first()
    )


def committee_is_done(recipient) -> bool:
    """The committee has handled the item: tabled it, referred it back, or
    decided it in a paragraph since approved, at the meeting (R25) or with the
    minutes (R24, R42)."""
    item = latest_item(recipient)
    if item is None or item.state in (AgendaItem.State.PENDING, AgendaItem.State.OPEN):
        return False
    if not item.is_decided:
        return True
    if ParagraphApproval.objects.filter(item=item).exists():
        return True
    return Minutes.objects.filter(
        meeting_id=item.meeting_id, state=Minutes.State.APPROVED
    ).exists()


def locked(activation) -> ReferralRecipient:
    """The task's recipient, read afresh and locked until the transaction ends,
    so that the two flows never save it over each other."""
    pk = activation.process.recipient_id
    return ReferralRecipient.objects.select_for_update().get(pk=pk)


def record_decision_of(recipient, *, actor) -> Document:
    """The committee has decided and the paragraph is approved: the branch is
    "decided" and the extract is filed in the recipient's case (R42, c.2),
    unless the secretary has filed it already from the meeting's pages."""
    recipient = ReferralRecipient.objects.select_for_update().get(pk=recipient.pk)
    services.record_progress(
        recipient=recipient, state=State.DECIDED, actor=actor, reason=AUTOMATIC
    )
    item = latest_item(recipient)
    try:
        return minutes_services.file_extract(item=item, actor=actor, reason=AUTOMATIC)
    except ValidationError as error:
        if getattr(error, "code", None) != "extract_already_filed":
            raise
    return latest_extract(recipient)
