"""Who drafts, edits and reads a memorandum (sv. promemoria)."""

from django.db.models import QuerySet
from django.http import Http404

from casework.directory.models import Organisation
from casework.meetings.models import Meeting, Memorandum
from casework.registry.models import Case
from permissions import codes
from permissions.rules.access import Role, access_for, anonymous, person_id_of
from permissions.rules.cases import can_view_case
from permissions.rules.meetings import meetings_visible_to
from permissions.rules.tasks import holds_task_permission


def _drafts_memorandum(user, memorandum) -> bool:
    """The referring office's case officers and heads, who draft it, and the
    rapporteur commissioner whose memorandum it is (PM_UTKAST, rules.md (d))."""
    if person_id_of(user) == memorandum.rapporteur_id:
        return True
    return holds_task_permission(
        user, codes.COMPILE_ANSWERS, memorandum.case.organisation_id
    )


def _memorandum_meetings(memorandum) -> QuerySet:
    return Meeting.objects.filter(items__proposal_id=memorandum.proposal_id)


def memorandum_on_agenda(memorandum) -> bool:
    return _memorandum_meetings(memorandum).exists()


BOARD_KINDS = (
    Organisation.Kind.PREPARATORY_BODY,
    Organisation.Kind.EXECUTIVE_BOARD,
    Organisation.Kind.COUNCIL,
)


def _keeps_board_minutes(user) -> bool:
    """The secretaries of the preparatory body, the board and the council, to
    whom the memorandum goes to be put on an agenda."""
    scope = access_for(user).organisations(Role.COMMITTEE_SECRETARY)
    return Organisation.objects.filter(pk__in=scope, kind__in=BOARD_KINDS).exists()


def can_view_memorandum(user, memorandum) -> bool:
    """rules.md (d): a draft to those drafting it and to the secretaries of the
    bodies it goes to; once on an agenda also to those who see that meeting's
    papers (members and party secretaries of the body; internal, R61b); once
    official to everyone who sees the case, auditors included."""
    if anonymous(user):
        return False
    if _drafts_memorandum(user, memorandum) or _keeps_board_minutes(user):
        return True
    document = memorandum.document
    official = document is not None and document.is_official
    if official and can_view_case(user, memorandum.case):
        return True
    if access_for(user).is_auditor and not official:
        return False
    meetings = _memorandum_meetings(memorandum)
    return meetings.filter(pk__in=meetings_visible_to(user).values("pk")).exists()


def can_edit_memorandum(user, memorandum) -> bool:
    """The referring office edits the memorandum while it is a draft: not yet
    official, not on any meeting's agenda, the case open."""
    if anonymous(user) or memorandum.case.status == Case.Status.CLOSED:
        return False
    document = memorandum.document
    if document is not None and document.is_official:
        return False
    if memorandum_on_agenda(memorandum):
        return False
    return holds_task_permission(
        user, codes.COMPILE_ANSWERS, memorandum.case.organisation_id
    )


def memoranda_visible_to(user, case) -> list:
    """The memoranda of ``case`` the user may read."""
    memoranda = Memorandum.objects.filter(case=case).select_related(
        "case", "document", "rapporteur"
    )
    return [m for m in memoranda.order_by("pk") if can_view_memorandum(user, m)]


def get_memorandum_for_user_or_404(user, pk):
    """A memorandum the user may read; any other answers 404."""
    try:
        memorandum = Memorandum.objects.select_related(
            "case__organisation",
            "case__register",
            "document",
            "rapporteur",
            "commissioner_office",
            "proposal",
        ).get(pk=pk)
    except (Memorandum.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_memorandum(user, memorandum):
        raise Http404
    return memorandum
