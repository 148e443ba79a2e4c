"""Who may keep a body's delegation order, record the decisions taken on its
behalf, and follow the council's motions (R41, R46–R49).

The services ask these rules themselves, with the acting user; a view asks them
as well, only to answer 403 instead of showing a form.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from casework.directory.models import Organisation, StaffRole
from permissions import rules

Role = StaffRole.Role
COUNCIL_KINDS = (Organisation.Kind.COUNCIL, Organisation.Kind.EXECUTIVE_BOARD)


def bodies_kept_by(user) -> QuerySet:
    """The deciding bodies whose delegation order, delegated decisions and
    urgent chair decisions the user records: their committee secretary."""
    return rules.organisations_for_minutes_keeper(user).exclude(
        kind=Organisation.Kind.PREPARATORY_BODY
    )


def keeps_body(user, organisation: Organisation) -> bool:
    return bodies_kept_by(user).filter(pk=organisation.pk).exists()


def require_keeper(user, organisation: Organisation) -> None:
    """Refuse anyone but the body's secretary; the auditor changes nothing."""
    if rules.is_read_only(user) or not keeps_body(user, organisation):
        raise PermissionDenied(
            _("Only the secretary of %(organisation)s records this.")
            % {"organisation": organisation}
        )


def require_minutes_keeper(user, organisation: Organisation) -> None:
    """Only the secretary who keeps the body's minutes sets out its agenda."""
    keeper_of = rules.organisations_for_minutes_keeper(user)
    if rules.is_read_only(user) or not keeper_of.filter(pk=organisation.pk).exists():
        raise PermissionDenied(
            _("Only the secretary of %(organisation)s records this.")
            % {"organisation": organisation}
        )


def bodies_visible_to(user) -> QuerySet:
    """The bodies whose delegation orders and decisions the user reads: those
    whose meetings they see."""
    return rules.organisations_with_meetings_visible_to(user)


def follows_council_motions(user) -> bool:
    """The secretaries of the council and the executive board, who prepare the
    council's business and report on its motions (KL 5:35, 6:34)."""
    return bodies_kept_by(user).filter(kind__in=COUNCIL_KINDS).exists()


def can_record_council_motion(user, case) -> bool:
    """A motion is entered on its case by those who register the case's
    documents, or by the council's and board's secretaries."""
    if rules.is_read_only(user) or case.status == case.Status.CLOSED:
        return False
    return rules.can_edit_case(user, case) or follows_council_motions(user)


def require_council_motion_writer(user, case) -> None:
    if not can_record_council_motion(user, case):
        raise PermissionDenied(_("You may not record motions on this case."))
