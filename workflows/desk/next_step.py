"""What comes after a step carried out on the desk: the open tasks it led to,
in its own flow and in the flows it started or woke, and who does each."""

from django.db.models import Max, Q
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.directory.models import Organisation, StaffRole
from casework.referrals.models import ReferralProcess, ResponseProcess
from permissions import rules

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.SCHEDULED)
# The nodes that wait for something outside the flow: a condition, a time, an
# answer; gateways and joins are the flow's own bookkeeping.
WAITING = ("CONDITION", "TIMER", "FUNCTION", "EVENT")


def mark() -> int:
    """The newest task before a step runs; what the step creates lies above it."""
    return Task.objects.aggregate(newest=Max("pk"))["newest"] or 0


def _related_processes(process) -> Q:
    """The process and those it starts or wakes: a referral's response flows,
    a response's referral flow."""
    related = Q(process_id=process.pk)
    coerced = process.coerced
    if isinstance(coerced, ReferralProcess):
        responses = ResponseProcess.objects.filter(
            recipient__referral_id=coerced.referral_id
        )
        related |= Q(process__in=responses.values("pk"))
    elif isinstance(coerced, ResponseProcess):
        referrals = ReferralProcess.objects.filter(
            referral__recipients=coerced.recipient_id
        )
        related |= Q(process__in=referrals.values("pk"))
    return related


def tasks_after(task, since: int) -> list:
    """The open tasks created since ``since`` in the task's flow and the flows
    it started or woke: human tasks first, then what the flow waits for."""
    found = (
        Task.objects.filter(_related_processes(task.process), pk__gt=since)
        .filter(status__in=OPEN)
        .select_related("owner", "process")
        .order_by("pk")
    )
    found = [t for t in found if t.flow_task is not None]
    human = [t for t in found if t.flow_task_type == "HUMAN"]
    waiting = [
        t
        for t in found
        if t.flow_task_type in WAITING and t.process_id == task.process_id
    ]
    return human + waiting


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _roles(task) -> str:
    labels = dict(StaffRole.Role.choices)
    roles = rules.TASK_ROLES.get(task.owner_permission, ())
    return _(" or ").join(str(labels[role]) for role in roles)


def whose(task) -> str:
    """Who does an open human task next: the role and organisation, and the
    names of those who may take it (or of the one who has)."""
    organisation = Organisation.objects.filter(
        pk=rules.task_organisation_id(task)
    ).first()
    people = ", ".join(_name(user) for user in rules.task_handlers(task))
    names = {
        "task": task.flow_task.task_title,
        "roles": _roles(task),
        "organisation": organisation.name if organisation else "",
        "people": people or _("no one has the role yet"),
    }
    return (
        _("Next: %(task)s, for the %(roles)s at %(organisation)s (%(people)s).") % names
    )


def waits_for(task) -> str:
    """What the flow waits for when no person has the next step."""
    return _("Next: %(task)s.") % {"task": task.flow_task.task_title}


def landing(user, task, since: int):
    """After ``task`` was carried out by ``user``: the next task that is the
    user's to do, if any, and what the page says about the others."""
    following = tasks_after(task, since)
    human = [t for t in following if t.flow_task_type == "HUMAN"]
    mine = next((t for t in human if rules.can_execute_task(user, t)), None)
    if mine is not None:
        return mine, []
    notes = [whose(t) for t in human]
    if not notes:
        notes = [waits_for(t) for t in following[:1]]
    return None, notes
