"""Every meeting write path leaves history rows naming the actor and the reason
(R83). The story below calls each write service in the order a real meeting
would; the first test proves the story covers every one of them."""

import contextlib
import datetime
import inspect

import pytest
from django.apps import apps
from django.utils import timezone

from casework import clock
from casework.meetings import rendering
from casework.meetings.models import (
    AttendanceChange,
    ItemParticipation,
    NoticeBoardOutage,
    ParagraphApproval,
    Statement,
)
from casework.meetings.services import (
    council,
    delegation,
    meetings,
    minutes,
    notices,
    paragraphs,
    procedure,
    proceedings,
    signing,
    statements,
)
from tests.builders import Role, make_case, make_staff
from tests.meetings.conftest import (
    SET_UP,
    council_meeting,
    login_for,
    open_council_item,
    participant,
)

pytestmark = pytest.mark.django_db
MODULES = (
    council,
    meetings,
    minutes,
    proceedings,
    procedure,
    statements,
    paragraphs,
    notices,
    delegation,
    signing,
)
REASON = "skäl"


def write_services():
    return {
        function
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and function.__module__ == module.__name__
        and "actor" in inspect.signature(function).parameters
    }


def story(w):
    """(service, arguments) in the order of a real meeting; ``w`` is the world."""
    m, c = w["meeting"], w["committee"]
    part = lambda person: participant(m, person)  # noqa: E731
    return [
        (
            proceedings.propose_resolution,
            lambda: dict(
                case=w["item"].case,
                source="officer_report",
                clauses=["Remissen besvaras med kontorets tjänsteutlåtande."],
            ),
        ),
        (
            proceedings.draw_up_memorandum,
            lambda: dict(
                case=w["item"].case,
                year=2011,
                serial=102,
                commissioner_office=w["city"].slk,
                office_numeral="I",
                rapporteur=c.chair,
                title="Rapport",
                clauses=["Rapporten godkänns, bilaga 1."],
            ),
        ),
        (
            meetings.plan_meeting,
            lambda: dict(
                organisation=c.organisation,
                held_on=timezone.localdate(),
            ),
        ),
        (meetings.send_notice_of_meeting, lambda: dict(meeting=w["planned"]())),
        (
            meetings.add_participant,
            lambda: dict(meeting=w["planned"](), person=c.members[0]),
        ),
        (
            meetings.open_meeting,
            lambda: dict(
                meeting=w["planned"](),
                minutes_checkers=[c.members[1]],
                approval_due_at=timezone.now() + datetime.timedelta(days=1),
            ),
        ),
        (
            meetings.record_attendance_change,
            lambda: dict(
                participant=part(c.members[5]),
                change=AttendanceChange.Change.STOPPED_SERVING,
            ),
        ),
        (meetings.add_agenda_item, lambda: dict(meeting=m, title="Övriga frågor")),
        (
            procedure.set_appeal_route,
            lambda: dict(item=w["item"], administrative_appeal=True),
        ),
        (meetings.open_item, lambda: dict(item=w["item"])),
        (
            meetings.declare_disqualified,
            lambda: dict(item=w["item"], participant=part(c.members[11])),
        ),
        (
            meetings.declare_abstention,
            lambda: dict(item=w["item"], participant=part(c.members[10])),
        ),
        (
            proceedings.put_forward_motion,
            lambda: dict(item=w["item"], mover=part(c.v_member), text="Avslag"),
        ),
        (
            procedure.refuse_motion,
            lambda: dict(motion=w["item"].motions.get(), ground="new_matter"),
        ),
        (
            council.record_unanimous_consent,
            lambda: dict(item=w["council_item"], objectors=[]),
        ),
        (
            procedure.overrule_refusal,
            lambda: dict(refusal=w["council_refusal"]),
        ),
        (
            procedure.postpone_on_request,
            lambda: dict(
                item=w["council_item"],
                referred_back=True,
                basis="minority",
                requesters=w["council_requesters"],
                grounds="Utred kostnaderna.",
            ),
        ),
        (
            proceedings.record_vote,
            lambda: dict(
                item=w["item"],
                question="Bifall?",
                yes_means="bifall",
                no_means="avslag",
                ballots={
                    part(c.chair): "yes",
                    part(c.v_member): "no",
                    part(c.members[2]): "yes",
                },
            ),
        ),
        (meetings.decide, lambda: dict(item=w["item"], decision_text="Bifall")),
        (
            procedure.record_dissent,
            lambda: dict(
                item=w["item"],
                person=c.members[2],
                capacity="deciding",
                text="Ansökan borde ha avslagits.",
            ),
        ),
        (
            statements.announce_statement,
            lambda: dict(
                item=w["item"],
                kind=Statement.Kind.RESERVATION,
                party=c.parties.s,
                signatories=[c.members[2]],
            ),
        ),
        (
            statements.co_sign,
            lambda: dict(statement=w["statement"](), person=c.members[3]),
        ),
        (
            statements.write_statement,
            lambda: dict(
                statement=w["statement"](), clauses=["delvis bifall"], text="Motivering"
            ),
        ),
        (statements.submit_statement, lambda: dict(statement=w["statement"]())),
        (
            paragraphs.approve_paragraph_at_meeting,
            lambda: dict(
                item=w["item"],
                digest=rendering.digest(minutes.paragraph_text(w["item"])),
            ),
        ),
        (
            paragraphs.post_paragraph_notice,
            lambda: dict(
                approval=ParagraphApproval.objects.get(),
                minutes_kept_at="Stadshuset",
            ),
        ),
        (
            paragraphs.record_execution,
            lambda: dict(
                item=w["item"], executed_on=timezone.localdate(), description="Beställt"
            ),
        ),
        (meetings.open_item, lambda: dict(item=w["other_item"]())),
        (meetings.postpone, lambda: dict(item=w["other_item"](), referred_back=True)),
        (meetings.close_meeting, lambda: dict(meeting=m)),
        (minutes.draw_up_minutes, lambda: dict(meeting=m)),
        (statements.lock_statements, lambda: dict(meeting=w["due"]())),
        (signing.sign_minutes, lambda: dict(minutes=m.minutes)),
        (
            signing.record_paper_signature,
            lambda: dict(
                minutes=m.minutes,
                person=c.members[1],
                signed_on=timezone.localdate(),
                reference="Justerat på papper, nämndens arkiv",
            ),
        ),
        (
            minutes.correct_minutes,
            lambda: dict(
                minutes=m.minutes,
                content=m.minutes.versions.latest("number").content + "\n",
                note="Skrivfel",
            ),
        ),
        (minutes.file_extract, lambda: dict(item=w["item"])),
        (procedure.dispatch_decision, lambda: dict(item=w["item"])),
        (
            minutes.post_notice,
            lambda: dict(
                minutes=m.minutes,
                minutes_kept_at="Stadshuset",
            ),
        ),
        (
            minutes.end_appeal_window,
            lambda: dict(meeting=m),
        ),
        (
            notices.take_down_notice,
            lambda: dict(notice=m.minutes.notice),
        ),
        (
            notices.record_outage,
            lambda: dict(
                started_at=timezone.now() - datetime.timedelta(hours=1),
                description="Webbplatsen låg nere.",
            ),
        ),
        (
            notices.end_outage,
            lambda: dict(
                outage=NoticeBoardOutage.objects.get(), ended_at=timezone.now()
            ),
        ),
        (
            delegation.record_delegated_decision,
            lambda: dict(
                organisation=c.organisation,
                delegate="Jonas Eliasson, trafikdirektör",
                delegation_point="4.2",
                decided_on=timezone.localdate(),
                text="Tillstånd beviljas.",
                registration_number="T2016-01906",
                matter="ordinary",
                appealable=True,
                reported=False,
            ),
        ),
        (
            delegation.draw_up_delegation_protocol,
            lambda: dict(organisation=c.organisation),
        ),
        (
            delegation.post_delegation_notice,
            lambda: dict(
                protocol=c.organisation.delegation_protocols.get(),
                minutes_kept_at="Trafikkontoret",
            ),
        ),
    ]


@pytest.fixture
def council_world(city, council, t_registrar, meeting_day):
    """A council item with a motion its chair refused as unlawful (R12)."""
    kf_meeting = council_meeting(council, meeting_day)
    case = make_case(city.t_register, t_registrar, title="Ny spårväg")
    kf_item = open_council_item(council, kf_meeting, case)
    motion = proceedings.put_forward_motion(
        item=kf_item,
        mover=participant(kf_meeting, council.members[11]),
        text="Avgiften slopas",
        actor=council.secretary,
        reason=SET_UP,
    )
    refusal = procedure.refuse_motion(
        motion=motion, ground="unlawful", actor=council.secretary, reason=SET_UP
    )
    return {
        "council_item": kf_item,
        "council_refusal": refusal,
        "council_requesters": [
            participant(kf_meeting, person) for person in council.members[:4]
        ],
    }


@pytest.fixture
def world(city, committee, meeting, item, secretary, council_world, delegation_order):
    s_secretary = make_staff(
        "partisekreterare.s", Role.PARTY_SECRETARY, party=committee.parties.s
    )
    from casework.meetings.models import AgendaItem, Meeting

    def due():
        meeting.approval_due_at = timezone.now() - datetime.timedelta(seconds=1)
        meeting.save()
        return meeting

    return {
        "city": city,
        "committee": committee,
        "meeting": meeting,
        "item": item,
        "secretary": secretary,
        "s_secretary": s_secretary,
        "chair_user": login_for(committee.chair, "ordforande.trn"),
        "planned": lambda: Meeting.objects.exclude(
            pk__in=[meeting.pk, council_world["council_item"].meeting_id]
        ).get(),
        "statement": lambda: Statement.objects.get(),
        "other_item": lambda: AgendaItem.objects.get(title="Övriga frågor"),
        "due": due,
        **council_world,
    }


def moment_for(service):
    """Ending the appeal window and taking the notice down wait for the clock
    to pass the last day of appeal (R29, R30)."""
    if service in (minutes.end_appeal_window, notices.take_down_notice):
        return clock.acting_at(timezone.now() + datetime.timedelta(days=40))
    return contextlib.nullcontext()


def actor_for(service, world):
    """A party's statements are written by the party's own secretary (V1)."""
    if service in (
        statements.co_sign,
        statements.write_statement,
        statements.submit_statement,
    ):
        return world["s_secretary"]
    if service is signing.sign_minutes:
        return world["chair_user"]
    if service in (
        council.record_unanimous_consent,
        procedure.overrule_refusal,
        procedure.postpone_on_request,
    ):
        return world["council_item"].meeting.secretary
    return world["secretary"]


def test_the_story_calls_every_meeting_write_service(city, committee, meeting, item):
    world = {"meeting": meeting, "committee": committee, "item": item, "city": city}
    assert {service for service, _arguments in story(world)} == write_services()


def test_every_history_row_of_a_whole_meeting_names_a_user_and_a_reason(world):
    """R83: after a whole meeting, every history row has a user and a reason."""
    started = timezone.now()
    for service, arguments in story(world):
        with moment_for(service):
            service(**arguments(), actor=actor_for(service, world), reason=REASON)
    rows = 0
    for model in apps.get_models():
        names = {field.name for field in model._meta.get_fields()}
        if not {"history_user", "history_date"} <= names:
            continue
        recent = model.objects.filter(history_date__gte=started)
        rows += recent.count()
        assert not recent.filter(history_user__isnull=True).exists(), model.__name__
        assert not recent.exclude(history_change_reason=REASON).exists(), model.__name__
    assert rows > 50
    assert ItemParticipation.objects.filter(status="disqualified").count() == 1
