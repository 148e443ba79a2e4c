"""From the compiled answers to the board: the rapporteur commissioner's
memorandum (sv. promemoria) with the summary quoted in its preparation section,
and the memorandum put on the agenda of the preparatory body and of the board
(R76, R79, rules.md c.1 PM → BRB → KS)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import proceedings
from casework.referrals.models import Referral
from permissions import rules

# The bodies a referral's memorandum goes to: the preparatory body, the board,
# and the council when the case needs it.
BOARD_KINDS = (
    Organisation.Kind.PREPARATORY_BODY,
    Organisation.Kind.EXECUTIVE_BOARD,
    Organisation.Kind.COUNCIL,
)
OPEN_FOR_ITEMS = (Meeting.State.PLANNED, Meeting.State.NOTICE_SENT)


def preparation_text(referral: Referral) -> str:
    """The memorandum's preparation section: who was asked, then the compiled
    answers as the referring office wrote them."""
    names = [r.organisation.name for r in referral.recipients.all()]
    lead = _("The matter has been referred to %(recipients)s.") % {
        "recipients": ", ".join(names)
    }
    return f"{lead}\n\n{referral.summary}".strip()


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
):
    """The referring office drafts the rapporteur's memorandum once the answers
    are compiled; its proposal is what the preparatory body and the board
    treat."""
    if not rules.can_handle_referral(actor, referral):
        raise PermissionDenied(_("Only the referring office drafts the memorandum."))
    if referral.state != Referral.State.COMPILED:
        raise ValidationError(
            _("Compile the answers before drafting the memorandum."),
            code="not_compiled",
        )
    return proceedings.draw_up_memorandum(
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
        actor=actor,
        reason=reason,
    )


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
    if meeting.organisation.kind not in BOARD_KINDS:
        raise ValidationError(
            {"meeting": _("Choose a meeting of the preparatory body or the board.")},
            code="not_a_board_meeting",
        )
    if meeting.items.filter(case_id=memorandum.case_id).exists():
        raise ValidationError(
            {"meeting": _("The memorandum is already on this meeting's agenda.")},
            code="already_on_agenda",
        )
    return meeting_services.add_agenda_item(
        meeting=meeting,
        title=memorandum.title,
        case=memorandum.case,
        proposal=memorandum.proposal,
        actor=actor,
        reason=reason,
    )
