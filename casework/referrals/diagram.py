"""The flow diagram of a referral or response process: viewflow's own layout of
the flow (``viewflow.workflow.chart``) drawn as inline SVG, each step marked
done, in progress or cancelled from the process's tasks, and the same steps as a
list for screen readers.

Viewflow's SVG template carries an inline ``<style>``, which the Content
Security Policy (``style-src 'self'``) blocks; the project's template draws the
same grid with classes styled by ``static/css/flow_diagram.css``.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

IN_PROGRESS = {STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED}
STATES = {
    "current": _("in progress"),
    "done": _("done"),
    "cancelled": _("cancelled"),
    "error": _("stopped by an error"),
    "": _("not reached"),
}


@dataclass
class Step:
    name: str
    title: str
    state: str
    tasks: int

    @property
    def state_label(self):
        return STATES[self.state]


def _state(statuses: set) -> str:
    if statuses & IN_PROGRESS:
        return "current"
    if STATUS.ERROR in statuses:
        return "error"
    if STATUS.DONE in statuses:
        return "done"
    if STATUS.CANCELED in statuses:
        return "cancelled"
    return ""


def _title(node) -> str:
    if node.task_title:
        return str(node.task_title)
    return " ".join(node.name.capitalize().split("_"))


def _grid(flow_class):
    """The layout depends on the flow only; computed once per flow."""
    cached = getattr(flow_class, "_diagram_grid", None)
    if cached is None:
        cached = chart.calc_layout_data(flow_class)
        flow_class._diagram_grid = cached
    return cached


def diagram(process) -> dict:
    """The SVG and the steps of ``process``'s flow, with the state of each."""
    flow_class = process.flow_class
    grid = _grid(flow_class)
    statuses: dict[str, set] = {}
    counts: dict[str, int] = {}
    for flow_task, status in Task.objects.filter(process_id=process.pk).values_list(
        "flow_task", "status"
    ):
        statuses.setdefault(flow_task.name, set()).add(status)
        counts[flow_task.name] = counts.get(flow_task.name, 0) + 1
    nodes, _edges = chart.topsort(flow_class)
    steps = [
        Step(
            name=node.name,
            title=_title(node),
            state=_state(statuses.get(node.name, set())),
            tasks=counts.get(node.name, 0),
        )
        for node in nodes
    ]
    by_name = {step.name: step for step in steps}
    cells = [{"cell": cell, "step": by_name.get(cell.node.name)} for cell in grid.cells]
    prefix = f"flow-{process.pk}"
    svg = render_to_string(
        "referrals/includes/flow_diagram.svg",
        {"grid": grid, "cells": cells, "edges": grid.edges, "prefix": prefix},
    )
    return {
        "process": process,
        "title": str(flow_class.process_title),
        "svg": svg,
        "steps": steps,
        "current": [step for step in steps if step.state == "current"],
        "prefix": prefix,
    }
