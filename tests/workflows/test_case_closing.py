"""c.1 KS_BESLUT | KF_BESLUT → JUSTERAT: the referral flow waits for the
decision on the memorandum and closes the board's case once the minutes of the
deciding body are approved (R24); tabling and referral back keep it open."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework import clock
from casework.directory import services as directory
from casework.meetings.models import AgendaItem
from casework.meetings.services import council as council_services
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import signing
from casework.referrals import memoranda
from casework.registry.models import Case, Document
from tests.builders import Kind, Role, make_organisation
from tests.workflows import test_referral_flow as remiss
from tests.workflows.test_round_trip_over_http import board  # noqa: F401
from workflows.referral import CLOSED_AFTER_DECISION, ReferralFlow
from workflows.steps import referral as referral_steps

deadline = remiss.deadline
e_registrar = remiss.e_registrar
ks_case = remiss.ks_case
slk_officer = remiss.slk_officer
trafik = remiss.trafik
exploatering = remiss.exploatering
SET_UP = remiss.SET_UP

pytestmark = pytest.mark.django_db


# --- builders -----------------------------------------------------------------


@pytest.fixture
def compiled(ks_case, slk_officer, deadline, trafik):
    """A referral to trafiknämnden, which declined; the answers are compiled."""
    process = remiss.send(
        remiss.start(ks_case, slk_officer, deadline, trafik.organisation),
        slk_officer,
    )
    recipient = remiss.recipient_of(process, trafik)
    remiss.register_and_assign(recipient, trafik)
    remiss.decline(recipient, trafik)
    referral_steps.compile_answers(
        task=remiss.open_task(process, ReferralFlow.compile_answers),
        actor=slk_officer,
        summary="Trafiknämnden avstår från att svara.",
    )
    process.refresh_from_db()
    return process


def memorandum_of(process, board, slk_officer, council_decides=False):  # noqa: F811
    return memoranda.draw_up_memorandum(
        referral=process.referral,
        rapporteur=board["rapporteur"],
        commissioner_office=board["rotel"],
        office_numeral="I",
        title="Internationell strategi för Stockholms stad",
        clauses=["Förslaget till internationell strategi godkänns."],
        council_decides=council_decides,
        actor=slk_officer,
        reason="memorandum drafted",
    )


def on_agenda(memorandum, meeting, secretary) -> AgendaItem:
    return memoranda.put_memorandum_on_agenda(
        memorandum=memorandum,
        meeting=meeting,
        actor=secretary,
        reason="memorandum put on the agenda",
    )


def hold(meeting, item, secretary, chair, checker, outcome="decide", meanwhile=None):
    """The body meets and handles the item: decides it, tables it or refers it
    back; ``meanwhile`` runs before the meeting closes; the chair and the checker
    approve the minutes (c.4, R24)."""
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[checker],
        approval_due_at=remiss.at_start_of(meeting.held_on + datetime.timedelta(1)),
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    if not item.announced:
        # Put on the agenda after the council was called: all present agree
        # to handle it (R10).
        council_services.record_unanimous_consent(
            item=item, objectors=[], actor=secretary, reason=SET_UP
        )
    if outcome == "decide":
        meeting_services.decide(
            item=item,
            decision_text="Förslaget godkänns.",
            actor=secretary,
            reason=SET_UP,
        )
    else:
        meeting_services.postpone(
            item=item,
            referred_back=outcome == "refer_back",
            actor=secretary,
            reason=SET_UP,
        )
    if meanwhile:
        meanwhile()
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    for person in (chair, checker):
        signing.record_paper_signature(
            minutes=minutes,
            person=person,
            signed_on=timezone.localdate(),
            reference="Justerat på papper",
            actor=secretary,
            reason=SET_UP,
        )


def treat(code, board, memorandum, outcome="decide", meanwhile=None):  # noqa: F811
    """The memorandum on the body's meeting, handled there."""
    body, secretary = board[code], board["secretary"]
    item = on_agenda(memorandum, body["meeting"], secretary)
    members = body["members"]
    hold(body["meeting"], item, secretary, members[0], members[1], outcome, meanwhile)
    return item


def sweep():
    """What cron runs every minute."""
    call_command("workflow_timers", verbosity=0)


def is_closed(process) -> bool:
    process.refresh_from_db()
    case = Case.objects.get(pk=process.referral.case_id)
    return case.status == Case.Status.CLOSED


def waiting(process) -> bool:
    return Task.objects.filter(
        process=process, flow_task=ReferralFlow.await_decision, status=STATUS.NEW
    ).exists()


@pytest.fixture
def members(board):  # noqa: F811
    """The seated members of BRB and KS, the chair first, then the checker."""
    for code in ("brb", "ks"):
        meeting = board[code]["meeting"]
        board[code]["members"] = [p.person for p in meeting.participants.order_by("pk")]
    return board


@pytest.fixture
def council(members, city, system_user):
    """Kommunfullmäktige, with a meeting kept by the same secretary."""
    kf = make_organisation("kf", "Kommunfullmäktige", Kind.COUNCIL, actor=system_user)
    secretary = members["secretary"]
    directory.grant_staff_role(
        user=secretary,
        role=Role.COMMITTEE_SECRETARY,
        organisation=kf,
        valid_from=datetime.date(2010, 1, 1),
        actor=system_user,
        reason=SET_UP,
    )
    # The secretary's roles are read once per user object: read them afresh.
    secretary = type(secretary).objects.get(pk=secretary.pk)
    members["secretary"] = secretary
    people = remiss.seat_members(kf, secretary)
    members["kf"] = {
        "organisation": kf,
        "meeting": called_council(kf, people, secretary),
        "members": people,
    }
    return members


def called_council(kf, people, secretary):
    """Kommunfullmäktige three days ago, called ten days before (R10)."""
    held_on = timezone.localdate() - datetime.timedelta(days=3)
    with clock.acting_at(timezone.now() - datetime.timedelta(days=13)):
        meeting = meeting_services.plan_meeting(
            organisation=kf,
            held_on=held_on,
            chair=people[0],
            secretary=secretary,
            actor=secretary,
            reason=SET_UP,
        )
        meeting_services.send_notice_of_meeting(
            meeting=meeting, actor=secretary, reason=SET_UP
        )
    for person in people:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    return meeting


def second_ks_meeting(board):  # noqa: F811
    secretary, people = board["secretary"], board["ks"]["members"]
    with clock.acting_at(timezone.now() - datetime.timedelta(days=3)):
        meeting = meeting_services.plan_meeting(
            organisation=board["ks"]["organisation"],
            held_on=timezone.localdate() - datetime.timedelta(days=2),
            chair=people[0],
            secretary=secretary,
            actor=secretary,
            reason=SET_UP,
        )
    for person in people:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    return meeting


# --- the board decides ----------------------------------------------------------


def test_the_case_closes_when_the_boards_minutes_are_approved(
    compiled, members, slk_officer
):
    """c.1 KS_BESLUT → JUSTERAT (R24): the sweep after the approval closes the
    case on the day of approval, files the extract, and ends the flow; the
    history names the case officer and the automatic step."""
    memorandum = memorandum_of(compiled, members, slk_officer)
    treat("brb", members, memorandum)
    sweep()
    assert not is_closed(compiled) and waiting(compiled)
    item = treat("ks", members, memorandum)
    assert not is_closed(compiled), "closes on the sweep, not inside the approval"

    sweep()

    case = Case.objects.get(pk=compiled.referral.case_id)
    assert case.status == Case.Status.CLOSED
    approved = item.meeting.minutes
    approved.refresh_from_db()
    assert case.closed_on == timezone.localdate(approved.approved_at)
    row = case.history.order_by("-history_id").first()
    assert row.status == Case.Status.CLOSED
    assert (row.history_user, row.history_change_reason) == (
        slk_officer,
        CLOSED_AFTER_DECISION,
    )
    assert case.documents.filter(kind=Document.Kind.MINUTES_EXTRACT).count() == 1
    compiled.refresh_from_db()
    assert compiled.status == PROCESS.DONE
    assert not Task.objects.filter(
        process=compiled, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.ERROR]
    ).exists()
    assert Task.objects.get(process=compiled, flow_task=ReferralFlow.end).status == (
        STATUS.DONE
    )


def test_the_decision_of_the_preparatory_body_alone_closes_nothing(
    compiled, members, slk_officer
):
    """BRB only prepares (c.1 BRB_BEHANDLAT): its approved minutes leave the
    case open and the flow waiting."""
    memorandum = memorandum_of(compiled, members, slk_officer)
    treat("brb", members, memorandum)
    sweep()
    assert not is_closed(compiled)
    assert compiled.status == PROCESS.NEW and waiting(compiled)


@pytest.mark.parametrize("outcome", ["table", "refer_back"])
def test_an_item_tabled_or_referred_back_by_the_board_keeps_the_case_open(
    compiled, members, slk_officer, outcome
):
    """c.1 bordläggning → PM_FASTSTÄLLD, återremiss → UNDER_BEREDNING (R11):
    approved minutes without a decision close nothing; the decision at a later
    meeting does."""
    memorandum = memorandum_of(compiled, members, slk_officer)
    treat("ks", members, memorandum, outcome=outcome)
    sweep()
    assert not is_closed(compiled) and waiting(compiled)

    later = second_ks_meeting(members)
    item = on_agenda(memorandum, later, members["secretary"])
    people = members["ks"]["members"]
    hold(later, item, members["secretary"], people[0], people[1])
    sweep()
    assert is_closed(compiled)
    assert compiled.status == PROCESS.DONE


# --- the board proposes the decision to the council ------------------------------


def test_a_case_the_council_decides_stays_open_until_the_councils_minutes(
    compiled, council, slk_officer
):
    """c.1 KF_BEREDD → KF_BESLUT → JUSTERAT: the board's approved decision
    (its proposal to the council) closes nothing; the council's does."""
    memorandum = memorandum_of(compiled, council, slk_officer, council_decides=True)
    assert compiled.referral.council_decides
    treat("brb", council, memorandum)
    treat("ks", council, memorandum)
    sweep()
    assert not is_closed(compiled) and waiting(compiled)

    treat("kf", council, memorandum)
    sweep()
    assert is_closed(compiled)
    assert compiled.status == PROCESS.DONE


def test_putting_the_memorandum_on_the_councils_agenda_makes_the_council_decide(
    compiled, council, slk_officer
):
    """A memorandum put before the council once the board has decided its
    proposal, before the board's minutes are approved: the case then waits for
    the council."""
    memorandum = memorandum_of(compiled, council, slk_officer)

    def put_before_the_council():
        on_agenda(memorandum, council["kf"]["meeting"], council["secretary"])

    treat("ks", council, memorandum, meanwhile=put_before_the_council)
    compiled.referral.refresh_from_db()
    assert compiled.referral.council_decides
    sweep()
    assert not is_closed(compiled)


def test_the_council_takes_only_a_matter_the_board_has_prepared(
    compiled, council, slk_officer
):
    """R36, R37 (KL 5:26, 6:13): a council paragraph with no preparation is
    refused; the board must first decide its proposal. Nothing is written."""
    memorandum = memorandum_of(compiled, council, slk_officer)
    kf_meeting = council["kf"]["meeting"]
    with pytest.raises(ValidationError) as refused:
        on_agenda(memorandum, kf_meeting, council["secretary"])
    assert refused.value.error_dict["meeting"][0].code == "not_prepared"
    assert not kf_meeting.items.exists()
    compiled.referral.refresh_from_db()
    assert not compiled.referral.council_decides
    treat("brb", council, memorandum)  # the preparatory body does not decide
    with pytest.raises(ValidationError):
        on_agenda(memorandum, kf_meeting, council["secretary"])


def test_a_closed_case_takes_no_memorandum_and_no_agenda_item(
    compiled, members, slk_officer
):
    memorandum = memorandum_of(compiled, members, slk_officer)
    treat("ks", members, memorandum)
    sweep()
    assert is_closed(compiled)
    with pytest.raises(ValidationError) as refused:
        memorandum_of(compiled, members, slk_officer)
    assert refused.value.code == "case_closed"
    later = second_ks_meeting(members)
    with pytest.raises(ValidationError) as refused:
        on_agenda(memorandum, later, members["secretary"])
    assert refused.value.code == "case_closed"
    assert not later.items.exists()


# --- closing by hand, and cases without a referral ------------------------------


def test_a_case_closed_by_hand_ends_the_flow_without_a_second_closing(
    compiled, registrar
):
    """The registrar may close the case before any decision (e.g. the matter
    lapsed); the flow then has nothing to wait for."""
    from casework.registry import services as registry

    case = compiled.referral.case
    registry.close_case(case=case, actor=registrar, reason="Ärendet har upphört.")
    rows = case.history.count()
    sweep()
    compiled.refresh_from_db()
    assert compiled.status == PROCESS.DONE
    assert case.history.count() == rows


def test_a_board_case_without_a_referral_is_not_closed_by_the_minutes(
    ks_case, members, registrar
):
    """Only a referral's flow closes its case: a plain case on the board's
    agenda is closed by the registrar when it is concluded (c.1 EXPEDIERAT →
    AVSLUTAT)."""
    secretary = members["secretary"]
    item = meeting_services.add_agenda_item(
        meeting=members["ks"]["meeting"],
        title="Anmälan av delegationsbeslut",
        case=ks_case,
        actor=secretary,
        reason=SET_UP,
    )
    people = members["ks"]["members"]
    hold(members["ks"]["meeting"], item, secretary, people[0], people[1])
    sweep()
    ks_case.refresh_from_db()
    assert ks_case.status != Case.Status.CLOSED


def test_the_flow_diagram_shows_the_wait_and_the_closing(
    client, compiled, members, slk_officer
):
    """The case page shows the referral flow waiting for the decision, then
    the case closed with every step done."""
    case = compiled.referral.case
    client.force_login(slk_officer)
    page = client.get(case.get_absolute_url())
    diagram = next(d for d in page.context["diagrams"] if d["process"] == compiled)
    assert [s.name for s in diagram["current"]] == ["await_decision"]

    memorandum = memorandum_of(compiled, members, slk_officer)
    treat("ks", members, memorandum)
    sweep()

    page = client.get(case.get_absolute_url())
    assert page.context["case"].status == Case.Status.CLOSED
    diagram = next(d for d in page.context["diagrams"] if d["process"] == compiled)
    assert diagram["current"] == []
    states = {step.name: step.state for step in diagram["steps"]}
    assert states["await_decision"] == states["close_case"] == "done"
    assert states["end"] == "done"
