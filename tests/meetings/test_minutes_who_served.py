"""The minutes and the extracts say who served in each paragraph: a member who
decided § 1 and left is in § 1; a substitute who served only in § 2 is there
alone; the header names everyone who served (R23 with R7, KL 5:66–67)."""

import pytest

from casework.meetings import printed, rendering
from casework.meetings.services import minutes as minutes_services
from casework.registry.models import Document
from tests.meetings.conftest import SET_UP
from tests.meetings.minutes_scenario import approved_meeting

pytestmark = pytest.mark.django_db

LEAVER = "Ledamot4 Exempel (S)"
SUBSTITUTE = "Ledamot14 Exempel (MP)"
ABSTAINER = "Ledamot6 Exempel (S)"


@pytest.fixture
def approved(meeting, committee, city, t_registrar):
    return approved_meeting(meeting, committee, city, t_registrar)


def section(text: str, start: str, end: str | None) -> str:
    """The lines of ``text`` from the heading ``start`` up to ``end``."""
    tail = text[text.index(start) :]
    return tail[: tail.index(end)] if end else tail


def participation_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("I beslutet"))


def test_the_approved_text_lists_who_decided_each_paragraph_R23_R7(approved):
    text = approved.minutes.versions.get().content
    first = participation_line(section(text, "§ 1 ", "§ 2 "))
    second = participation_line(section(text, "§ 2 ", None))
    assert LEAVER in first and SUBSTITUTE not in first
    assert SUBSTITUTE in second and LEAVER not in second


def test_the_header_of_the_text_names_everyone_who_served_R23(approved):
    header = section(approved.minutes.versions.get().content, "Närvarande:", "§ 1 ")
    assert LEAVER in header
    assert SUBSTITUTE in header


def test_a_member_who_did_not_take_part_is_named_apart_R23_R7(approved):
    """One who abstained in § 2 is not among those deciding (R9); the
    minutes say so."""
    second = section(approved.minutes.versions.get().content, "§ 2 ", None)
    assert ABSTAINER not in participation_line(second)
    assert f"Deltog inte i beslutet: {ABSTAINER}" in second.splitlines()


@pytest.mark.parametrize("layout", ["document", "printed"])
def test_the_printed_minutes_list_who_served_in_each_paragraph_R23_R7(
    meeting, approved, layout
):
    if layout == "document":
        document = rendering.minutes_document(meeting.pk)
        header = document.participants
    else:
        document = printed.printed_minutes(rendering.meeting_for_minutes(meeting.pk))
        header = document
    first, second = document.paragraphs
    assert LEAVER in " ".join(first.participation)
    assert SUBSTITUTE not in " ".join(first.participation)
    assert SUBSTITUTE in " ".join(second.participation)
    assert LEAVER not in " ".join(second.participation)
    assert LEAVER in header.members
    assert SUBSTITUTE in header.serving_substitutes
    assert SUBSTITUTE not in header.substitutes


def test_the_extract_lists_who_served_in_its_paragraph_only_R23_R7(approved, secretary):
    minutes_services.file_extract(item=approved.second, actor=secretary, reason=SET_UP)
    extract = approved.second.case.documents.get(kind=Document.Kind.MINUTES_EXTRACT)
    body = extract.versions.get().body
    assert SUBSTITUTE in participation_line(body)
    assert LEAVER not in participation_line(body)
