"""A meeting of two paragraphs whose minutes are approved: a member decides § 1
with a vote and leaves; a substitute serves in § 2 only, where a member
abstains; a reservation with clauses is entered against § 1 (R7, R23, R26,
R68)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from casework.meetings.models import AttendanceChange, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import proceedings
from casework.meetings.services import statements as statement_services
from tests.builders import Role, make_case, make_staff
from tests.meetings.conftest import SET_UP, participant, sign_on_paper


def _item(meeting, city, t_registrar, title):
    case = make_case(city.t_register, t_registrar, title=title)
    return meeting_services.add_agenda_item(
        meeting=meeting, title=title, case=case, actor=meeting.secretary, reason=SET_UP
    )


def _first_paragraph(meeting, committee, item, v_secretary):
    secretary = meeting.secretary
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    proceedings.put_forward_motion(
        item=item,
        mover=participant(meeting, committee.v_member),
        text="avslag",
        actor=secretary,
        reason=SET_UP,
    )
    voters = committee.members[:7]
    ballots = {participant(meeting, p): "yes" for p in voters}
    ballots[participant(meeting, committee.v_member)] = "no"
    proceedings.record_vote(
        item=item,
        question="Bifall till kontorets förslag",
        yes_means="kontorets förslag",
        no_means="avslag",
        ballots=ballots,
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=secretary, reason=SET_UP
    )
    statement = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=SET_UP,
    )
    statement_services.write_statement(
        statement=statement,
        introduction="Jag föreslår trafiknämnden besluta att",
        clauses=["avslå förslaget", "därutöver anföra"],
        text="Förslaget är för dyrt.",
        actor=v_secretary,
        reason=SET_UP,
    )
    statement_services.submit_statement(
        statement=statement, actor=v_secretary, reason=SET_UP
    )


def _change(meeting, person, change):
    meeting_services.record_attendance_change(
        participant=participant(meeting, person),
        change=change,
        actor=meeting.secretary,
        reason=SET_UP,
    )


def approved_meeting(meeting, committee, city, t_registrar) -> SimpleNamespace:
    """Hold the meeting through both paragraphs and approve its minutes."""
    secretary = meeting.secretary
    first = _item(meeting, city, t_registrar, "Internationell strategi")
    second = _item(meeting, city, t_registrar, "Cykelplan")
    v_secretary = make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )
    leaver, substitute = committee.members[3], committee.substitutes[0]
    _change(meeting, substitute, AttendanceChange.Change.STOPPED_SERVING)
    _first_paragraph(meeting, committee, first, v_secretary)
    _change(meeting, leaver, AttendanceChange.Change.LEFT)
    _change(meeting, substitute, AttendanceChange.Change.STARTED_SERVING)
    meeting_services.open_item(item=second, actor=secretary, reason=SET_UP)
    meeting_services.declare_abstention(
        item=second,
        participant=participant(meeting, committee.members[5]),
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.decide(
        item=second, decision_text="Planen antas", actor=secretary, reason=SET_UP
    )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    sign_on_paper(minutes, committee.chair, committee.members[1])
    minutes.refresh_from_db()
    return SimpleNamespace(
        minutes=minutes,
        first=first,
        second=second,
        leaver=leaver,
        substitute=substitute,
    )
