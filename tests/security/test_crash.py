"""A crash mid-transaction (QUALITY_BARS.md "Crash mid-transaction"): the
process dies inside ``atomic()`` and between the steps of a flow; afterwards
there are no partial rows and no orphan started tasks.

The crash is simulated at the database: each operation is first run once,
counting the statements that write (INSERT, UPDATE, DELETE); then it is run
again once for every one of those writes, and that write raises instead of
reaching the database — the same as the process being killed at that point,
since nothing after it is committed either. After each crash the database must
be as before: the row count of every table and history table, the states and
owners of the workflow tasks and processes (``conftest.db_state``), and the
records the operation changes.

The operations, each one service call (one transaction) after what it needs
is done: registering a document with a file, writing a statement with its
clauses, recording a roll-call vote, drawing up a protocol of delegated
decisions, preparing a referral (its flow starts), sending it (one response
flow starts per recipient, the dispatch task completes) and carrying out the
meeting flow's task of sending the notice through its page (the meeting's
state changes, the task completes and the next one is created).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.directory.models import Organisation
from casework.meetings.models import AgendaItem, Meeting, Statement
from casework.meetings.services import delegation, proceedings
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import statements as statement_services
from casework.registry import services as registry
from tests.security.conftest import (
    clients_for,
    db_state,
    report,
)
from workflows.referral import ReferralFlow
from workflows.steps import referral as referral_steps

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


class Crash(Exception):
    """The process dies here."""


class Writes:
    """Counts the statements that write; raises ``Crash`` at the ``crash_at``-th."""

    def __init__(self, crash_at=None):
        self.count = 0
        self.crash_at = crash_at

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            self.count += 1
            if self.count == self.crash_at:
                raise Crash(sql[:80])
        return execute(sql, params, many, context)


def snapshot(extra) -> tuple:
    tasks = tuple(Task.objects.order_by("pk").values_list("pk", "status", "owner_id"))
    return db_state(), tasks, extra()


def crash_everywhere(name, act, set_up=lambda: None, extra=lambda: None):
    """Run ``set_up`` and then ``act`` once to count the writes of ``act``, then
    once per write with a crash there; the database after each crash against
    the one before ``act``. Returns the number of writes and what was left."""
    with transaction.atomic():
        set_up()
        before = snapshot(extra)
        counter = Writes()
        with connection.execute_wrapper(counter):
            act()
        assert snapshot(extra) != before, f"{name} changed nothing"
        transaction.set_rollback(True)
    problems = []
    for crash_at in range(1, counter.count + 1):
        with transaction.atomic():
            set_up()
            before = snapshot(extra)
            try:
                with connection.execute_wrapper(Writes(crash_at)):
                    act()
            except Crash:
                pass
            else:
                problems.append(f"{name}: no crash at write {crash_at}")
            if snapshot(extra) != before:
                problems.append(
                    f"{name}: partial rows after a crash at write {crash_at}"
                )
            transaction.set_rollback(True)
    return counter.count, problems


def operations(world) -> dict:
    """name: (what is done first, the one service call that may crash)."""
    karin = world.users["karin.dhakal"]
    secretary = world.users["sekreterare.trn"]
    mp = world.users["partisekreterare.mp"]
    trn = Organisation.objects.get(code="trn")
    recipients = [trn, Organisation.objects.get(code="expn")]
    state = {}

    def register_document():
        registry.register_document(
            case=world.t_case,
            direction="incoming",
            title="Skrivelse",
            public_description="Skrivelse om trafiken",
            counterpart="Trafikföreningen",
            dated=timezone.localdate(),
            upload=SimpleUploadedFile("skrivelse.txt", b"Hej"),
            actor=karin,
            reason="krasch",
        )

    def write_statement():
        statement_services.write_statement(
            statement=Statement.objects.get(pk=world.statements["a", "MP"].pk),
            introduction="Vi reserverar oss",
            clauses=["att avslå förslaget", "att utreda frågan", "att återkomma"],
            text="Motivering",
            actor=mp,
            reason="krasch",
        )

    def open_item():
        item = AgendaItem.objects.get(pk=world.item_pending.pk)
        meeting_services.open_item(item=item, actor=secretary, reason="krasch")

    def record_vote():
        item = AgendaItem.objects.get(pk=world.item_pending.pk)
        serving = [p for p in item.meeting.participants.all() if p.serving]
        proceedings.record_vote(
            item=item,
            question="Bifall",
            yes_means="Ja",
            no_means="Nej",
            ballots=dict.fromkeys(serving, "yes"),
            actor=secretary,
            reason="krasch",
        )

    def record_delegated_decisions():
        for day in (3, 4):
            delegation.record_delegated_decision(
                organisation=trn,
                delegate="Trafikdirektören",
                delegation_point="3.2",
                decided_on=timezone.localdate() - datetime.timedelta(days=day),
                text="Beslut",
                registration_number=f"T2026-0100{day}",
                matter="ordinary",
                appealable=True,
                reported=False,
                actor=secretary,
                reason="krasch",
            )

    def draw_up_protocol():
        delegation.draw_up_delegation_protocol(
            organisation=trn, actor=secretary, reason="krasch"
        )

    def prepare_referral():
        state["process"] = referral_steps.start_referral(
            case=world.ks_case,
            question="Synpunkter",
            response_deadline=timezone.localdate() + datetime.timedelta(days=30),
            recipients=recipients,
            actor=world.staff.slk_officer,
        )

    def send_referral():
        process = state["process"]
        task = Task.objects.get(process=process, flow_task=ReferralFlow.dispatch)
        referral_steps.send(task=task, actor=world.staff.slk_officer)

    nothing = lambda: None  # noqa: E731
    return {
        "register a document with a file": (nothing, register_document),
        "write a statement with its clauses": (nothing, write_statement),
        "record a roll-call vote": (open_item, record_vote),
        "draw up a protocol of delegated decisions": (
            record_delegated_decisions,
            draw_up_protocol,
        ),
        "prepare a referral (its flow starts)": (nothing, prepare_referral),
        "send a referral (a response flow starts per recipient)": (
            prepare_referral,
            send_referral,
        ),
    }


OPERATIONS = [
    "register a document with a file",
    "write a statement with its clauses",
    "record a roll-call vote",
    "draw up a protocol of delegated decisions",
    "prepare a referral (its flow starts)",
    "send a referral (a response flow starts per recipient)",
]


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_crash_inside_a_service_leaves_nothing_behind(world, name):
    set_up, act = operations(world)[name]
    writes, problems = crash_everywhere(name, act, set_up)
    report(f"Crash, {name}: {writes} crash points, {len(problems)} partial states")
    for problem in problems:
        print(f"  {problem}")
    assert writes > 1
    assert not problems


def test_a_crash_between_the_steps_of_the_meeting_flow_leaves_no_orphan_task(world):
    """The secretary carries out the task of sending the notice on its page:
    the meeting's state changes, the task completes, the next one is created;
    a crash at any write leaves the meeting planned and the task taken, with
    no next task."""
    client = clients_for(world)["sekreterare.trn"]
    task = Task.objects.get(
        process=world.p_taken, flow_task_type="HUMAN", status=STATUS.ASSIGNED
    )
    url = reverse("tasks:task", args=[task.pk])

    def send_notice():
        response = client.post(url, {"reason": "kallelsen skickad"})
        assert response.status_code == 302, response.status_code

    def meeting_and_tasks():
        meeting = Meeting.objects.get(pk=world.m_taken.pk)
        tasks = Task.objects.filter(process=world.p_taken)
        rows = tasks.values_list("flow_task", "status")
        return meeting.state, sorted((str(node), status) for node, status in rows)

    writes, problems = crash_everywhere(
        "carry out the meeting flow's task", send_notice, extra=meeting_and_tasks
    )
    report(
        f"Crash between flow steps (the meeting's notice): {writes} crash points, "
        f"{len(problems)} partial states or orphan tasks"
    )
    for problem in problems:
        print(f"  {problem}")
    assert writes > 2
    assert not problems
