"""Who records what happens at a body's meetings and on its notice board.

The committee secretary who keeps a body's minutes records its meetings: plans
them, notes who attends, opens and decides the items, records motions and
votes, closes the meeting, draws up, corrects and posts the minutes and takes
the notices down (rules.md (d)). A party secretary, a member or an officer of
another body does none of this through any page or service. The auditor
changes nothing.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from casework.meetings.models import Meeting, Notice
from permissions import codes, delegation, rules


def keeps_minutes_of(user, meeting: Meeting) -> bool:
    return not rules.is_read_only(user) and rules.can_keep_minutes(user, meeting)


def require_minutes_keeper(user, meeting: Meeting) -> None:
    """Refuse anyone but the secretary who keeps the meeting's minutes."""
    if not keeps_minutes_of(user, meeting):
        raise PermissionDenied(
            _("Only the secretary of %(organisation)s records this.")
            % {"organisation": meeting.organisation}
        )


def require_body_keeper(user, organisation) -> None:
    """Refuse anyone but the secretary who keeps the body's minutes."""
    delegation.require_minutes_keeper(user, organisation)


def require_statement_locker(user, meeting: Meeting) -> None:
    """The statements are locked when the minutes are approved: by their
    secretary, or as part of the approval by one who signs them."""
    if rules.is_read_only(user) or not (
        keeps_minutes_of(user, meeting) or rules.signs_minutes(user, meeting)
    ):
        raise PermissionDenied(
            _("Only the secretary or one who signs the minutes locks the statements.")
        )


def notice_organisation(notice: Notice):
    """The body whose notice it is."""
    if notice.kind == Notice.Kind.MINUTES:
        return notice.minutes.meeting.organisation
    if notice.kind == Notice.Kind.PARAGRAPH:
        return notice.paragraph_approval.item.meeting.organisation
    return notice.delegation_protocol.organisation


def require_board_keeper(user, notice: Notice | None = None) -> None:
    """The notice board: a notice is taken down by its body's secretary; an
    outage of the board is logged by any secretary who keeps minutes."""
    if notice is not None:
        delegation.require_minutes_keeper(user, notice_organisation(notice))
        return
    keeps_any = rules.organisations_for_minutes_keeper(user).exists()
    if rules.is_read_only(user) or not keeps_any:
        raise PermissionDenied(
            _("Only a secretary who keeps minutes records the notice board.")
        )


def _drafts_memoranda_of(user, case) -> bool:
    """The referring office, which drafts the board's memoranda in its cases."""
    return rules.holds_task_permission(
        user, codes.COMPILE_ANSWERS, case.organisation_id
    )


def _keeps_minutes_for(user, case) -> bool:
    """The secretary of the body the case's organisation is or serves."""
    bodies = {case.organisation_id, case.organisation.serves_id} - {None}
    keeper_of = rules.organisations_for_minutes_keeper(user)
    return keeper_of.filter(pk__in=bodies).exists()


def require_proposer(user, case) -> None:
    """A proposal for a decision in ``case`` is made by the staff drafting its
    officer report or memorandum, or by the secretary of the deciding body."""
    allowed = (
        rules.can_draft_officer_report(user, case)
        or _drafts_memoranda_of(user, case)
        or _keeps_minutes_for(user, case)
    )
    if rules.is_read_only(user) or not allowed:
        raise PermissionDenied(_("You may not propose a decision in this case."))


def require_memorandum_drafter(user, case) -> None:
    """The board's memorandum in ``case`` is drawn up by the referring office
    or by the secretary of the board that decides the case."""
    allowed = _drafts_memoranda_of(user, case) or _keeps_minutes_for(user, case)
    if rules.is_read_only(user) or not allowed:
        raise PermissionDenied(
            _(
                "Only the referring office or the board's secretary drafts the "
                "memorandum."
            )
        )


def require_extract_filer(user, item) -> None:
    """An extract of a decided paragraph is filed into the case by the
    secretary of the meeting, by the staff of the case, or by the referring
    office when the board has decided on its memorandum."""
    allowed = keeps_minutes_of(user, item.meeting) or (
        item.case is not None
        and (
            rules.can_register_document(user, item.case)
            or _drafts_memoranda_of(user, item.case)
        )
    )
    if rules.is_read_only(user) or not allowed:
        raise PermissionDenied(_("You may not file this extract."))
