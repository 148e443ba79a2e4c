"""The referral flow (the executive board's side, rules.md c.1) driven through
its steps, and the helpers the other workflow tests share: committees with a
registrar, a case officer, a head and a secretary, and a meeting each."""

import datetime
import io
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.timers import fire_due_conditions, fire_due_timers

from casework import clock
from casework.directory import services as directory
from casework.directory.models import Assignment
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import signing
from casework.referrals.models import Extension, Referral, ReferralRecipient
from casework.registry import services as registry
from casework.registry.models import Document
from permissions import administration, rules
from tests.builders import Kind, Role, administrator, make_organisation, make_staff
from tests.referrals import conftest as referral_fixtures
from workflows.nodes import HumanTask, branch_key
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

pytestmark = pytest.mark.django_db

# The referral tests' personas and case, shared here.
deadline = referral_fixtures.deadline
e_registrar = referral_fixtures.e_registrar
ks_case = referral_fixtures.ks_case
slk_officer = referral_fixtures.slk_officer

SET_UP = "test set-up"
State = ReferralRecipient.State
QUESTION = "Synpunkter på förslaget till internationell strategi för Stockholms stad."
# W1, every query counted (savepoints too): 2,824 on SQLite. It was 2,244 before
# every state change re-read its row under a lock (about 95), every history row
# waited for the chain in its own transaction and every change of a workflow
# record was snapshotted (about 485). This guards against regressions only; the
# design bar (QUALITY_BARS.md) is far lower.
ROUND_TRIP_QUERIES = 2_850
CLAUSE = (
    "Nämnden överlämnar och åberopar kontorets tjänsteutlåtande som svar på "
    "remissen från kommunstyrelsen."
)


# --- committees, their staff and meetings -------------------------------------


def seat_members(organisation, actor, count=3):
    """A chair and members with seats, enough for a quorum when all attend;
    the directory's administrator records them (``actor`` only if one)."""
    actor = actor if administration.can_administer_directory(actor) else administrator()
    people = []
    for index in range(count):
        person = directory.create_person(
            first_name=f"Ledamot{index + 1}",
            last_name=organisation.code.upper(),
            actor=actor,
            reason=SET_UP,
        )
        directory.appoint(
            person=person,
            organisation=organisation,
            role=Assignment.Role.CHAIR if index == 0 else Assignment.Role.MEMBER,
            valid_from=datetime.date(2015, 1, 1),
            actor=actor,
            reason=SET_UP,
        )
        people.append(person)
    return people


def plan_meeting(organisation, members, secretary):
    """A meeting held three days ago, so that the time set for approving its
    minutes can already have come."""
    with clock.acting_at(timezone.now() - datetime.timedelta(days=4)):
        meeting = meeting_services.plan_meeting(
            organisation=organisation,
            held_on=timezone.localdate() - datetime.timedelta(days=3),
            chair=members[0],
            secretary=secretary,
            actor=secretary,
            reason=SET_UP,
        )
    for person in members:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    return meeting


def make_side(organisation, department, *, registrar, officer, head, secretary):
    members = seat_members(organisation, secretary)
    return SimpleNamespace(
        organisation=organisation,
        department=department,
        registrar=registrar,
        officer=officer,
        head=head,
        secretary=secretary,
        members=members,
        meeting=plan_meeting(organisation, members, secretary),
    )


@pytest.fixture
def trafik(city, t_registrar, karin, jonas):
    """Trafiknämnden and trafikkontoret: Karin Dhakal drafts, Jonas Eliasson
    approves."""
    secretary = make_staff("namndsekr.trn", Role.COMMITTEE_SECRETARY, city.trn)
    return make_side(
        city.trn,
        city.tk,
        registrar=t_registrar,
        officer=karin,
        head=jonas,
        secretary=secretary,
    )


@pytest.fixture
def exploatering(city, e_registrar, anders, hakan):
    """Exploateringsnämnden and exploateringskontoret: Anders Hallberg drafts,
    Håkan Falk approves."""
    secretary = make_staff("namndsekr.expn", Role.COMMITTEE_SECRETARY, city.expn)
    return make_side(
        city.expn,
        city.expk,
        registrar=e_registrar,
        officer=anders,
        head=hakan,
        secretary=secretary,
    )


@pytest.fixture
def stadsbyggnad(city, system_user):
    """A third committee, stadsbyggnadsnämnden, with its office and register."""
    sbn = make_organisation(
        "sbn", "Stadsbyggnadsnämnden", Kind.COMMITTEE, actor=system_user
    )
    sbk = make_organisation(
        "sbk", "Stadsbyggnadskontoret", Kind.DEPARTMENT, serves=sbn, actor=system_user
    )
    registry.create_register(
        organisation=sbk,
        code="sbk",
        name="Stadsbyggnadskontorets diarium",
        number_format="SBK{year}-{seq:05}",
        number_pattern=r"SBK(?P<year>\d{4})-(?P<seq>\d{5})",
        actor=system_user,
        reason=SET_UP,
    )
    return make_side(
        sbn,
        sbk,
        registrar=make_staff("registrator.sbk", Role.REGISTRAR, sbk),
        officer=make_staff("handlaggare.sbk", Role.CASE_OFFICER, sbk),
        head=make_staff("chef.sbk", Role.HEAD_OF_DEPARTMENT, sbk),
        secretary=make_staff("namndsekr.sbn", Role.COMMITTEE_SECRETARY, sbn),
    )


# --- driving the flows --------------------------------------------------------


def open_task(process, node):
    return Task.objects.get(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def branch_task(referral_process, node, recipient):
    tasks = Task.objects.filter(
        process=referral_process,
        flow_task=node,
        status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.SCHEDULED],
    )
    return next(task for task in tasks if branch_key(task) == recipient.pk)


def start(case, officer, deadline, *organisations):
    return referral_steps.start_referral(
        case=case,
        question=QUESTION,
        response_deadline=deadline,
        recipients=list(organisations),
        actor=officer,
    )


def send(process, officer):
    referral_steps.send(task=open_task(process, ReferralFlow.dispatch), actor=officer)
    process.refresh_from_db()
    return process


def recipient_of(process, side) -> ReferralRecipient:
    return process.referral.recipients.get(organisation=side.organisation)


def register_and_assign(recipient, side):
    flow = recipient.process
    response_steps.register(
        task=open_task(flow, ResponseFlow.register), actor=side.registrar
    )
    response_steps.assign_officer(
        task=open_task(flow, ResponseFlow.assign_officer),
        actor=side.registrar,
        officer=side.officer,
    )
    recipient.refresh_from_db()


def draft_and_approve(recipient, side):
    flow = recipient.process
    response_steps.save_report(
        task=open_task(flow, ResponseFlow.draft_report),
        actor=side.officer,
        title="Internationell strategi för Stockholms stad. Remiss från kommunstyrelsen",
        clauses=[CLAUSE],
        summary=f"{side.department.name} ställer sig positivt till förslaget.",
        submit=True,
    )
    response_steps.review(
        task=open_task(flow, ResponseFlow.department_review),
        actor=side.head,
        approve=True,
    )


def committee_decides(side, item):
    """What the committee and its secretary do on the meeting pages: hold the
    meeting, decide the item, draw up and approve the minutes (c.4)."""
    secretary, chair, checker = side.secretary, side.members[0], side.members[1]
    meeting = item.meeting
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[checker],
        approval_due_at=at_start_of(meeting.held_on + datetime.timedelta(days=1)),
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    meeting_services.decide(
        item=item,
        decision_text="Nämnden beslutar enligt kontorets förslag.",
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    # Signed on paper the day after the meeting, within the time for approval
    # (R24), however late the test's clock reads.
    signed_on = min(timezone.localdate(), meeting.held_on + datetime.timedelta(days=1))
    for person in (chair, checker):
        signing.record_paper_signature(
            minutes=minutes,
            person=person,
            signed_on=signed_on,
            reference="Justerat på papper",
            actor=secretary,
            reason=SET_UP,
        )


def answer(recipient, side, stance=ReferralRecipient.Stance.ENDORSE):
    """The recipient's whole response flow, step by step, after registration."""
    recipient.refresh_from_db()
    flow = recipient.process
    draft_and_approve(recipient, side)
    response_steps.put_on_agenda(
        task=open_task(flow, ResponseFlow.put_on_agenda),
        actor=side.secretary,
        meeting=side.meeting,
    )
    committee_decides(side, response_steps.latest_item(recipient))
    fire_due_conditions(flows=[ResponseFlow])
    response_steps.send_answer(
        task=open_task(flow, ResponseFlow.dispatch_response),
        actor=side.officer,
        stance=stance,
        decision_text="Nämnden överlämnar kontorets tjänsteutlåtande.",
    )


def decline(recipient, side, reason_given="Frågan rör inte nämndens ansvar."):
    response_steps.decline(
        task=open_task(recipient.process, ResponseFlow.draft_report),
        actor=side.officer,
        reason_given=reason_given,
    )


def wall_clock(monkeypatch, moment):
    """Move the clock the timer dispatcher and the services read."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def at_start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 30)))


@pytest.fixture
def two(ks_case, slk_officer, deadline, trafik, exploatering):
    """A referral sent to trafiknämnden and exploateringsnämnden, registered and
    assigned at both."""
    process = send(
        start(
            ks_case,
            slk_officer,
            deadline,
            trafik.organisation,
            exploatering.organisation,
        ),
        slk_officer,
    )
    for side in (trafik, exploatering):
        register_and_assign(recipient_of(process, side), side)
    return process


# --- the flow's shape ---------------------------------------------------------


def test_every_permission_a_flow_node_names_exists():
    """Each human task names one permission; it exists (declared on the process
    models) and staff roles carry it (permissions.rules.TASK_ROLES)."""
    named = [
        node._owner_permission
        for flow in (ReferralFlow, ResponseFlow)
        for node in flow.instance.nodes()
        if isinstance(node, HumanTask)
    ]
    assert len(named) == 10
    for permission in named:
        app_label, codename = permission.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), permission
        assert rules.TASK_ROLES[permission], permission


def test_every_human_task_has_a_title_and_one_permission():
    for flow in (ReferralFlow, ResponseFlow):
        for node in flow.instance.nodes():
            if isinstance(node, HumanTask):
                assert node.task_title and node.task_title != node.name.title()
                assert isinstance(node._owner_permission, str)


def test_the_flow_and_node_names_are_the_stored_identifiers():
    """Renaming a flow, module or node strands running processes."""
    assert str(ReferralFlow) == "workflows/referral.ReferralFlow"
    assert str(ResponseFlow) == "workflows/response.ResponseFlow"
    assert set(ReferralFlow.instance._nodes_by_name) == {
        "start",
        "dispatch",
        "split_to_recipients",
        "start_response",
        "wait_for_answer",
        "wait_for_answer__timeout",
        "route_branch",
        "decide_extension",
        "mark_overdue",
        "join_answers",
        "compile_answers",
        "await_decision",
        "close_case",
        "end",
    }


def test_both_flows_lock_the_process_row_and_wait_for_the_lock():
    for flow in (ReferralFlow, ResponseFlow):
        assert flow.lock_impl.nowait is False
        assert type(flow.lock_impl).__name__ == "SelectForUpdateLock"


# --- sending ------------------------------------------------------------------


def test_only_the_boards_office_prepares_a_referral(ks_case, karin, deadline, city):
    with pytest.raises(PermissionDenied):
        start(ks_case, karin, deadline, city.trn)
    assert not Referral.objects.exists()


def test_a_referral_without_a_deadline_is_not_started(ks_case, slk_officer, city):
    """R40: the system refuses a referral without a response deadline."""
    with pytest.raises(ValidationError) as error:
        start(ks_case, slk_officer, None, city.trn)
    assert error.value.code == "deadline_required"
    assert not Task.objects.exists()


def test_sending_starts_one_branch_and_one_response_flow_per_recipient(
    ks_case, slk_officer, deadline, trafik, exploatering, stadsbyggnad
):
    """R40, R59a: the letter is official and every recipient gets the referral
    at the same time."""
    sides = (trafik, exploatering, stadsbyggnad)
    process = start(ks_case, slk_officer, deadline, *(s.organisation for s in sides))
    dispatch = open_task(process, ReferralFlow.dispatch)
    assert dispatch.owner == slk_officer and dispatch.status == STATUS.ASSIGNED

    send(process, slk_officer)

    referral = process.referral
    referral.refresh_from_db()
    assert referral.state == Referral.State.DISPATCHED and referral.letter.is_official
    for side in sides:
        recipient = recipient_of(process, side)
        assert recipient.process.status == PROCESS.NEW
        assert open_task(recipient.process, ResponseFlow.register).owner is None
        waiting = branch_task(process, ReferralFlow.wait_for_answer, recipient)
        timer = branch_task(process, ReferralFlow.wait_for_answer__timeout, recipient)
        assert waiting.status == STATUS.NEW and timer.status == STATUS.SCHEDULED
        assert timezone.localtime(
            timer.scheduled
        ).date() == deadline + datetime.timedelta(days=1)


# --- the branches -------------------------------------------------------------


def test_answers_and_a_refusal_end_the_branches_and_the_join_goes_on_once(
    two, trafik, exploatering, slk_officer
):
    """c.1: SVAR_INKOMMET and AVSTÅR both end a branch; the compile task comes
    once, after the last."""
    decline(recipient_of(two, exploatering), exploatering)
    assert not Task.objects.filter(
        process=two, flow_task=ReferralFlow.compile_answers
    ).exists()

    answer(recipient_of(two, trafik), trafik)

    compile_task = open_task(two, ReferralFlow.compile_answers)
    assert compile_task.owner == slk_officer
    assert (
        Task.objects.filter(process=two, flow_task=ReferralFlow.join_answers).count()
        == 1
    )
    states = dict(two.referral.recipients.values_list("organisation__code", "state"))
    assert states == {"trn": State.ANSWERED, "expn": State.DECLINED}
    assert not Task.objects.filter(
        process=two,
        flow_task=ReferralFlow.wait_for_answer__timeout,
        status=STATUS.SCHEDULED,
    ).exists()


def test_after_compiling_the_answers_the_case_officer_lands_on_the_memorandum_R79(
    two, trafik, exploatering, slk_officer, client
):
    """Writing the rapporteur's memorandum is the case officer's next step
    once the answers are compiled; it is not a task of the flow, so the desk
    leads there."""
    decline(recipient_of(two, exploatering), exploatering)
    answer(recipient_of(two, trafik), trafik)
    compile_task = open_task(two, ReferralFlow.compile_answers)
    client.force_login(slk_officer)

    response = client.post(
        reverse("tasks:task", args=[compile_task.pk]),
        {"summary": "Trafiknämnden tillstyrker; exploateringsnämnden avstår."},
    )

    assert response.status_code == 302
    assert response.url == reverse(
        "referrals:memorandum_create", args=[two.referral.pk]
    )


def test_the_answer_is_registered_in_both_registers(two, trafik, exploatering):
    """R42: the extract and the officer report are outgoing in the committee's
    register and incoming in the board's case under its number."""
    recipient = recipient_of(two, trafik)
    answer(recipient, trafik, stance=ReferralRecipient.Stance.WITH_COMMENTS)
    recipient.refresh_from_db()
    assert recipient.stance == ReferralRecipient.Stance.WITH_COMMENTS
    outgoing = recipient.committee_case.documents.filter(
        direction=Document.Direction.OUTGOING
    )
    kinds = set(outgoing.values_list("kind", flat=True))
    assert kinds == {Document.Kind.MINUTES_EXTRACT, Document.Kind.OFFICER_REPORT}
    incoming = two.referral.case.documents.filter(direction=Document.Direction.INCOMING)
    assert incoming.count() == 2
    assert recipient.process.status == PROCESS.DONE


def waits_for_the_decision(process) -> None:
    """The answers are compiled; the flow waits for the board's decision on
    the memorandum (c.1 SAMMANSTÄLLNING → PM → BRB → KS)."""
    process.refresh_from_db()
    assert process.status == PROCESS.NEW
    assert not open_tasks_of(process, ReferralFlow.compile_answers)
    assert len(open_tasks_of(process, ReferralFlow.await_decision)) == 1


def open_tasks_of(process, node) -> list:
    return list(
        Task.objects.filter(
            process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
    )


def test_compiling_records_the_summary_and_waits_for_the_decision(
    two, trafik, exploatering, slk_officer
):
    decline(recipient_of(two, exploatering), exploatering)
    answer(recipient_of(two, trafik), trafik)
    referral_steps.compile_answers(
        task=open_task(two, ReferralFlow.compile_answers),
        actor=slk_officer,
        summary="Trafiknämnden tillstyrker; exploateringsnämnden avstår.",
    )
    waits_for_the_decision(two)
    assert two.referral.state == Referral.State.COMPILED


# --- deadline, extension, reminders -------------------------------------------


def test_when_the_deadline_passes_the_branch_ends_as_overdue(
    two, trafik, exploatering, deadline, monkeypatch
):
    """c.1: a branch ends at its deadline (timer); a late answer still counts."""
    decline(recipient_of(two, exploatering), exploatering)
    wall_clock(monkeypatch, at_start_of(deadline + datetime.timedelta(days=1)))

    assert fire_due_timers() == 1

    recipient = recipient_of(two, trafik)
    assert recipient.state == State.OVERDUE
    assert open_task(two, ReferralFlow.compile_answers)
    answer(recipient, trafik)
    recipient.refresh_from_db()
    assert recipient.state == State.ANSWERED


def test_the_timer_does_not_fire_before_the_deadline_has_passed(
    two, deadline, monkeypatch
):
    wall_clock(monkeypatch, at_start_of(deadline))
    assert fire_due_timers() == 0


def test_a_granted_extension_moves_that_branchs_timer(
    two, trafik, exploatering, slk_officer, deadline, monkeypatch
):
    """R44, c.1 ANSTÅND_BEVILJAT: the request stops the wait for the case
    officer's decision; a grant re-arms the timer with the new deadline, the
    other branch keeps its own."""
    recipient = recipient_of(two, trafik)
    later = deadline + datetime.timedelta(days=21)
    response_steps.ask_for_extension(
        task=open_task(recipient.process, ResponseFlow.draft_report),
        actor=trafik.officer,
        requested_until=later,
        reason_given="Nämnden sammanträder först i november.",
    )
    decision = branch_task(two, ReferralFlow.decide_extension, recipient)
    assert decision.owner == slk_officer

    referral_steps.decide_extension(task=decision, actor=slk_officer, grant=True)

    recipient.refresh_from_db()
    assert (recipient.deadline, recipient.state) == (later, State.EXTENSION_GRANTED)
    timer = branch_task(two, ReferralFlow.wait_for_answer__timeout, recipient)
    assert timezone.localtime(timer.scheduled).date() == later + datetime.timedelta(
        days=1
    )
    other = branch_task(
        two, ReferralFlow.wait_for_answer__timeout, recipient_of(two, exploatering)
    )
    assert timezone.localtime(other.scheduled).date() == deadline + datetime.timedelta(
        days=1
    )

    wall_clock(monkeypatch, at_start_of(deadline + datetime.timedelta(days=1)))
    assert fire_due_timers() == 1  # only exploateringsnämnden's
    recipient.refresh_from_db()
    assert recipient.state == State.EXTENSION_GRANTED


def test_a_timer_that_fires_after_the_deadline_moved_waits_again(
    two, trafik, deadline, monkeypatch, slk_officer
):
    """The deadline is read again when the timer fires: a deadline moved by
    other means than the branch's own decision task re-arms the timer."""
    recipient = recipient_of(two, trafik)
    later = deadline + datetime.timedelta(days=10)
    ReferralRecipient.objects.filter(pk=recipient.pk).update(deadline=later)
    wall_clock(monkeypatch, at_start_of(deadline + datetime.timedelta(days=1)))

    fire_due_timers()

    recipient.refresh_from_db()
    assert recipient.state == State.RECEIVED
    assert (
        branch_task(two, ReferralFlow.wait_for_answer, recipient).status == STATUS.NEW
    )
    timer = branch_task(two, ReferralFlow.wait_for_answer__timeout, recipient)
    assert timezone.localtime(timer.scheduled).date() == later + datetime.timedelta(
        days=1
    )


def test_a_refused_extension_leaves_the_deadline_and_the_branch_waits(
    two, trafik, slk_officer, deadline
):
    recipient = recipient_of(two, trafik)
    response_steps.ask_for_extension(
        task=open_task(recipient.process, ResponseFlow.draft_report),
        actor=trafik.officer,
        requested_until=deadline + datetime.timedelta(days=7),
        reason_given="Semester.",
    )
    referral_steps.decide_extension(
        task=branch_task(two, ReferralFlow.decide_extension, recipient),
        actor=slk_officer,
        grant=False,
        note="Svaret behövs i tid till KS.",
    )
    recipient.refresh_from_db()
    assert recipient.deadline == deadline
    assert recipient.extensions.get().state == Extension.State.REFUSED
    assert (
        branch_task(two, ReferralFlow.wait_for_answer, recipient).status == STATUS.NEW
    )


def test_a_second_request_waits_for_the_first_to_be_decided(two, trafik, deadline):
    recipient = recipient_of(two, trafik)
    drafting = open_task(recipient.process, ResponseFlow.draft_report)

    def ask(days):
        return response_steps.ask_for_extension(
            task=drafting,
            actor=trafik.officer,
            requested_until=deadline + datetime.timedelta(days=days),
            reason_given="Semester.",
        )

    ask(7)
    with pytest.raises(ValidationError) as error:
        ask(8)
    assert error.value.code == "extension_pending"
    assert recipient.extensions.count() == 1


def test_no_extension_can_be_asked_for_once_the_branch_has_ended(
    two, trafik, exploatering, deadline, monkeypatch
):
    decline(recipient_of(two, exploatering), exploatering)
    wall_clock(monkeypatch, at_start_of(deadline + datetime.timedelta(days=1)))
    fire_due_timers()
    recipient = recipient_of(two, trafik)
    with pytest.raises(ValidationError) as error:
        response_steps.ask_for_extension(
            task=open_task(recipient.process, ResponseFlow.draft_report),
            actor=trafik.officer,
            requested_until=deadline + datetime.timedelta(days=30),
            reason_given="Sent.",
        )
    assert error.value.code == "branch_not_waiting"
    assert not Extension.objects.exists()


def test_another_department_cannot_ask_for_an_extension(two, trafik, anders, deadline):
    recipient = recipient_of(two, trafik)
    with pytest.raises(PermissionDenied):
        response_steps.ask_for_extension(
            task=open_task(recipient.process, ResponseFlow.draft_report),
            actor=anders,
            requested_until=deadline + datetime.timedelta(days=30),
            reason_given="x",
        )


def test_compiling_gives_up_on_a_recipient_that_never_answered(
    two, trafik, exploatering, slk_officer, deadline, monkeypatch
):
    """c.1 UTEBLIVET: past the deadline, the case officer compiles without the
    missing answer; that recipient's response flow is cancelled."""
    decline(recipient_of(two, exploatering), exploatering)
    wall_clock(monkeypatch, at_start_of(deadline + datetime.timedelta(days=2)))
    fire_due_timers()
    referral_steps.compile_answers(
        task=open_task(two, ReferralFlow.compile_answers),
        actor=slk_officer,
        summary="Svar har inte inkommit från trafiknämnden.",
    )
    recipient = recipient_of(two, trafik)
    assert recipient.state == State.NOT_RECEIVED
    assert recipient.process.status == PROCESS.CANCELED
    assert not Task.objects.filter(
        process=recipient.process, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    ).exists()


# --- the whole round trip -----------------------------------------------------


def test_the_round_trip_to_three_committees_runs_in_a_bounded_number_of_queries(
    ks_case, slk_officer, deadline, trafik, exploatering, stadsbyggnad
):
    """W1: from preparing the referral to the compiled answers, with each
    committee's registration, report, approval, meeting (held and minuted on
    the meeting machinery) and answer. Each committee costs the same, whether
    its branch ends first or last."""
    sides = (trafik, exploatering, stadsbyggnad)
    per_committee = []
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        process = send(
            start(ks_case, slk_officer, deadline, *(s.organisation for s in sides)),
            slk_officer,
        )
        for side in sides:
            before = len(queries)
            recipient = recipient_of(process, side)
            register_and_assign(recipient, side)
            answer(recipient, side)
            per_committee.append(len(queries) - before)
        referral_steps.compile_answers(
            task=open_task(process, ReferralFlow.compile_answers),
            actor=slk_officer,
            summary="Alla tre nämnder tillstyrker.",
        )
    elapsed_ms = (time.perf_counter() - started) * 1000
    waits_for_the_decision(process)
    total = len(queries)
    print(
        f"\nW1 round trip to 3 committees ({connection.vendor}): {total} queries "
        f"(per committee {per_committee}), {elapsed_ms:.0f} ms server time"
    )
    assert total <= ROUND_TRIP_QUERIES
    assert max(per_committee) - min(per_committee) <= 25


# --- over HTTP ----------------------------------------------------------------


def task_url(task, name="task"):
    return reverse(f"tasks:{name}", args=[task.pk])


def test_the_board_side_over_http(
    client, ks_case, slk_officer, deadline, trafik, exploatering
):
    """The case officer at stadsledningskontoret prepares and sends the
    referral, decides a request for an extension and compiles the answers,
    all on the task pages (R39–R40, c.1)."""
    client.force_login(slk_officer)
    prepare = reverse("tasks:prepare_referral", args=[ks_case.pk])
    assert client.get(prepare).status_code == 200
    response = client.post(
        prepare,
        {
            "question": QUESTION,
            "response_deadline": deadline.isoformat(),
            "recipients": [trafik.organisation.pk, exploatering.organisation.pk],
        },
    )
    process = ReferralFlow.process_class.objects.get()
    dispatch = open_task(process, ReferralFlow.dispatch)
    assert response["Location"] == task_url(dispatch)
    mine = client.get(reverse("tasks:mine")).content.decode()
    assert mine.count(f'href="{task_url(dispatch)}"') == 1
    page = client.get(task_url(dispatch))
    assert page.status_code == 200 and "Trafiknämnden" in page.content.decode()

    response = client.post(task_url(dispatch), {"submit": ""})
    assert response["Location"] == reverse("tasks:mine")
    process.referral.refresh_from_db()
    assert process.referral.state == Referral.State.DISPATCHED

    trn = recipient_of(process, trafik)
    register_and_assign(trn, trafik)
    response_steps.ask_for_extension(
        task=open_task(trn.process, ResponseFlow.draft_report),
        actor=trafik.officer,
        requested_until=deadline + datetime.timedelta(days=14),
        reason_given="Nämnden sammanträder sent.",
    )
    decision = branch_task(process, ReferralFlow.decide_extension, trn)
    assert (
        "Nämnden sammanträder sent." in client.get(task_url(decision)).content.decode()
    )
    response = client.post(task_url(decision), {"grant": "True", "note": ""})
    assert response.status_code == 302
    trn.refresh_from_db()
    assert trn.deadline == deadline + datetime.timedelta(days=14)

    expn = recipient_of(process, exploatering)
    register_and_assign(expn, exploatering)
    decline(expn, exploatering)
    answer(trn, trafik)

    compile_task = open_task(process, ReferralFlow.compile_answers)
    draft = client.get(task_url(compile_task)).context["form"].initial["summary"]
    assert "Trafiknämnden" in draft and "Exploateringsnämnden" in draft
    assert "Trafikkontoret ställer sig positivt till förslaget." in draft
    response = client.post(task_url(compile_task), {"summary": "Sammanställning."})
    assert response["Location"] == reverse(
        "referrals:memorandum_create", args=[process.referral.pk]
    )
    waits_for_the_decision(process)


def test_another_organisation_cannot_see_or_take_the_boards_tasks(
    client, ks_case, slk_officer, deadline, karin, city
):
    """rules.md (d): a task of stadsledningskontoret is not even visible to
    trafikkontoret's staff (404), and refused when called from code."""
    process = start(ks_case, slk_officer, deadline, city.trn)
    dispatch = open_task(process, ReferralFlow.dispatch)
    client.force_login(karin)
    assert client.get(task_url(dispatch)).status_code == 404
    assert client.post(task_url(dispatch), {"submit": ""}).status_code == 404
    assert client.post(task_url(dispatch, "release")).status_code == 404
    assert (
        client.get(reverse("tasks:prepare_referral", args=[ks_case.pk])).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        referral_steps.send(task=dispatch, actor=karin)
    dispatch.refresh_from_db()
    assert dispatch.status == STATUS.ASSIGNED
    assert process.referral.state == Referral.State.DRAFT


def test_a_colleague_sees_that_the_task_is_taken(
    client, ks_case, slk_officer, deadline, city
):
    colleague = make_staff("handlaggare2.slk", Role.CASE_OFFICER, city.slk)
    process = start(ks_case, slk_officer, deadline, city.trn)
    dispatch = open_task(process, ReferralFlow.dispatch)
    client.force_login(colleague)
    response = client.post(task_url(dispatch), {"submit": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tasks:mine")
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    process.referral.refresh_from_db()
    assert process.referral.state == Referral.State.DRAFT


def test_reminders_are_sent_by_the_daily_command(
    two, trafik, deadline, monkeypatch, system_user, django_capture_on_commit_callbacks
):
    """Reminders at the configured offsets (14 and 3 days before, 1 day after)
    go to the recipients' registrars and case officer, once each."""
    wall_clock(monkeypatch, at_start_of(deadline - datetime.timedelta(days=3)))
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "send_referral_reminders", actor="system", stdout=io.StringIO()
            )
    recipient = recipient_of(two, trafik)
    assert sorted(recipient.reminders.values_list("offset_days", flat=True)) == [
        -14,
        -3,
    ]
    assert any(trafik.officer.email in message.to for message in mail.outbox)
