"""The human tasks of the referral, response and meeting flows: the lists a user
works from (the task desk, ``workflows.desk``), and taking, giving back and
carrying out one task.

The lists are our own queries: the task's process leads to its referral,
recipient or meeting and so to an organisation, matched against the user's
active staff roles (``permissions.rules``). Viewflow's ``Task.objects.queue()`` and
``inbox()`` are not used: they run queries per guardian row and know nothing of
organisations.

Carrying out a task runs under its flow's lock (``SelectForUpdateLock``): when
two users act on one task at the same time, the second waits, finds the task
done or taken, and gets ``TaskUnavailable`` with a message to show.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from permissions import rules

REFERRAL = "process__referralprocess__referral__"
RECIPIENT = "process__responseprocess__recipient__"
MEETING = "process__meetingprocess__meeting__"


class TaskUnavailable(ValidationError):
    """The task was carried out or taken by someone else meanwhile."""


def _with_context(tasks: QuerySet) -> QuerySet:
    """Each task with its organisation and what a list shows of its case or
    meeting, from any flow's process, in the same query."""
    return tasks.annotate(
        organisation_id=Coalesce(
            F(f"{REFERRAL}case__organisation_id"),
            F(f"{RECIPIENT}organisation_id"),
            F(f"{MEETING}organisation_id"),
        ),
        organisation_serves_id=Coalesce(
            F(f"{REFERRAL}case__organisation__serves_id"),
            F(f"{RECIPIENT}organisation__serves_id"),
            F(f"{MEETING}organisation__serves_id"),
        ),
        case_title=Coalesce(
            F(f"{REFERRAL}case__title"), F(f"{RECIPIENT}referral__case__title")
        ),
        board_number=Coalesce(
            F(f"{REFERRAL}case__registration_number"),
            F(f"{RECIPIENT}referral__case__registration_number"),
        ),
        own_number=F(f"{RECIPIENT}committee_case__registration_number"),
        recipient_name=F(f"{RECIPIENT}organisation__name"),
        deadline=Coalesce(F(f"{RECIPIENT}deadline"), F(f"{REFERRAL}response_deadline")),
        meeting_id=F(f"{MEETING}id"),
        meeting_held_on=F(f"{MEETING}held_on"),
        meeting_body=F(f"{MEETING}organisation__name"),
        due=Coalesce(
            F(f"{RECIPIENT}deadline"),
            F(f"{REFERRAL}response_deadline"),
            F(f"{MEETING}held_on"),
        ),
    ).select_related("owner")


def assigned_to(user) -> QuerySet:
    """My tasks (sv. Mina uppgifter): the open tasks the user has taken or was
    given, soonest deadline first; one query."""
    tasks = Task.objects.filter(
        owner=user, status=STATUS.ASSIGNED, owner_permission__in=rules.TASK_ROLES
    )
    return _with_context(tasks).order_by("due", "created", "pk")


def claimable_by(user) -> QuerySet:
    """The open tasks no one has taken that the user's roles may take, per
    organisation; the user's roles are read once, the tasks in one query,
    however many roles the user has."""
    scope = Q(pk__in=[])
    for permission, organisations in rules.task_permission_scopes(user).items():
        scope |= Q(owner_permission=permission) & (
            Q(organisation_id__in=organisations)
            | Q(organisation_serves_id__in=organisations)
        )
    tasks = Task.objects.filter(status=STATUS.NEW, owner__isnull=True)
    return (
        _with_context(tasks)
        .filter(scope)
        .order_by("organisation_id", "due", "created", "pk")
    )


def _require_open(task, actor) -> None:
    """Refuse an outsider before telling anything about the task; tell a
    colleague who came too late what happened."""
    if not rules.can_view_task(actor, task):
        raise PermissionDenied(_("The task is not yours to carry out."))
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        raise TaskUnavailable(
            _("The task has already been carried out."), code="task_done"
        )
    if task.owner_id not in (None, actor.pk):
        raise TaskUnavailable(
            _("%(person)s has taken the task.")
            % {"person": task.owner.get_full_name() or task.owner.get_username()},
            code="task_taken",
        )


def _lock(task, node):
    if task.flow_task is not node:
        raise ValueError(f"{task} is not a task of {node.name}")
    return node.flow_class.lock(task.process_id)


def take(*, task, node, actor) -> None:
    """Take a task no one has taken (viewflow's assign): only staff whose role
    carries its permission in the task's organisation."""
    with _lock(task, node):
        task.refresh_from_db()
        _require_open(task, actor)
        if task.owner_id == actor.pk:
            return
        if not rules.can_assign_task(actor, task):
            raise PermissionDenied(_("The task is not yours to take."))
        node.activation_class(task).assign(actor)


def release(*, task, node, actor) -> None:
    """Give a taken task back, so that a colleague can take it."""
    with _lock(task, node):
        task.refresh_from_db()
        if not rules.can_release_task(actor, task):
            raise PermissionDenied(
                _("Only the one who has taken a task gives it back.")
            )
        node.activation_class(task).unassign()


def carry_out(*, task, node, actor, work=None, complete: bool = True):
    """Carry out a human task as ``actor``: take it if no one has, run
    ``work(activation)`` (the step's services) and, unless ``complete`` is
    false, complete it so that the flow goes on. Everything happens under the
    flow's lock in one transaction; a refusal leaves nothing behind."""
    with _lock(task, node):
        task.refresh_from_db()
        _require_open(task, actor)
        if not rules.can_execute_task(actor, task):
            raise PermissionDenied(_("The task is not yours to carry out."))
        activation = node.activation_class(task)
        if task.owner_id is None:
            activation.assign(actor)
        result = work(activation) if work is not None else None
        if complete:
            activation.start(None)
            activation.execute()
        return result
