"""R51 in print: the minutes count a vote as it was stored, without the ballot
of someone disqualified on the item, and name them as not taking part
because of disqualification (KL 6:30, 5:67)."""

import pytest

from casework.meetings import printed, rendering
from casework.meetings.services import meetings as services
from tests.meetings.test_who_serves import REASON, disqualify, vote_on

pytestmark = pytest.mark.django_db

NOT_TAKING_PART = "deltog inte p.g.a. jäv"


@pytest.fixture
def disqualified_after_voting(item, meeting, committee):
    """Seven yes and six no; two who voted yes are then found disqualified, so
    the stored result is five yes against six no."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    vote = vote_on(item, meeting, committee.members[:7], committee.members[7:13])
    for person in committee.members[5:7]:
        disqualify(item, meeting, person)
    services.decide(
        item=item, decision_text="Avslag", actor=meeting.secretary, reason=REASON
    )
    vote.refresh_from_db()
    assert vote.result == "no"
    item.refresh_from_db()
    return item, committee.members[5:7]


def test_the_printed_vote_leaves_out_a_disqualified_member_s_ballot_R51(
    meeting, disqualified_after_voting
):
    item, disqualified = disqualified_after_voting
    loaded = rendering.meeting_for_minutes(meeting.pk)
    vote = printed.printed_paragraph(loaded, item.paragraph_number).votes[0]
    assert vote.counts == {"Ja": 5, "Nej": 6, "Avstår": 0}
    ballots = dict(vote.ballots)
    assert len(ballots) == 13
    for person in disqualified:
        assert ballots[person.full_name] == NOT_TAKING_PART
    assert list(ballots.values()).count("Ja") == 5


def test_the_minutes_text_leaves_out_a_disqualified_member_s_ballot_R51(
    meeting, disqualified_after_voting
):
    _item, disqualified = disqualified_after_voting
    text = rendering.minutes_text(rendering.meeting_for_minutes(meeting.pk))
    assert "Ja 5, Nej 6, Avstår 0" in text
    assert "Ja 7, Nej 6" not in text
    for person in disqualified:
        assert f"  {person.full_name}: {NOT_TAKING_PART}" in text
        assert f"  {person.full_name}: Ja" not in text


def test_the_minutes_document_counts_the_vote_as_stored_R51(
    meeting, disqualified_after_voting
):
    item, disqualified = disqualified_after_voting
    document = rendering.minutes_document(
        meeting.pk, paragraph_number=item.paragraph_number
    )
    lines = document.paragraphs[0].lines
    assert "Ja 5, Nej 6, Avstår 0" in lines
    for person in disqualified:
        assert f"  {person.full_name}: {NOT_TAKING_PART}" in lines
