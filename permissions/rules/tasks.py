"""Who carries out the tasks of the referral, response and meeting flows."""

from django.db.models import Q
from django.http import Http404
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.directory.models import Organisation, User
from permissions import codes
from permissions.rules.access import Role, access_for, anonymous

# Who carries out the human tasks of the referral, response and meeting flows:
# each task names one of these permissions (declared on the process models in
# casework/referrals/processes.py and workflows/models.py), and a user holds
# it through one of the roles listed here in the task's organisation. The
# permissions are never granted to users, globally or per object.
TASK_HANDLERS = (Role.CASE_OFFICER, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT)
TASK_ROLES = {
    # the referring body's office
    codes.DISPATCH_REFERRAL: TASK_HANDLERS,
    codes.DECIDE_EXTENSION: TASK_HANDLERS,
    codes.COMPILE_ANSWERS: TASK_HANDLERS,
    # the recipient's office and committee
    codes.REGISTER_REFERRAL: (Role.REGISTRAR,),
    codes.ASSIGN_REFERRAL_OFFICER: (
        Role.REGISTRAR,
        Role.HEAD_OF_DIVISION,
        Role.HEAD_OF_DEPARTMENT,
    ),
    codes.DRAFT_OFFICER_REPORT: TASK_HANDLERS,
    codes.REVIEW_REPORT_AS_DIVISION_HEAD: (Role.HEAD_OF_DIVISION,),
    codes.REVIEW_REPORT_AS_DEPARTMENT_HEAD: (Role.HEAD_OF_DEPARTMENT,),
    codes.PUT_REPORT_ON_AGENDA: (Role.COMMITTEE_SECRETARY,),
    codes.DISPATCH_RESPONSE: (Role.REGISTRAR, Role.CASE_OFFICER),
    # the meeting's committee
    codes.KEEP_MINUTES: (Role.COMMITTEE_SECRETARY,),
}


def holds_task_permission(user, permission: str, organisation_id) -> bool:
    """Whether one of the user's roles in ``organisation_id`` (or in the body it
    serves, or a department serving it) carries the task permission."""
    roles = TASK_ROLES.get(permission)
    if anonymous(user) or not roles or organisation_id is None:
        return False
    return organisation_id in access_for(user).organisations(*roles)


def task_permission_scopes(user) -> dict[str, set[int]]:
    """For each task permission the user holds, the organisations of the roles
    that carry it and the bodies those serve: a task is in scope when its
    organisation is one of them or serves one of them. The filter form of
    ``holds_task_permission``, read from the roles already loaded."""
    if anonymous(user):
        return {}
    scopes = {}
    for permission, roles in TASK_ROLES.items():
        scope = set()
        for role, organisation, serves in access_for(user).roles:
            if role in roles and organisation is not None:
                scope |= {organisation, serves} - {None}
        if scope:
            scopes[permission] = scope
    return scopes


def task_organisation_id(task):
    """The organisation whose staff carry out a referral, response or meeting
    task."""
    return getattr(task.process.coerced, "organisation_id", None)


def _open_task(task) -> bool:
    return task.status in (STATUS.NEW, STATUS.ASSIGNED)


def can_assign_task(user, task) -> bool:
    """Take an open task no one has taken: only staff whose role in the task's
    organisation carries the task's permission (viewflow's own ``assign`` checks
    nothing when called from code)."""
    if anonymous(user) or task.owner_id is not None or not _open_task(task):
        return False
    return holds_task_permission(
        user, task.owner_permission, task_organisation_id(task)
    )


def can_execute_task(user, task) -> bool:
    """Carry out an open task taken by the user, or one the user may take; the
    role must still carry the permission."""
    if anonymous(user) or not _open_task(task):
        return False
    if task.owner_id not in (None, user.pk):
        return False
    return holds_task_permission(
        user, task.owner_permission, task_organisation_id(task)
    )


def can_release_task(user, task) -> bool:
    """Give back a task one has taken, so that a colleague can take it."""
    return (
        not anonymous(user)
        and task.owner_id == user.pk
        and task.status == STATUS.ASSIGNED
    )


def can_view_task(user, task) -> bool:
    """A task is seen by the one who has it and by those whose roles could
    carry it out, whoever has taken it or whether it is done."""
    if anonymous(user):
        return False
    return task.owner_id == user.pk or holds_task_permission(
        user, task.owner_permission, task_organisation_id(task)
    )


def task_handlers(task) -> list:
    """Who may take or carry out an open task no one has taken: the active
    users whose roles carry its permission in its organisation (the one who
    has taken it, when someone has)."""
    if task.owner_id is not None:
        return [task.owner]
    roles = TASK_ROLES.get(task.owner_permission, ())
    organisation = Organisation.objects.filter(pk=task_organisation_id(task)).first()
    if organisation is None or not roles:
        return []
    near = {organisation.pk, organisation.serves_id} - {None}
    users = User.objects.filter(
        Q(staff_roles__organisation_id__in=near)
        | Q(staff_roles__organisation__serves_id__in=near),
        staff_roles__role__in=roles,
        is_active=True,
    ).distinct()
    return [
        user
        for user in users.order_by("last_name", "first_name", "username")
        if holds_task_permission(user, task.owner_permission, organisation.pk)
    ]


def get_task_for_user_or_404(user, pk):
    """A task of the desk (referral, response or meeting flow) the user may
    see; any other task answers 404, even to other staff."""
    try:
        task = Task.objects.select_related("process", "owner").get(
            pk=pk, owner_permission__in=TASK_ROLES
        )
    except (Task.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_task(user, task):
        raise Http404
    return task
