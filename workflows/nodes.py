"""Flow nodes the stock set lacks: a split with one branch per item of data, a
wait in one of its branches that another flow wakes, a human task whose access
is asked of ``permissions.rules``; and waking a flow's waiting conditions when
the records they read change, rather than at the scheduler's next run."""

import logging

from django.core.exceptions import ImproperlyConfigured
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge, Node
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from permissions import rules


class DynamicSplitActivation(Activation):
    """Start one branch per item; every branch token ends with its item's key."""

    def __init__(self, *args, **kwargs):
        self.keys = []
        super().__init__(*args, **kwargs)

    @Activation.status.super()
    def activate(self):
        self.keys = [int(key) for key in self.flow_task._keys(self)]
        if not self.keys:
            raise FlowRuntimeError(f"{self.flow_task.name}: nothing to split on")

    @Activation.status.super()
    def create_next(self):
        for key in self.keys:
            token = Token(f"{self.task.token.token}/{self.task.pk}_{key}")
            yield self.flow_task._next._create(self, token, data={"key": key})


class DynamicSplit(Node):
    """A parallel split with one branch per key that ``keys(activation)``
    returns (e.g. one per recipient of a referral); a ``Join`` waits for all.

    Stock ``Split`` only fans out to the nodes it names. Viewflow gives task
    data to the first task of a branch only, not to tasks made by loops or
    boundary events, so the key is carried by the token every task of the
    branch shares: ``<split token>/<split task>_<key>``, the shape the join
    expects. ``branch_key(task)`` reads it back.
    """

    activation_class = DynamicSplitActivation
    task_type = "PARALLEL_GATEWAY"
    bpmn_element = "parallelGateway"
    shape = flow.Split.shape

    def __init__(self, keys, **kwargs):
        super().__init__(**kwargs)
        self._keys = keys
        self._next = None

    def Next(self, node):  # noqa: N802 (viewflow's fluent style)
        self._next = node
        return self

    def _resolve(self, instance):
        super()._resolve(instance)
        self._keys = this.resolve(instance, self._keys)
        self._next = this.resolve(instance, self._next)

    def _outgoing(self):
        if self._next:
            yield Edge(src=self, dst=self._next, edge_class="next")


def branch_key(task) -> int:
    """The key of the ``DynamicSplit`` branch a task belongs to."""
    return int(task.token.token.rsplit("_", 1)[1])


class BranchWait(flow.Handle):
    """A wait in one branch of a ``DynamicSplit`` that ends when something
    outside the flow calls ``wake_branch(process, key)``: e.g. the referral's
    branch for one recipient, woken by that recipient's response flow. The
    waker needs to know the process and the key, never the flow's module."""


def wake_branch(process, key: int) -> bool:
    """Let the branch of ``process`` for ``key`` look again at what it waits
    for. False when the branch waits no longer (e.g. its deadline passed and
    the join went on without it)."""
    flow_class = process.flow_class
    with flow_class.lock(process.pk):
        waiting = Task.objects.filter(
            process_id=process.pk, status=STATUS.NEW, flow_task_type="FUNCTION"
        )
        task = next(
            (
                t
                for t in waiting
                if isinstance(t.flow_task, BranchWait) and branch_key(t) == key
            ),
            None,
        )
        if task is None:
            return False
        task.flow_task.run(task)
        return True


logger = logging.getLogger(__name__)


def wake_conditions(process_ids) -> int:
    """Look now at the conditions the given processes wait on
    (``flow.ConditionalCatch``), as ``manage.py workflow_timers`` does every
    minute; each under its flow's lock. Returns how many fired."""
    fired = 0
    armed = Task.objects.filter(
        process_id__in=set(process_ids), flow_task_type="CONDITION", status=STATUS.NEW
    )
    for task in armed.order_by("pk"):
        if task.flow_task is None:
            continue
        try:
            fired += _fire_if_met(task)
        except Exception:  # the scheduler tries again; the user's work stands
            logger.exception("Conditional task %s failed to fire", task.pk)
    return fired


def _fire_if_met(task) -> int:
    with task.activation() as activation:
        start = getattr(activation, "start", None)
        if start is None or not start.can_proceed():
            return 0
        if not activation.condition_met():
            return 0
        activation.start()
        activation.execute()
        return 1


class HumanTask(flow.View):
    """A human task of the referral, response or meeting flow. ``.Permission(name)``
    names its one access rule: a permission that staff roles in the task's
    organisation carry (``permissions.rules.TASK_ROLES``). Taking and carrying
    it out are asked of the rules, never of guardian or global permissions.

    Its pages are the project's own task pages (``workflows.desk.urls``), not
    viewflow's, so the node mounts no URLs.
    """

    def __init__(self, **kwargs):
        super().__init__(view=None, **kwargs)

    def _ready(self):
        super()._ready()
        permission = self._owner_permission
        if not isinstance(permission, str) or permission not in rules.TASK_ROLES:
            raise ImproperlyConfigured(
                f"{self.name} needs .Permission(...) with a permission of "
                "permissions.rules.TASK_ROLES"
            )

    def _get_urls(self):
        return []

    def can_assign(self, user, task):
        return rules.can_assign_task(user, task)

    def can_execute(self, user, task):
        return rules.can_execute_task(user, task)

    def can_unassign(self, user, task):
        return rules.can_release_task(user, task)
