"""Permission strings are spelled once, in ``permissions.codes``: the flows, the
process models and the rules import them."""

import pathlib
import re

from casework.referrals.processes import ReferralProcess, ResponseProcess
from permissions import codes, rules
from workflows.meeting import MeetingFlow
from workflows.models import MeetingProcess
from workflows.nodes import HumanTask
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPELLED = re.compile(r"""["'](referrals|registry|workflows)\.[a-z]+_[a-z_]+["']""")
SOURCES = ("casework", "permissions", "workflows")


def test_no_module_but_codes_spells_a_permission_string():
    offenders = []
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "codes.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if SPELLED.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_every_task_permission_is_a_constant_declared_on_its_process_model():
    declared = {
        f"{model._meta.app_label}.{codename}"
        for model in (ReferralProcess, ResponseProcess, MeetingProcess)
        for codename, _label in model._meta.permissions
    }
    constants = {
        value
        for name, value in vars(codes).items()
        if name.isupper() and value.startswith(("referrals.", "workflows."))
    }
    assert constants == declared == set(rules.TASK_ROLES)
    named = {
        node._owner_permission
        for flow in (ReferralFlow, ResponseFlow, MeetingFlow)
        for node in flow.instance.nodes()
        if isinstance(node, HumanTask)
    }
    assert named == constants
