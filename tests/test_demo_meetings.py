"""The demo's memoranda and meetings (seeds 000 and 001, rules.md (e.3)), loaded
by ``manage.py load_demo`` through the meeting services."""

import datetime
import hashlib
import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from casework.directory.models import Assignment, User
from casework.meetings.models import (
    AgendaItem,
    ItemParticipation,
    Meeting,
    Memorandum,
    MinutesVersion,
    Statement,
)
from casework.meetings.services.meetings import members_in_office
from casework.meetings.services.minutes import notice_was_late
from casework.registry.models import Case, Document
from permissions import rules

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
PM_2011 = "000_pm_2011_102_ri.txt"
PM_2008 = "001_pm_2008_ri.txt"
BRB_2008 = ("brb", datetime.date(2008, 3, 5))
BRB_2011 = ("brb", datetime.date(2011, 6, 15))
KS_2011 = ("ks", datetime.date(2011, 6, 22))
TRN_2016 = ("trn", datetime.date(2016, 9, 22))
EXPN_2016 = ("expn", datetime.date(2016, 9, 22))

SEED_SENTENCES = [
    pytest.param(
        BRB_2011,
        "Reservation anfördes av borgarrådet Per Bolund (MP) enligt följande.",
        id="bolund",
    ),
    pytest.param(
        BRB_2011,
        "Särskilt uttalande gjordes av borgarråden Karin Wanngård och Tomas Rudin "
        "(båda S) enligt följande.",
        id="wanngard-rudin",
    ),
    pytest.param(
        KS_2011,
        "Reservation anfördes av Emilia Hagberg och Stefan Nilsson (båda MP) med "
        "hänvisning till reservationen av (MP) i borgarrådsberedningen.",
        id="hagberg-nilsson",
    ),
    pytest.param(
        KS_2011,
        "Reservation anfördes av Ann-Margarethe Livh (V) enligt följande.",
        id="livh",
    ),
    pytest.param(
        KS_2011,
        "Särskilt uttalande gjordes av Karin Wanngård, Roger Mogert och Maria "
        "Östberg Svanelind (alla S) med hänvisning till det särskilda uttalandet av "
        "(S) i borgarrådsberedningen.",
        id="wanngard-mogert-ostberg-svanelind",
    ),
    pytest.param(
        BRB_2008,
        "Reservation anfördes av borgarrådet Yvonne Ruwaida (mp) enligt följande.",
        id="ruwaida",
    ),
]
SEED_RESERVATIONS = [
    pytest.param(BRB_2011, "Per Bolund", PM_2011, 3, id="bolund"),
    pytest.param(KS_2011, "Ann-Margarethe Livh", PM_2011, 5, id="livh"),
    pytest.param(BRB_2008, "Yvonne Ruwaida", PM_2008, 4, id="ruwaida"),
]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load shared by the module's tests, rolled back when they are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def seed_words(name: str) -> str:
    """The seed with its PDF layout undone: a hyphen that ends a line without a
    space splits a word, and every run of whitespace is one space."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "", text))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def meeting(key: tuple[str, datetime.date]) -> Meeting:
    code, held_on = key
    return Meeting.objects.get(organisation__code=code, held_on=held_on)


def approved_content(key) -> str:
    return MinutesVersion.objects.get(minutes__meeting=meeting(key), number=1).content


def item(key) -> AgendaItem:
    return meeting(key).items.get()


def statement_by(key, full_name: str) -> Statement:
    first_name, last_name = full_name.split(" ", 1)
    return item(key).statements.get(
        signatories__person__first_name=first_name,
        signatories__person__last_name=last_name,
    )


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        counts[model._meta.label] = model._default_manager.count()
    return counts


# --- the seed texts --------------------------------------------------------------


@pytest.mark.parametrize(("key", "sentence"), SEED_SENTENCES)
def test_the_approved_minutes_contain_the_seed_sentences(demo, key, sentence):
    """R17, R20, R77: statements rendered in the Stockholm wording of the seeds."""
    assert sentence in approved_content(key)


@pytest.mark.parametrize(("key", "name", "seed", "count"), SEED_RESERVATIONS)
def test_each_reservation_has_exactly_the_seed_clauses(demo, key, name, seed, count):
    """R17c: the introduction and the numbered clauses, in order, as the seed."""
    reservation = statement_by(key, name)
    clauses = list(reservation.clauses.values_list("number", "text"))
    assert [number for number, _text in clauses] == list(range(1, count + 1))
    listed = " ".join(f"{number}. {text}" for number, text in clauses)
    assert f"{reservation.introduction} {listed} " in seed_words(seed)


@pytest.mark.parametrize(
    ("key", "name", "seed"),
    [
        (BRB_2011, "Per Bolund", PM_2011),
        (BRB_2011, "Tomas Rudin", PM_2011),
        (KS_2011, "Ann-Margarethe Livh", PM_2011),
        (BRB_2008, "Yvonne Ruwaida", PM_2008),
    ],
)
def test_the_written_statements_are_the_seed_texts_word_for_word(demo, key, name, seed):
    """R77: the official text is never rewritten, typos included."""
    text = statement_by(key, name).text
    assert text
    assert words(text) in seed_words(seed)


def test_the_official_typos_of_the_seeds_are_kept(demo):
    """R77: "ibland annat" and "mesta möjliga nytt" stay as written."""
    assert "utbyte ibland annat klimat-" in approved_content(KS_2011)
    assert "det ger mesta möjliga nytt för" in approved_content(BRB_2011)


# --- memoranda -------------------------------------------------------------------


def test_the_memoranda_have_the_seed_designations(demo):
    """R76: "PM 2011:102 RI", and "PM 2008 RI" where the serial is unknown."""
    designations = {
        memorandum.case.registration_number: memorandum.designation
        for memorandum in Memorandum.objects.select_related("case")
    }
    assert designations == {
        "006-652/2011": "PM 2011:102 RI",
        "006-5201/2007": "PM 2008 RI",
    }


def test_the_2011_memorandum_is_the_seed_memorandum(demo):
    """R79: rapporteur, sections, proposal, signature and appendices of SEED 000."""
    memorandum = Memorandum.objects.get(year=2011, serial=102)
    assert memorandum.rapporteur.full_name == "Sten Nordin"
    assert memorandum.commissioner_office.code == "rotel-1"
    assert memorandum.signed_on == datetime.date(2011, 6, 9)
    assert memorandum.document.kind == Document.Kind.MEMORANDUM
    assert memorandum.document.case == memorandum.case
    assert list(memorandum.proposal.clauses.values_list("text", flat=True)) == [
        "Rapporten avseende stadens internationella arbete 2010 godkänns, bilaga 1."
    ]
    assert len(memorandum.appendix_list) == 3
    for section in (memorandum.matter, memorandum.preparation, memorandum.opinions):
        assert words(section) in seed_words(PM_2011)


def test_the_2008_memorandum_is_by_kristina_axen_olin(demo):
    memorandum = Memorandum.objects.get(year=2008, serial__isnull=True)
    assert memorandum.rapporteur.full_name == "Kristina Axén Olin"
    assert memorandum.signed_on == datetime.date(2008, 2, 28)
    assert words(memorandum.opinions) in seed_words(PM_2008)


# --- borgarrådsberedningen ------------------------------------------------------


@pytest.mark.parametrize("key", [BRB_2008, BRB_2011])
def test_borgarradsberedningen_endorses_and_takes_its_own_kinds_of_statement(demo, key):
    """R20: BRB does not decide; its statements are preparatory statements."""
    endorsed = item(key)
    assert endorsed.decision_method == AgendaItem.Method.ENDORSEMENT
    assert endorsed.decision_text == (
        "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag."
    )
    assert endorsed.proposal == endorsed.case.memoranda.get().proposal
    kinds = set(endorsed.statements.values_list("kind", flat=True))
    assert kinds <= {
        Statement.Kind.PREPARATORY_RESERVATION,
        Statement.Kind.PREPARATORY_STATEMENT,
    }


def test_ruwaidas_party_is_written_as_in_2008(demo):
    """R77: "(mp)" as the 2008 source writes it; the party is still MP."""
    reservation = statement_by(BRB_2008, "Yvonne Ruwaida")
    assert (reservation.party_rendering, reservation.party.code) == ("mp", "MP")


# --- kommunstyrelsen ---------------------------------------------------------------


def test_those_who_reserved_in_ks_took_part_in_the_paragraph(demo):
    """R14, rules.md (e.2): Hagberg, Nilsson and Livh took part in the decision,
    and so did those making the special statement (R18)."""
    took_part = set(
        item(KS_2011)
        .participations.filter(status=ItemParticipation.Status.TOOK_PART)
        .values_list("participant__person__last_name", flat=True)
    )
    assert {
        "Hagberg",
        "Nilsson",
        "Livh",
        "Wanngård",
        "Mogert",
        "Östberg Svanelind",
    } <= took_part


def test_ks_decided_with_a_quorum_of_its_thirteen_members(demo):
    """R6: more than half of the members present (KL 6:27)."""
    decided = item(KS_2011)
    assert members_in_office(decided.meeting) == 13
    assert decided.participations.count() * 2 > 13
    assert decided.decision_method == AgendaItem.Method.ACCLAMATION
    assert decided.decision_text == (
        "Kommunstyrelsen beslutar enligt borgarrådsberedningens förslag."
    )


def test_the_fictitious_ks_members_are_seated_for_the_whole_term(demo):
    seats = Assignment.objects.active(datetime.date(2011, 6, 22)).filter(
        organisation__code="ks", role__in=["chair", "member"]
    )
    assert seats.count() == 13
    assert not seats.filter(party__isnull=True).exists()


def test_the_ks_statements_refer_to_the_brb_statements_of_the_same_case(demo):
    """R17d, R20: "med hänvisning till" is a link to the earlier statement."""
    mp = statement_by(KS_2011, "Emilia Hagberg")
    s = statement_by(KS_2011, "Roger Mogert")
    assert mp.refers_to == statement_by(BRB_2011, "Per Bolund")
    assert s.refers_to == statement_by(BRB_2011, "Tomas Rudin")
    assert not mp.clauses.exists() and not mp.text
    assert list(s.signatories.values_list("person__last_name", flat=True)) == [
        "Wanngård",
        "Mogert",
        "Östberg Svanelind",
    ]


def test_the_ks_extract_is_filed_into_the_case_before_it_closed(demo):
    """R59: the approved paragraph goes back into the case as an official
    document."""
    case = Case.objects.get(registration_number="006-652/2011")
    extract = case.documents.get(kind=Document.Kind.MINUTES_EXTRACT)
    assert extract.official_because == Document.OfficialBecause.APPROVED
    assert extract.dated == datetime.date(2011, 6, 27)
    body = extract.versions.get().body
    assert "Reservation anfördes av Ann-Margarethe Livh (V) enligt följande." in body
    assert case.status == Case.Status.CLOSED


def test_the_ks_notice_was_posted_within_two_days_of_approval(demo):
    """R28: the notice at the latest the second day after approval; R30: the
    appeal window of three weeks has passed."""
    ks = meeting(KS_2011)
    notice = ks.minutes.notice
    assert notice.posted_on == datetime.date(2011, 6, 28)
    assert not notice_was_late(notice)
    assert notice.appeal_last_day == datetime.date(2011, 7, 19)
    assert ks.state == Meeting.State.APPEAL_WINDOW_PASSED
    assert item(KS_2011).appealable


# --- the life cycle at historical times ------------------------------------------


def test_the_2011_documents_became_official_in_2011(demo):
    """clock.acting_at: the official dates are the historical ones (TF 2:10)."""
    case = Case.objects.get(registration_number="006-652/2011")
    documents = list(case.documents.all())
    assert len(documents) == 4
    for document in documents:
        assert document.is_official
        official_on = local_day(document.official_since)
        assert datetime.date(2011, 6, 27) <= official_on <= case.closed_on


@pytest.mark.parametrize("key", [BRB_2008, BRB_2011, KS_2011, TRN_2016, EXPN_2016])
def test_the_minutes_were_approved_in_time_by_the_chair_and_checkers(demo, key):
    """R24: approved by the chair and the checkers within 14 days of the
    meeting."""
    held = meeting(key)
    minutes = held.minutes
    assert minutes.is_approved
    assert local_day(minutes.approved_at) <= held.approval_deadline
    signers = set(minutes.approvals.values_list("person", flat=True))
    checkers = set(held.minutes_checkers.values_list("pk", flat=True))
    assert signers == {held.chair_id, *checkers}


@pytest.mark.parametrize("key", [BRB_2008, BRB_2011, KS_2011])
def test_the_statements_kept_the_meeting_and_approval_deadlines(demo, key):
    """R15: announced before the meeting closed; R16: handed in before the time
    set for approval; then part of the approved minutes."""
    held = meeting(key)
    statements = Statement.objects.filter(item__meeting=held)
    assert statements.exists()
    for statement in statements:
        assert statement.announced_at < held.closed_at
        assert statement.submitted_at < held.approval_due_at
        assert statement.state == Statement.State.IN_MINUTES
        assert local_day(statement.announced_at) == held.held_on


@pytest.mark.parametrize("key", [BRB_2008, BRB_2011, KS_2011])
def test_the_statements_were_written_by_their_party_secretaries(demo, key):
    """rules.md (d): the party's own people write and hand in its statement."""
    for statement in Statement.objects.filter(item__meeting=meeting(key)):
        submitted = statement.history.get(state=Statement.State.SUBMITTED)
        writer = submitted.history_user.username
        assert writer == f"partisekreterare.{statement.party.code.lower()}"


def test_the_minutes_digests_are_the_sha256_of_their_content(demo):
    """R26: the approved text carries its SHA-256, signed by every approver."""
    versions = MinutesVersion.objects.all()
    # the five meetings of the seeds and trafiknämnden's meeting of this year
    # with a paragraph masked in the published minutes (demo_publicity, R67)
    assert versions.count() == 6
    for version in versions:
        expected = hashlib.sha256(version.content.encode("utf-8")).hexdigest()
        assert version.digest == expected
        approvals = version.minutes.approvals.values_list("digest", flat=True)
        assert set(approvals) == {expected}


# --- the remiss answers 2016 -------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "decision", "posted_on"),
    [
        (
            TRN_2016,
            "Trafiknämnden överlämnar och åberopar kontorets tjänsteutlåtande som "
            "svar på remissen från kommunstyrelsen.",
            datetime.date(2016, 9, 30),
        ),
        (
            EXPN_2016,
            "Remissen besvaras med kontorets tjänsteutlåtande.",
            datetime.date(2016, 10, 3),
        ),
    ],
)
def test_the_remiss_answers_were_decided_as_the_officer_report_proposed(
    demo, key, decision, posted_on
):
    """R31: a remiss answer is preparatory and not appealable; R24, R28: approved
    2016-09-29, the notice by Monday 2016-10-03."""
    answered = item(key)
    assert answered.decision_text == decision
    assert answered.proposal.document.kind == Document.Kind.OFFICER_REPORT
    assert list(answered.proposal.clauses.values_list("text", flat=True)) == [decision]
    assert not answered.appealable
    minutes = answered.meeting.minutes
    assert local_day(minutes.approved_at) == datetime.date(2016, 9, 29)
    assert minutes.notice.posted_on == posted_on
    assert not notice_was_late(minutes.notice)
    assert answered.case.documents.filter(kind=Document.Kind.MINUTES_EXTRACT).exists()


# --- the upcoming meeting ----------------------------------------------------------


def test_trafiknamnden_has_an_upcoming_meeting_to_hold(demo):
    """The demo stays usable today: a planned meeting with its members called and
    an item with a proposal, for the secretary to send the notice of and hold."""
    upcoming = Meeting.objects.get(
        organisation__code="trn", held_on__gt=timezone.localdate()
    )
    assert upcoming.state == Meeting.State.PLANNED
    assert upcoming.held_on.weekday() == 3
    assert upcoming.participants.count() == 13
    pending = upcoming.items.get()
    assert pending.state == AgendaItem.State.PENDING
    assert pending.case.status != Case.Status.CLOSED
    assert pending.proposal.clauses.exists()
    secretary = User.objects.get(username="sekreterare.trn")
    assert rules.can_keep_minutes(secretary, upcoming)


def test_the_party_secretaries_may_announce_on_the_upcoming_item(demo):
    """rules.md (d): a party's secretary announces statements for the party."""
    pending = Meeting.objects.get(
        organisation__code="trn", held_on__gt=timezone.localdate()
    ).items.get()
    for code in ("mp", "v", "s"):
        secretary = User.objects.get(username=f"partisekreterare.{code}")
        party = secretary.staff_roles.get().party
        assert rules.can_announce_statement(secretary, pending, party)


# --- idempotence -------------------------------------------------------------------


def test_loading_the_demo_again_creates_no_meeting_or_anything_else(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    assert "inget nytt skapades" in output
