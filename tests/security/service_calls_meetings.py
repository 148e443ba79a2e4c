"""How the service × role matrix calls the services that record a meeting:
trafiknämnden's meeting in progress (its third item not yet handled), its
meeting three days ago and new meetings planned in the cell. See
``tests.security.service_calls``."""

import datetime

from django.utils import timezone

from casework import clock
from casework.directory.models import Party
from casework.meetings import rendering
from casework.meetings.models import AgendaItem, Meeting, MotionRefusal, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import (
    minutes,
    notices,
    paragraphs,
    procedure,
    proceedings,
    signing,
)
from tests.security.conftest import person
from tests.security.service_calls import TODAY, as_secretary, fresh, org


def opened_pending(w) -> AgendaItem:
    """The live meeting's third item, now being handled."""
    item = fresh(w.item_pending)
    return meeting_services.open_item(item=item, **as_secretary(w))


def closable_live(w) -> Meeting:
    """The live meeting with its third item tabled: every item handled."""
    meeting_services.postpone(
        item=opened_pending(w), referred_back=False, **as_secretary(w)
    )
    return fresh(w.m_live)


def closed_live(w) -> Meeting:
    return meeting_services.close_meeting(meeting=closable_live(w), **as_secretary(w))


def _drafted_live(w):
    """The live meeting's minutes drawn up, the time for approving them come."""
    drafted = minutes.draw_up_minutes(meeting=closed_live(w), **as_secretary(w))
    Meeting.objects.filter(pk=w.m_live.pk).update(
        approval_due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return fresh(drafted)


def _approved_live(w):
    """The live meeting's minutes signed on paper by the chair and the checker."""
    drafted = _drafted_live(w)
    for signer in ("Moa Demoberg", "Alva Demoberg"):
        signing.record_paper_signature(
            minutes=drafted,
            person=person(signer),
            signed_on=TODAY(),
            reference="Justerat på papper",
            **as_secretary(w),
        )
    return fresh(drafted)


def _posted_live(w) -> Meeting:
    minutes.post_notice(
        minutes=_approved_live(w),
        minutes_kept_at="Trafikkontoret",
        **as_secretary(w),
    )
    return fresh(w.m_live)


def _board_up(w) -> None:
    """The world's outage of the notice board ended: while it lasts, no appeal
    window closes (R29)."""
    notices.end_outage(
        outage=fresh(w.outage), ended_at=timezone.now(), **as_secretary(w)
    )


def _window_to_end(w) -> dict:
    """The live meeting's notice posted, the board up (called 60 days on)."""
    meeting = _posted_live(w)
    _board_up(w)
    return {"meeting": meeting}


def _notice_to_take_down(w) -> dict:
    """The notice of the meeting three days ago, the board up (called 60 days
    on)."""
    _board_up(w)
    return {"notice": fresh(w.minutes_notice)}


def _new_meeting(w, days: int) -> Meeting:
    """A new meeting of trafiknämnden, planned four days ago with its notice
    sent, ``days`` from today."""
    with clock.acting_at(timezone.now() - datetime.timedelta(days=4)):
        meeting = meeting_services.plan_meeting(
            organisation=org("trn"),
            held_on=TODAY() + datetime.timedelta(days=days),
            chair=person("Moa Demoberg"),
            **as_secretary(w),
        )
        return meeting_services.send_notice_of_meeting(
            meeting=meeting, **as_secretary(w)
        )


def _dissent(w) -> dict:
    """The third item, appealed by administrative appeal, decided."""
    item = fresh(w.item_pending)
    procedure.set_appeal_route(item=item, administrative_appeal=True, **as_secretary(w))
    item = opened_pending(w)
    meeting_services.decide(item=item, decision_text="Bifall", **as_secretary(w))
    return {
        "item": fresh(item),
        "person": person("Bengt Provsson"),
        "capacity": "deciding",
    }


def _participant(item, full_name: str):
    return next(
        p for p in item.meeting.participants.all() if p.person.full_name == full_name
    )


def _ballots(item) -> dict:
    taking_part = item.meeting.participants.filter(participations__item=item)
    return dict.fromkeys(taking_part.distinct(), "yes")


def _motion(w):
    item = opened_pending(w)
    return proceedings.put_forward_motion(
        item=item,
        mover=_participant(item, "Bengt Provsson"),
        text="Avslag",
        **as_secretary(w),
    )


def _refusal(w) -> MotionRefusal:
    return procedure.refuse_motion(
        motion=_motion(w), ground=MotionRefusal.Ground.UNLAWFUL, **as_secretary(w)
    )


def _approval(w):
    item = fresh(w.item_b)
    return paragraphs.approve_paragraph_at_meeting(
        item=item,
        digest=rendering.digest(minutes.paragraph_text(item)),
        **as_secretary(w),
    )


def _vote(w) -> dict:
    item = opened_pending(w)
    return {
        "item": item,
        "question": "Bifall eller avslag?",
        "yes_means": "Bifall",
        "no_means": "Avslag",
        "ballots": _ballots(item),
    }


def _postpone_on_request(w) -> dict:
    item = opened_pending(w)
    return {
        "item": item,
        "referred_back": False,
        "basis": "majority",
        "requesters": [_participant(item, "Bengt Provsson")],
    }


MEETINGS = {
    "plan_meeting": lambda w: {
        "organisation": org("trn"),
        "held_on": TODAY() + datetime.timedelta(days=60),
    },
    "add_participant": lambda w: {
        "meeting": _new_meeting(w, 14),
        "person": person("Moa Demoberg"),
    },
    "send_notice_of_meeting": lambda w: {"meeting": fresh(w.upcoming)},
    "add_agenda_item": lambda w: {"meeting": fresh(w.m_taken), "title": "Övrigt"},
    "open_meeting": lambda w: {
        "meeting": _new_meeting(w, 0),
        "minutes_checkers": [person("Alva Demoberg")],
        "approval_due_at": timezone.now() + datetime.timedelta(days=7),
    },
    "open_item": lambda w: {"item": fresh(w.item_pending)},
    "decide": lambda w: {"item": opened_pending(w), "decision_text": "Bifall"},
    "postpone": lambda w: {"item": opened_pending(w), "referred_back": True},
    "declare_abstention": lambda w: {
        "item": (item := opened_pending(w)),
        "participant": _participant(item, "Cecilia Provsson"),
    },
    "declare_disqualified": lambda w: {
        "item": (item := opened_pending(w)),
        "participant": _participant(item, "Cecilia Provsson"),
    },
    "record_attendance_change": lambda w: {
        "participant": _participant(fresh(w.item_a), "Cecilia Provsson"),
        "change": "left",
    },
    "close_meeting": lambda w: {"meeting": closable_live(w)},
    "draw_up_minutes": lambda w: {"meeting": closed_live(w)},
    "correct_minutes": lambda w: {
        "minutes": (m := fresh(w.m_done).minutes),
        "content": m.versions.order_by("-number").first().content + "\n\n",
        "note": "Stavfel",
    },
    "end_appeal_window": _window_to_end,
    "file_extract": lambda w: {"item": fresh(w.item_done)},
    "post_notice": lambda w: {
        "minutes": _approved_live(w),
        "minutes_kept_at": "Trafikkontoret",
    },
    "record_outage": lambda w: {
        "started_at": timezone.now() - datetime.timedelta(minutes=30),
        "description": "Skärmen släckt",
    },
    "end_outage": lambda w: {"outage": fresh(w.outage), "ended_at": timezone.now()},
    "take_down_notice": _notice_to_take_down,
    "approve_paragraph_at_meeting": lambda w: {
        "item": (item := fresh(w.item_b)),
        "digest": rendering.digest(minutes.paragraph_text(item)),
    },
    "post_paragraph_notice": lambda w: {
        "approval": _approval(w),
        "minutes_kept_at": "Trafikkontoret",
    },
    "record_execution": lambda w: {
        "item": fresh(w.item_done),
        "executed_on": TODAY(),
        "description": "Verkställt",
    },
    "dispatch_decision": lambda w: {"item": fresh(w.item_done)},
    "overrule_refusal": lambda w: {"refusal": _refusal(w)},
    "record_unanimous_consent": lambda w: {
        "item": fresh(w.item_pending),
        "objectors": [],
    },
    "postpone_on_request": _postpone_on_request,
    "record_dissent": _dissent,
    "refuse_motion": lambda w: {
        "motion": _motion(w),
        "ground": MotionRefusal.Ground.NEW_MATTER,
    },
    "set_appeal_route": lambda w: {
        "item": fresh(w.item_pending),
        "administrative_appeal": True,
    },
    "put_forward_motion": lambda w: {
        "item": (item := opened_pending(w)),
        "mover": _participant(item, "Bengt Provsson"),
        "text": "Bifall",
    },
    "record_vote": _vote,
    "propose_resolution": lambda w: {
        "case": fresh(w.t_case),
        "source": "officer_report",
        "clauses": ["att godkänna"],
    },
    "draw_up_memorandum": lambda w: {
        "case": fresh(w.memorandum_draft.case),
        "year": TODAY().year,
        "serial": None,
        "commissioner_office": w.memorandum.commissioner_office,
        "office_numeral": "RI",
        "rapporteur": w.memorandum.rapporteur,
        "title": "Promemoria",
        "clauses": ["att godkänna"],
    },
    "record_paper_signature": lambda w: {
        "minutes": _drafted_live(w),
        "person": person("Moa Demoberg"),
        "signed_on": TODAY(),
        "reference": "Justerat på papper",
    },
    "sign_minutes": lambda w: {"minutes": _drafted_live(w)},
    "announce_statement": lambda w: {
        "item": fresh(w.item_a),
        "kind": Statement.Kind.SPECIAL_STATEMENT,
        "party": Party.objects.get(code="MP"),
        "signatories": [person("Elin Demoberg")],
    },
    "co_sign": lambda w: {
        "statement": fresh(w.statements[("a", "MP")]),
        "person": person("Moa Demoberg"),
    },
    "lock_statements": lambda w: {"meeting": _drafted_live(w).meeting},
    "submit_statement": lambda w: {"statement": fresh(w.statements[("a", "MP")])},
    "write_statement": lambda w: {
        "statement": fresh(w.statements[("a", "MP")]),
        "text": "Ny motivering",
    },
}
