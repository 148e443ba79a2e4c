"""Flow nodes the stock set lacks: a split with one branch per item of data, and
a human task whose access is asked of ``permissions.rules``."""

from django.core.exceptions import ImproperlyConfigured
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge, Node
from viewflow.workflow.exceptions import FlowRuntimeError
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


class HumanTask(flow.View):
    """A human task of the referral or response flow. ``.Permission(name)``
    names its one access rule: a permission that staff roles in the task's
    organisation carry (``permissions.rules.TASK_ROLES``). Taking and carrying
    it out are asked of the rules, never of guardian or global permissions.

    Its pages are the project's own task pages (``workflows.task_urls``), not
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
