"""A referral answered by trafiknämnden (the report and memorandum fixtures of
the referral tests); a meeting of trafiknämnden handled to the end (a motion, a
named vote, the decision, a reservation with clauses and a co-signatory, a
special statement by two members of one party, minutes approved by the chair
and the checker); and what a PDF says about itself."""

import datetime
import re
import zlib

import pytest
from django.utils import timezone

from casework.directory.models import Organisation
from casework.meetings.models import Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import proceedings, signing
from casework.meetings.services import statements as statement_services
from tests.builders import Role, make_staff
from tests.meetings.conftest import (  # noqa: F401
    SET_UP,
    approval_day,
    committee,
    item,
    meeting,
    meeting_day,
    participant,
    parties,
    secretary,
)
from tests.referrals.conftest import (  # noqa: F401
    deadline,
    dispatched,
    e_registrar,
    ks_case,
    received,
    referral,
    slk_officer,
    trn_recipient,
)
from tests.referrals.test_memorandum_pages import (  # noqa: F401
    compiled,
    ks_secretary,
    memorandum,
    rotel,
)
from tests.referrals.test_views import (  # noqa: F401
    trn_answered,
    trn_approved,
    trn_draft,
)

DECISION = "Trafiknämnden överlämnar och åberopar kontorets tjänsteutlåtande."
RESERVATION_TEXT = "Världen är större än Europa."
RESERVATION_CLAUSE = "Stadsledningskontoret får i uppdrag att se över policyn."
STATEMENT_TEXT = "Vi instämmer i att det internationella arbetet är viktigt."


@pytest.fixture
def v_secretary(committee):  # noqa: F811
    return make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )


@pytest.fixture
def s_secretary(committee):  # noqa: F811
    return make_staff(
        "partisekreterare.s", Role.PARTY_SECRETARY, party=committee.parties.s
    )


def _vote(item, meeting, committee):  # noqa: F811
    mover = participant(meeting, committee.v_member)
    motion = proceedings.put_forward_motion(
        item=item,
        mover=mover,
        text="Ärendet återremitteras.",
        actor=meeting.secretary,
        reason=SET_UP,
    )
    ballots = {
        p: ("no" if p.person_id == committee.v_member.pk else "yes")
        for p in meeting.participants.filter(serving=True, present=True)
    }
    proceedings.record_vote(
        item=item,
        question="Bifall till förslaget mot återremiss",
        yes_means="bifall till förslaget",
        no_means="återremiss",
        ballots=ballots,
        motions=[motion],
        actor=meeting.secretary,
        reason=SET_UP,
    )


@pytest.fixture
def decided(item, meeting, committee):  # noqa: F811
    """The item opened, a motion, a named vote and the decision."""
    committee.organisation.special_statements = (
        Organisation.SpecialStatements.PARTICIPANTS
    )
    committee.organisation.save()
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=SET_UP)
    _vote(item, meeting, committee)
    meeting_services.decide(
        item=item, decision_text=DECISION, actor=meeting.secretary, reason=SET_UP
    )
    return item


@pytest.fixture
def statements(decided, committee, v_secretary, s_secretary):  # noqa: F811
    """R16–R17: a reservation by V with clauses and a co-signatory, a special
    statement by two S members; both handed in."""
    reservation = statement_services.announce_statement(
        item=decided,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=SET_UP,
    )
    statement_services.write_statement(
        statement=reservation,
        introduction="Jag föreslår trafiknämnden besluta att",
        clauses=[RESERVATION_CLAUSE],
        text=RESERVATION_TEXT,
        actor=v_secretary,
        reason=SET_UP,
    )
    special = statement_services.announce_statement(
        item=decided,
        kind=Statement.Kind.SPECIAL_STATEMENT,
        party=committee.parties.s,
        signatories=committee.members[1:3],
        actor=s_secretary,
        reason=SET_UP,
    )
    statement_services.write_statement(
        statement=special, text=STATEMENT_TEXT, actor=s_secretary, reason=SET_UP
    )
    statement_services.submit_statement(
        statement=reservation, actor=v_secretary, reason=SET_UP
    )
    statement_services.submit_statement(
        statement=special, actor=s_secretary, reason=SET_UP
    )
    return reservation, special


@pytest.fixture
def drawn_up(statements, meeting):  # noqa: F811
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=SET_UP
    )
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=meeting.secretary, reason=SET_UP
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    return minutes


@pytest.fixture
def approved(drawn_up, committee, meeting):  # noqa: F811
    for person in (committee.chair, committee.members[1]):
        signing.record_paper_signature(
            minutes=drawn_up,
            person=person,
            signed_on=timezone.localdate(),
            reference="Pärm 1",
            actor=meeting.secretary,
            reason=SET_UP,
        )
    drawn_up.refresh_from_db()
    return drawn_up


# --- what a PDF says about itself ------------------------------------------------


def pdf_streams(pdf: bytes):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            yield match.group(1)


def pdf_metadata(pdf: bytes) -> str:
    """The XMP metadata packet: the PDF/A identification and the title."""
    for stream in pdf_streams(pdf):
        if b"<x:xmpmeta" in stream:
            return stream.decode("utf-8")
    return ""


def pdf_bookmarks(pdf: bytes) -> list[str]:
    """The titles of the PDF's bookmarks, one for each heading of the page."""
    titles = []
    for stream in pdf_streams(pdf):
        for hexa in re.findall(rb"/Title <feff([0-9a-f]*)>", stream):
            titles.append(bytes.fromhex(hexa.decode()).decode("utf-16-be"))
    return titles


def page_text(page) -> str:
    """The text laid out on one page of a WeasyPrint document, margins included."""
    parts = []

    def walk(box):
        if hasattr(box, "text"):
            parts.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child)

    walk(page._page_box)
    return " ".join(parts)
