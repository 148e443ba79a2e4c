"""From the compiled answers to the board: the rapporteur commissioner's
memorandum (sv. promemoria) with the summary quoted in its preparation section,
the memorandum put on the agenda of the preparatory body and of the board, and
the case closed once the deciding body's minutes are approved (R76, R79, R24,
rules.md c.1 PM → BRB → KS (→ KF) → JUSTERAT)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.meetings.models import (
    AgendaItem,
    Clause,
    Meeting,
    Memorandum,
    ProposedResolution,
)
from casework.meetings.services import council, proceedings
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.records import field_error
from casework.referrals.models import Referral
from casework.registry import services as registry
from casework.registry.models import Case, Document
from permissions import rules

# The bodies a referral's memorandum goes to: the preparatory body, the board,
# and the council when the case needs it.
BOARD_KINDS = (
    Organisation.Kind.PREPARATORY_BODY,
    Organisation.Kind.EXECUTIVE_BOARD,
    Organisation.Kind.COUNCIL,
)
OPEN_FOR_ITEMS = (Meeting.State.PLANNED, Meeting.State.NOTICE_SENT)
# The proposals the deciding body treats: the memorandum's, and at the council
# the board's report to it (sv. utlåtande).
DECIDED_ON = (
    ProposedResolution.Source.MEMORANDUM,
    ProposedResolution.Source.COUNCIL_REPORT,
)


def _refuse_if_closed(case) -> None:
    if Case.objects.filter(pk=case.pk, status=Case.Status.CLOSED).exists():
        raise ValidationError(_("The case is closed."), code="case_closed")


def preparation_text(referral: Referral) -> str:
    """The memorandum's preparation section: who was asked, then the compiled
    answers as the referring office wrote them."""
    names = [r.organisation.name for r in referral.recipients.all()]
    lead = _("The matter has been referred to %(recipients)s.") % {
        "recipients": ", ".join(names)
    }
    return f"{lead}\n\n{referral.summary}".strip()


def memorandum_of(case) -> Memorandum | None:
    """The case's memorandum, if it has been drafted: one per case."""
    return case.memoranda.order_by("pk").first()


@transaction.atomic
def draw_up_memorandum(
    *,
    referral: Referral,
    rapporteur,
    commissioner_office: Organisation,
    office_numeral: str,
    title: str,
    clauses: list[str],
    actor,
    reason: str,
    opinions: str = "",
    council_decides: bool = False,
):
    """The referring office drafts the rapporteur's memorandum once the answers
    are compiled; its proposal is what the preparatory body and the board
    treat. The memorandum is a drawn-up document of the case, a draft until
    the case is concluded (TF 2:10, R61b). With ``council_decides`` the board
    proposes the decision to the council (KL 5:1), and the case stays open
    until the council's minutes are approved.

    A case has one memorandum: the referral's row is locked while it is
    drafted, and a second draft is refused (edit the first instead)."""
    if not rules.can_handle_referral(actor, referral):
        raise PermissionDenied(_("Only the referring office drafts the memorandum."))
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.state != Referral.State.COMPILED:
        raise ValidationError(
            _("Compile the answers before drafting the memorandum."),
            code="not_compiled",
        )
    _refuse_if_closed(referral.case)
    if memorandum_of(referral.case) is not None:
        raise ValidationError(
            _(
                "The memorandum has already been drafted, perhaps by a colleague "
                "just now: open it to make your changes."
            ),
            code="memorandum_exists",
        )
    if council_decides:
        _mark_council_decides(referral.case, actor=actor, reason=reason)
        referral.refresh_from_db(fields=["council_decides"])
    document = registry._register_document(
        case=referral.case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.MEMORANDUM,
        title=title,
        public_description=_("Memorandum: %(title)s") % {"title": title},
        actor=actor,
        reason=reason,
    )
    memorandum = proceedings.draw_up_memorandum(
        case=referral.case,
        year=clock.today().year,
        serial=None,
        commissioner_office=commissioner_office,
        office_numeral=office_numeral,
        rapporteur=rapporteur,
        title=title,
        clauses=clauses,
        matter=referral.question,
        preparation=preparation_text(referral),
        opinions=opinions,
        document=document,
        actor=actor,
        reason=reason,
    )
    _sync_document(memorandum, actor=actor, reason=reason)
    return memorandum


def memorandum_text(memorandum) -> str:
    """The memorandum as its document's text, section by section (R79)."""
    clauses = "\n".join(
        f"{c.number}. {c.text}" for c in memorandum.proposal.clauses.all()
    )
    proposal = f"{memorandum.proposal.introduction}\n\n{clauses}".strip()
    sections = [
        (_("Proposed resolution"), proposal),
        (_("The matter"), memorandum.matter),
        (_("Preparation"), memorandum.preparation),
        (_("My views"), memorandum.opinions),
    ]
    heading = f"{memorandum.designation}\n{memorandum.title}"
    body = "\n\n".join(f"{title}\n{text}" for title, text in sections if text)
    return f"{heading}\n\n{body}"


def _sync_document(memorandum, *, actor, reason: str) -> None:
    registry.revise_document(
        document=memorandum.document,
        title=memorandum.title,
        body=memorandum_text(memorandum),
        actor=actor,
        reason=reason,
        through_record=True,
    )


def revision_of(memorandum) -> int:
    """The token a page holds while the memorandum is edited: the id of its
    newest history row, which every save changes."""
    newest = memorandum.history.order_by("-history_id").first()
    return newest.history_id if newest else 0


EDITABLE = ("title", "office_numeral", "commissioner_office", "rapporteur", "opinions")


@transaction.atomic
def revise_memorandum(
    *,
    memorandum,
    revision: int,
    clauses: list[str],
    actor,
    reason: str,
    **fields,
):
    """Change the draft memorandum and its document. Compare-and-set under a
    row lock: a save based on an older revision than the stored one (someone
    else saved meanwhile) is refused and changes nothing."""
    memorandum = Memorandum.objects.select_for_update().get(pk=memorandum.pk)
    if not rules.can_edit_memorandum(actor, memorandum):
        raise PermissionDenied(
            _("Only the referring office edits the memorandum while it is a draft.")
        )
    if revision != revision_of(memorandum):
        raise ValidationError(
            _(
                "Someone else saved the memorandum while you were editing it. "
                "Your changes were not saved: open it again to see theirs."
            ),
            code="memorandum_changed",
        )
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"unknown field {name}")
        setattr(memorandum, name, value)
    save_tracked(memorandum, actor=actor, reason=reason)
    _replace_clauses(memorandum.proposal, clauses, actor=actor, reason=reason)
    if memorandum.document_id:
        _sync_document(memorandum, actor=actor, reason=reason)
    return memorandum


def _replace_clauses(proposal, clauses, *, actor, reason: str) -> None:
    texts = [text.strip() for text in clauses if text and text.strip()]
    if not texts:
        raise field_error(
            "clauses", _("A proposal needs at least one clause."), code="no_clauses"
        )
    existing = {clause.number: clause for clause in proposal.clauses.all()}
    for number, text in enumerate(texts, start=1):
        clause = existing.pop(number, None) or Clause(
            resolution=proposal, number=number
        )
        if clause.text != text:
            clause.text = text
            save_tracked(clause, actor=actor, reason=reason)
    for clause in existing.values():
        clause._history_user = actor
        clause._change_reason = reason
        clause.delete()


def meetings_for_memorandum(user):
    """The planned meetings of the preparatory body, the board and the council
    whose minutes the user keeps."""
    meetings = rules.meetings_visible_to(user).filter(
        organisation__kind__in=BOARD_KINDS, state__in=OPEN_FOR_ITEMS
    )
    kept = [
        m.pk
        for m in meetings.select_related("organisation")
        if rules.can_keep_minutes(user, m)
    ]
    return Meeting.objects.filter(pk__in=kept).select_related("organisation")


@transaction.atomic
def put_memorandum_on_agenda(*, memorandum, meeting: Meeting, actor, reason: str):
    """The secretary of the preparatory body or of the board puts the memorandum
    on a meeting's agenda with its proposal."""
    if not rules.can_keep_minutes(actor, meeting):
        raise PermissionDenied(_("Only the body's secretary sets the agenda."))
    _refuse_if_closed(memorandum.case)
    if meeting.organisation.kind not in BOARD_KINDS:
        raise field_error(
            "meeting",
            _("Choose a meeting of the preparatory body or the board."),
            code="not_a_board_meeting",
        )
    if meeting.items.filter(case_id=memorandum.case_id).exists():
        raise field_error(
            "meeting",
            _("The memorandum is already on this meeting's agenda."),
            code="already_on_agenda",
        )
    if meeting.organisation.kind == Organisation.Kind.COUNCIL:
        council.require_prepared_by_board(memorandum.case, field="meeting")
        _mark_council_decides(memorandum.case, actor=actor, reason=reason)
    return meeting_services.add_agenda_item(
        meeting=meeting,
        title=memorandum.title,
        case=memorandum.case,
        proposal=memorandum.proposal,
        actor=actor,
        reason=reason,
    )


def _mark_council_decides(case, *, actor, reason: str) -> None:
    """The case's referrals wait for the council's decision, not the board's."""
    for referral in Referral.objects.filter(case=case, council_decides=False):
        referral.council_decides = True
        save_tracked(referral, actor=actor, reason=reason)


# --- the decision and the closing of the case (c.1 KS_BESLUT | KF_BESLUT) -------


def deciding_item(referral: Referral) -> AgendaItem | None:
    """The newest agenda item on the case's memorandum at the body that decides
    it: the board, or the council when the board proposes the decision to it.
    The preparatory body's items never decide."""
    kind = (
        Organisation.Kind.COUNCIL
        if referral.council_decides
        else Organisation.Kind.EXECUTIVE_BOARD
    )
    return (
        AgendaItem.objects.filter(
            case_id=referral.case_id,
            proposal__case_id=referral.case_id,
            proposal__source__in=DECIDED_ON,
            meeting__organisation__kind=kind,
        )
        .select_related("meeting__organisation", "meeting__minutes")
        .order_by("-meeting__held_on", "-id")
        .first()
    )


def approved_at(item: AgendaItem):
    """When the item's paragraph was approved: at the meeting (R25) or with the
    minutes (R24); None while it is not."""
    at_meeting = getattr(item, "immediate_approval", None)
    if at_meeting is not None:
        return at_meeting.approved_at
    minutes = getattr(item.meeting, "minutes", None)
    if minutes is None or not minutes.is_approved:
        return None
    return minutes.approved_at


def decision_approved(referral: Referral) -> bool:
    """The deciding body has decided the memorandum's item and its minutes are
    approved. An item tabled or referred back decides nothing: the case waits
    for the next item (c.1 bordläggning, återremiss)."""
    item = deciding_item(referral)
    return item is not None and item.is_decided and approved_at(item) is not None


def case_concluded(referral: Referral) -> bool:
    """The referral has nothing left to wait for: the decision is approved, or
    the registrar has closed the case by hand."""
    closed = Case.objects.filter(pk=referral.case_id, status=Case.Status.CLOSED)
    return closed.exists() or decision_approved(referral)


@transaction.atomic
def close_after_decision(*, referral: Referral, actor, reason: str) -> Case:
    """Close the referral's case on the day the deciding body's minutes were
    approved (c.1 JUSTERAT; R24), after filing that paragraph's extract in it
    (R59), since a closed case takes no more documents. A case already closed
    by hand is left as it is.

    Only a case whose referral flow waits for the decision is closed this way:
    a case on the board's agenda without a referral may have several items
    (a decision to send it on referral, a report of a delegated decision) and
    the registrar closes it when it is concluded."""
    if not rules.can_handle_referral(actor, referral):
        raise PermissionDenied(_("Only the referring office closes the case."))
    case = Case.objects.select_for_update().get(pk=referral.case_id)
    if case.status == Case.Status.CLOSED:
        return case
    item = deciding_item(referral)
    if item is None or not item.is_decided or approved_at(item) is None:
        raise ValidationError(
            _("The decision on the memorandum is not approved yet."),
            code="decision_not_approved",
        )
    _file_extract_once(item, actor=actor, reason=reason)
    closed_on = timezone.localdate(approved_at(item))
    return registry._close_case(
        case=case, actor=actor, reason=reason, closed_on=closed_on
    )


def _file_extract_once(item: AgendaItem, *, actor, reason: str) -> None:
    try:
        minutes_services.file_extract(item=item, actor=actor, reason=reason)
    except ValidationError as error:
        if getattr(error, "code", None) != "extract_already_filed":
            raise
