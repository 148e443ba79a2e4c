"""Who sees which cases and registers, and who registers, edits and closes them."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.directory.models import Organisation, StaffRole, User
from casework.registry.models import Case, Register
from permissions import codes
from permissions.rules.access import HANDLING_ROLES, Role, access_for, anonymous
from permissions.rules.tasks import TASK_ROLES


def cases_visible_to(user) -> QuerySet:
    """The cases a user may see: those of the organisations the user works for or
    sits in; every case for an auditor."""
    if anonymous(user):
        return Case.objects.none()
    access = access_for(user)
    if access.is_auditor:
        return Case.objects.all()
    organisations = access.organisations() | access.seat_organisations
    return Case.objects.filter(organisation_id__in=organisations)


def get_case_for_user_or_404(user, pk) -> Case:
    try:
        return (
            cases_visible_to(user)
            .select_related(
                "register", "organisation", "case_officer", "council_motion"
            )
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def can_view_case(user, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def case_organisation_ids(user) -> set[int] | None:
    """The organisations whose cases the user sees; None means all (auditor)."""
    access = access_for(user)
    if access.is_auditor:
        return None
    return access.organisations() | access.seat_organisations


def organisations_with_cases_visible_to(user) -> QuerySet:
    """The organisations whose cases the user may see, e.g. to filter a case list."""
    if anonymous(user):
        return Organisation.objects.none()
    scope = case_organisation_ids(user)
    if scope is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=scope)


def registers_visible_to(user) -> QuerySet:
    """The registers kept by the organisations whose cases the user may see."""
    if anonymous(user):
        return Register.objects.none()
    scope = case_organisation_ids(user)
    if scope is None:
        return Register.objects.all()
    return Register.objects.filter(organisation_id__in=scope)


def case_officers_for(
    *organisations: Organisation, roles: tuple = HANDLING_ROLES
) -> QuerySet:
    """The active users who may handle cases of ``organisations`` (sv. handläggare):
    handling staff of the organisation, of the body it serves and of the
    departments serving either, the same scope as ``Access.organisations``."""
    related = Q(pk__in=[])
    for organisation in organisations:
        related |= Q(organisation=organisation) | Q(organisation__serves=organisation)
        if organisation.serves_id:
            related |= Q(organisation_id=organisation.serves_id)
            related |= Q(organisation__serves_id=organisation.serves_id)
    staff = StaffRole.objects.active(timezone.localdate()).filter(
        related, role__in=roles
    )
    return User.objects.filter(is_active=True, pk__in=staff.values("user_id"))


def report_writers_for(organisation: Organisation) -> QuerySet:
    """Who may be made responsible for a referral's officer report (R42): the
    handling staff of ``organisation`` who write it, not its registrars."""
    return case_officers_for(organisation, roles=TASK_ROLES[codes.DRAFT_OFFICER_REPORT])


def registers_for_registrar(user) -> QuerySet:
    """The registers in which the user may register cases."""
    if anonymous(user):
        return Register.objects.none()
    organisations = access_for(user).organisations(Role.REGISTRAR)
    return Register.objects.filter(organisation_id__in=organisations)


def can_register_case(user, register: Register) -> bool:
    return registers_for_registrar(user).filter(pk=register.pk).exists()


def can_edit_case(user, case: Case) -> bool:
    """Registrars of the organisation, and the case's own officer."""
    if anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    access = access_for(user)
    return case.organisation_id in access.organisations(Role.REGISTRAR) or (
        case.case_officer_id == user.pk and access.handles(case.organisation_id)
    )


def can_register_document(user, case: Case) -> bool:
    return can_edit_case(user, case)


def can_close_case(user, case: Case) -> bool:
    if anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return case.organisation_id in access_for(user).organisations(Role.REGISTRAR)


def can_assign_case_officer(user, case: Case) -> bool:
    if anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return case.organisation_id in access_for(user).organisations(
        Role.REGISTRAR, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT
    )


def can_see_protected_description(user, case: Case) -> bool:
    """The protected part of a register entry (R54) is for those handling it."""
    if anonymous(user):
        return False
    access = access_for(user)
    return access.is_auditor or access.handles(case.organisation_id)


def sees_cases_of(user, organisation_id: int) -> bool:
    """``cases_visible_to`` for one organisation, without a query."""
    scope = case_organisation_ids(user)
    return scope is None or organisation_id in scope
