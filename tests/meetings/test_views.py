"""The meeting pages over HTTP: access, the secretary's steps, statements,
approval of the minutes, the notice, refusals shown on forms, query counts."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as t

from casework import clock
from casework.meetings.models import (
    AgendaItem,
    Meeting,
    Minutes,
    Notice,
    Statement,
    Vote,
)
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import statements as statement_services
from tests.builders import Role, make_case, make_staff
from tests.meetings.conftest import SET_UP, login_for, participant, sign_on_paper

pytestmark = pytest.mark.django_db

REASON = "protokollförs"
DRAFT_TEXT = "Världen är större än Europa, skrev partiet i sitt utkast."
PAGE_QUERIES = 20
LIST_QUERIES = 14


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def form_errors(response) -> dict[str, set[str]]:
    """The error codes of the page's form, by field ("__all__" for the form)."""
    errors = response.context["form"].errors.as_data()
    return {field: {error.code for error in errs} for field, errs in errors.items()}


def history_rows() -> int:
    """Every history row of meetings and the register: any write adds one."""
    return sum(
        model._default_manager.count()
        for app in ("meetings", "registry")
        for model in apps.get_app_config(app).get_models()
        if model.__name__.startswith("Historical")
    )


# --- people and states of a meeting --------------------------------------------


@pytest.fixture
def v_secretary(committee):
    return make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )


@pytest.fixture
def mp_secretary(committee):
    return make_staff(
        "partisekreterare.mp", Role.PARTY_SECRETARY, party=committee.parties.mp
    )


@pytest.fixture
def chair_user(committee):
    return login_for(committee.chair, "ordforande.trn")


@pytest.fixture
def checker_user(committee):
    return login_for(committee.members[1], "justerare.trn")


@pytest.fixture
def decided(item, meeting):
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item,
        decision_text="Remissen besvaras med kontorets tjänsteutlåtande.",
        actor=meeting.secretary,
        reason=REASON,
    )
    return item


@pytest.fixture
def draft(decided, committee, v_secretary):
    """A reservation by the V member, announced and drafted but not handed in."""
    statement = statement_services.announce_statement(
        item=decided,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    return statement_services.write_statement(
        statement=statement, text=DRAFT_TEXT, actor=v_secretary, reason="utkast"
    )


@pytest.fixture
def submitted(draft, v_secretary):
    return statement_services.submit_statement(
        statement=draft, actor=v_secretary, reason="in"
    )


@pytest.fixture
def drawn_up(submitted, meeting):
    """Closed, minutes drawn up, and the time set for approval has come."""
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    return minutes


@pytest.fixture
def approved(drawn_up, committee, meeting):
    sign_on_paper(drawn_up, committee.chair, committee.members[1])
    return drawn_up


@pytest.fixture
def posted(approved, meeting):
    minutes_services.post_notice(
        minutes=approved,
        minutes_kept_at="Trafikkontoret, Fleminggatan 4",
        actor=meeting.secretary,
        reason="anslag",
    )
    return approved


# --- every page renders --------------------------------------------------------


def test_every_page_of_a_meeting_in_progress_renders_for_the_secretary(
    client, meeting, secretary, item, submitted
):
    client.force_login(secretary)
    meeting_pages = [
        "meeting_detail",
        "meeting_send_notice",
        "participant_add",
        "meeting_open",
        "attendance_change",
        "item_create",
        "meeting_close",
        "minutes_detail",
        "minutes_create",
    ]
    item_pages = [
        "item_detail",
        "item_open",
        "item_declaration",
        "motion_create",
        "vote_create",
        "item_decide",
        "item_postpone",
        "extract_detail",
        "statement_announce",
    ]
    pages = (
        [url("meeting_list"), url("meeting_create"), url("statement_workspace")]
        + [url(name, meeting.pk) for name in meeting_pages]
        + [url(name, item.pk) for name in item_pages]
        + [url("statement_detail", submitted.pk)]
    )
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        assert b'href="#main"' in response.content


def test_every_page_after_approval_renders_for_the_secretary(
    client, meeting, secretary, item, posted, submitted
):
    client.force_login(secretary)
    pages = [
        url("minutes_detail", meeting.pk),
        url("notice_create", meeting.pk),
        url("notice_detail", meeting.pk),
        url("extract_detail", item.pk),
        url("extract_file", item.pk),
        url("statement_detail", submitted.pk),
    ]
    for address in pages:
        assert client.get(address).status_code == 200, address


def test_the_statement_pages_render_for_the_party_secretary(client, draft, v_secretary):
    client.force_login(v_secretary)
    for name in (
        "statement_detail",
        "statement_write",
        "statement_cosign",
        "statement_submit",
    ):
        assert client.get(url(name, draft.pk)).status_code == 200, name
    page = client.get(url("statement_workspace")).content.decode()
    assert DRAFT_TEXT not in page
    before = t("Hand in the written statement before %(time)s.")
    assert before.partition("%(time)s")[0] in page


# --- access --------------------------------------------------------------------


def test_a_logged_out_user_is_sent_to_log_in(client, meeting, item):
    for address in (
        url("meeting_list"),
        meeting.get_absolute_url(),
        url("item_open", item.pk),
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_staff_of_another_organisation_get_404_on_the_meeting(
    client, meeting, item, anders
):
    client.force_login(anders)
    for address in (
        meeting.get_absolute_url(),
        url("minutes_detail", meeting.pk),
        url("item_detail", item.pk),
        url("meeting_close", meeting.pk),
    ):
        assert client.get(address).status_code == 404, address
    listed = client.get(url("meeting_list")).context["page"].object_list
    assert meeting not in listed


def test_someone_who_sees_the_meeting_may_not_take_the_secretarys_steps(
    client, meeting, item, karin
):
    """Staff of the department see their committee's meeting but do not keep it."""
    client.force_login(karin)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(url("meeting_close", meeting.pk)).status_code == 403
    response = client.post(url("item_open", item.pk))
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).state == AgendaItem.State.PENDING


def test_another_partys_secretary_cannot_open_or_read_a_drafted_statement(
    client, meeting, draft, mp_secretary
):
    """rules.md (d), V1: a draft is the party's own until handed in."""
    client.force_login(mp_secretary)
    assert client.get(url("statement_write", draft.pk)).status_code == 404
    assert client.get(url("statement_detail", draft.pk)).status_code == 404
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert DRAFT_TEXT not in page
    assert url("statement_detail", draft.pk) not in page


def test_the_secretary_sees_the_announcement_but_not_the_draft_text(
    client, meeting, draft, secretary
):
    """R23: the announcement is in the minutes; the text stays with the party."""
    client.force_login(secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Reservation anfördes av Ledamot13 Exempel (V)." in page
    assert DRAFT_TEXT not in page
    assert client.get(url("statement_detail", draft.pk)).status_code == 404


def test_the_partys_own_secretary_finds_its_draft_on_the_meeting_page(
    client, meeting, draft, v_secretary
):
    client.force_login(v_secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert url("statement_detail", draft.pk) in page
    detail = client.get(url("statement_detail", draft.pk)).content.decode()
    assert DRAFT_TEXT in detail


def test_an_auditor_sees_every_meeting_but_no_draft(client, meeting, draft, auditor):
    """rules.md (d): auditors read what is official, not a party's drafts."""
    client.force_login(auditor)
    assert meeting in client.get(url("meeting_list")).context["page"].object_list
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert DRAFT_TEXT not in page
    assert client.get(url("statement_detail", draft.pk)).status_code == 404
    assert client.get(url("meeting_close", meeting.pk)).status_code == 403


def test_the_meeting_page_flags_closed_items(client, meeting, item, secretary):
    """R13: the agenda view flags closed paragraphs."""
    meeting_services.add_agenda_item(
        meeting=meeting,
        title="Anmälan av delegationsbeslut",
        is_public=True,
        actor=secretary,
        reason=SET_UP,
    )
    client.force_login(secretary)
    response = client.get(meeting.get_absolute_url())
    rows = response.context["items"]
    assert [i.is_public for i in rows] == [False, True]
    assert response.content.decode().count('class="badge badge--confidential"') == 1


# --- refusals are explained --------------------------------------------------


def test_announcing_after_the_meeting_closed_explains_why(
    client, meeting, decided, committee, v_secretary
):
    """R15: no reservation after the meeting is closed; the page says so."""
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    client.force_login(v_secretary)
    response = client.post(
        url("statement_announce", decided.pk),
        {
            "kind": Statement.Kind.RESERVATION,
            "party": committee.parties.v.pk,
            "signatories": [participant(meeting, committee.v_member).pk],
        },
    )
    assert response.status_code == 200
    assert form_errors(response) == {"__all__": {"meeting_closed"}}
    message = response.context["form"].non_field_errors()[0]
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Statement.objects.exists()


def _bad_posts(meeting, item, statement, committee):
    """(page, data) that the form or the service refuses."""
    v_member = participant(meeting, committee.v_member).pk
    return [
        (url("meeting_create"), {"organisation": "", "held_on": "igår"}),
        (url("participant_add", meeting.pk), {"people": []}),
        (url("meeting_open", meeting.pk), {"approval_due_at": "snart"}),
        (url("meeting_send_notice", meeting.pk), {}),
        (url("attendance_change", meeting.pk), {"participant": v_member}),
        (url("item_create", meeting.pk), {"clauses": "1. utan ärende"}),
        (url("item_open", item.pk), {}),
        (url("item_declaration", item.pk), {"participant": v_member}),
        (url("motion_create", item.pk), {"mover": v_member, "text": ""}),
        (url("vote_create", item.pk), {"question": "Bifall?"}),
        (url("item_decide", item.pk), {"decision_text": ""}),
        (url("item_postpone", item.pk), {"referred_back": "true", "reason": ""}),
        (url("minutes_create", meeting.pk), {}),
        (url("extract_file", item.pk), {}),
        (url("statement_announce", item.pk), {"kind": "reservation"}),
        (url("statement_write", statement.pk), {}),
        (url("statement_cosign", statement.pk), {"participant": v_member}),
    ]


def test_bad_input_on_every_form_is_refused_with_a_reason_and_changes_nothing(
    client, meeting, decided, draft, committee, secretary, v_secretary
):
    before = history_rows()
    for address, data in _bad_posts(meeting, decided, draft, committee):
        user = v_secretary if "/reservationer/" in address else secretary
        client.force_login(user)
        response = client.post(address, data)
        assert response.status_code == 200, address
        assert response.context["form"].errors, address
        assert 'class="error-summary" role="alert"' in response.content.decode()
    assert history_rows() == before


def test_handing_in_an_empty_statement_is_refused(
    client, decided, committee, v_secretary
):
    statement = statement_services.announce_statement(
        item=decided,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    client.force_login(v_secretary)
    response = client.post(url("statement_submit", statement.pk))
    assert form_errors(response) == {"__all__": {"empty_statement"}}
    assert Statement.objects.get().state == Statement.State.ANNOUNCED


def test_the_notice_and_approval_forms_refuse_bad_input(
    client, meeting, approved, chair_user, secretary
):
    before = history_rows()
    client.force_login(secretary)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url("notice_create", meeting.pk),
        {"posted_on": tomorrow.isoformat(), "minutes_kept_at": ""},
    )
    assert form_errors(response) == {
        "minutes_kept_at": {"required"},
    }
    assert history_rows() == before
    assert not Notice.objects.exists()


def test_approving_a_text_that_changed_is_refused(
    client, meeting, drawn_up, chair_user
):
    client.force_login(chair_user)
    response = client.post(url("minutes_approve", meeting.pk), {"digest": "0" * 64})
    assert form_errors(response) == {"digest": {"minutes_changed"}}
    assert not drawn_up.approvals.exists()


# --- happy paths ---------------------------------------------------------------


def test_the_secretary_records_a_decision(client, meeting, item, secretary):
    """R7: opening the item records who takes part; the decision follows."""
    client.force_login(secretary)
    response = client.post(url("item_open", item.pk))
    assert response.status_code == 302
    response = client.post(
        url("item_decide", item.pk),
        {"decision_text": "Trafiknämnden överlämnar och åberopar kontorets utlåtande."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == AgendaItem.State.DECIDED
    assert item.paragraph_number == 1
    assert item.history.latest().history_user == secretary
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Trafiknämnden överlämnar och åberopar kontorets utlåtande." in page


def test_the_secretary_records_a_roll_call_vote(
    client, meeting, item, committee, secretary
):
    """R8: an open vote with every participant's ballot; 7 yes against 6 no."""
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    ballots = {
        f"ballot_{participant(meeting, person).pk}": "yes" if n < 7 else "no"
        for n, person in enumerate(committee.members)
    }
    client.force_login(secretary)
    response = client.post(
        url("vote_create", item.pk),
        {
            "question": "Bifall till förslaget?",
            "yes_means": "bifall",
            "no_means": "avslag",
            **ballots,
        },
    )
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.result == Vote.Result.YES
    assert vote.ballots.count() == 13


def test_the_recorded_vote_is_told_with_its_count_and_what_won_R8(
    client, meeting, item, committee, secretary
):
    """R8: the message after a vote gives the count and what the result means,
    not the bare word of the result."""
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    ballots = {
        f"ballot_{participant(meeting, person).pk}": "yes" if n < 7 else "no"
        for n, person in enumerate(committee.members)
    }
    ballots[f"ballot_{participant(meeting, committee.members[-1]).pk}"] = "abstain"
    client.force_login(secretary)
    response = client.post(
        url("vote_create", item.pk),
        {
            "question": "Bifall till förslaget?",
            "yes_means": "bifall",
            "no_means": "avslag",
            **ballots,
        },
        follow=True,
    )
    told = [str(message) for message in response.context["messages"]]
    assert told == [
        "Voteringen har antecknats: 7 ja, 5 nej, 1 avstår. Resultat: bifall."
    ]


def test_an_item_put_on_the_agenda_with_a_new_proposal(
    client, meeting, city, t_registrar, secretary
):
    case = make_case(city.t_register, t_registrar, title="Cykelplan")
    client.force_login(secretary)
    response = client.post(
        url("item_create", meeting.pk),
        {
            "case": case.pk,
            "source": "officer_report",
            "clauses": "1. Remissen besvaras med kontorets tjänsteutlåtande.\n\n2. Paragrafen justeras omedelbart.",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(case=case)
    assert item.title == "Cykelplan"
    assert [c.text for c in item.proposal.clauses.all()] == [
        "Remissen besvaras med kontorets tjänsteutlåtande.",
        "Paragrafen justeras omedelbart.",
    ]


def test_a_party_secretary_announces_writes_and_hands_in_a_reservation(
    client, meeting, decided, committee, v_secretary, secretary
):
    """R14–R17: announced at the meeting, written by the party, handed in."""
    client.force_login(v_secretary)
    response = client.post(
        url("statement_announce", decided.pk),
        {
            "kind": Statement.Kind.RESERVATION,
            "party": committee.parties.v.pk,
            "signatories": [participant(meeting, committee.v_member).pk],
        },
    )
    statement = Statement.objects.get()
    assert response["Location"] == url("statement_detail", statement.pk)
    response = client.post(
        url("statement_write", statement.pk),
        {
            "introduction": "Jag föreslår trafiknämnden besluta att",
            "clauses": "1. delvis godkänna svaret\n2. därutöver anföra",
            "text": DRAFT_TEXT,
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.state == Statement.State.DRAFT
    assert [c.text for c in statement.clauses.all()] == [
        "delvis godkänna svaret",
        "därutöver anföra",
    ]
    assert client.post(url("statement_submit", statement.pk)).status_code == 302
    statement.refresh_from_db()
    assert statement.state == Statement.State.SUBMITTED
    client.force_login(secretary)
    page = client.get(url("statement_detail", statement.pk)).content.decode()
    assert DRAFT_TEXT in page
    assert "Reservation anfördes av Ledamot13 Exempel (V) enligt följande." in page


def test_a_reservation_shows_how_its_clauses_compare_with_the_proposal(
    client, meeting, city, t_registrar, committee, secretary, v_secretary
):
    """R17 (c): clauses that agree, differ and are added, as in seed 000."""
    case = make_case(city.t_register, t_registrar, title="Internationellt arbete")
    client.force_login(secretary)
    client.post(
        url("item_create", meeting.pk),
        {
            "case": case.pk,
            "source": "memorandum",
            "clauses": "Rapporten avseende stadens internationella arbete 2010 "
            "godkänns, bilaga 1.",
        },
    )
    item = AgendaItem.objects.get(case=case)
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=secretary, reason=REASON
    )
    statement = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    statement_services.write_statement(
        statement=statement,
        clauses=[
            "rapporten, bilaga 1, avseende stadens internationella arbete 2010 godkänns.",
            "att se över sammansättningen i den internationella beredningen",
        ],
        actor=v_secretary,
        reason="utkast",
    )
    client.force_login(v_secretary)
    response = client.get(url("statement_detail", statement.pk))
    verdicts = [entry["row"].verdict for entry in response.context["comparison"]]
    assert verdicts == ["agrees", "added"]


def test_a_reservation_may_refer_to_an_earlier_one_in_the_same_case(
    client, meeting, decided, submitted, committee, secretary, v_secretary
):
    """R17 (d): "med hänvisning till" an earlier statement in the same case."""
    later = meeting_services.add_agenda_item(
        meeting=meeting,
        title="Samma ärende igen",
        case=decided.case,
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.open_item(item=later, actor=secretary, reason=REASON)
    meeting_services.decide(
        item=later, decision_text="Bifall", actor=secretary, reason=REASON
    )
    statement = statement_services.announce_statement(
        item=later,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    client.force_login(v_secretary)
    form = client.get(url("statement_write", statement.pk)).context["form"]
    assert list(form.fields["refers_to"].queryset) == [submitted]
    both = client.post(
        url("statement_write", statement.pk),
        {"refers_to": submitted.pk, "text": "Egen text"},
    )
    assert form_errors(both) == {"__all__": {"reference_and_text"}}
    client.post(url("statement_write", statement.pk), {"refers_to": submitted.pk})
    statement.refresh_from_db()
    assert statement.refers_to == submitted
    page = client.get(url("statement_detail", statement.pk)).content.decode()
    assert (
        "Reservation anfördes av Ledamot13 Exempel (V) med hänvisning till "
        "reservationen av (V) i trafiknämnden." in page
    )


def test_the_chair_and_the_checker_approve_the_minutes(
    client, meeting, drawn_up, chair_user, checker_user, submitted
):
    """R24, R26: both sign the same text; then the minutes are official."""
    client.force_login(chair_user)
    response = client.get(url("minutes_approve", meeting.pk))
    digest = response.context["digest"]
    assert digest in response.content.decode()
    assert (
        client.post(url("minutes_approve", meeting.pk), {"digest": digest}).status_code
        == 302
    )
    assert Minutes.objects.get().state == Minutes.State.DRAFT
    client.force_login(checker_user)
    client.post(url("minutes_approve", meeting.pk), {"digest": digest})
    minutes = Minutes.objects.get()
    assert minutes.state == Minutes.State.APPROVED
    version = minutes.versions.get()
    assert version.digest == digest
    assert Meeting.objects.get().state == Meeting.State.MINUTES_APPROVED
    page = client.get(url("minutes_detail", meeting.pk)).content.decode()
    assert digest in page
    assert t("Approved minutes, version %(number)s") % {"number": 1} in page
    assert DRAFT_TEXT in page


def test_before_approval_only_the_secretary_and_approvers_read_the_minutes(
    client, meeting, drawn_up, chair_user, karin
):
    client.force_login(karin)
    assert client.get(url("minutes_detail", meeting.pk)).status_code == 403
    assert client.get(url("minutes_approve", meeting.pk)).status_code == 403
    client.force_login(chair_user)
    assert client.get(url("minutes_detail", meeting.pk)).status_code == 200


def test_a_correction_is_listed_with_its_note(client, meeting, approved, secretary):
    """R26: a correction is a visible, annotated new version."""
    first = approved.versions.get()
    minutes_services.correct_minutes(
        minutes=approved,
        content=first.content + "Rättelse.\n",
        note="Skrivfel i § 1 rättat.",
        actor=secretary,
        reason="rättelse",
    )
    client.force_login(secretary)
    page = client.get(url("minutes_detail", meeting.pk)).content.decode()
    assert "Skrivfel i § 1 rättat." in page
    assert t("Approved minutes, version %(number)s") % {"number": 2} in page
    earlier = client.get(url("minutes_detail", meeting.pk), {"version": 1})
    assert earlier.context["shown"].number == 1


def test_the_secretary_posts_the_notice(client, meeting, approved, secretary, karin):
    """R28, R30: the notice says where the minutes are kept and the last day of
    appeal."""
    client.force_login(secretary)
    page = client.get(url("notice_create", meeting.pk)).content.decode()
    instruction = t(
        "Post the notice on the notice board at the latest on %(day)s (KL 8 kap. 12 §)."
    )
    assert instruction.partition("%(day)s")[0] in page
    response = client.post(
        url("notice_create", meeting.pk),
        {
            "posted_on": timezone.localdate().isoformat(),
            "minutes_kept_at": "Trafikkontoret, Fleminggatan 4",
        },
    )
    assert response["Location"] == url("notice_detail", meeting.pk)
    notice = Notice.objects.get()
    client.force_login(karin)
    response = client.get(url("notice_detail", meeting.pk))
    assert response.context["notice"] == notice
    page = response.content.decode()
    assert notice.appeal_last_day.isoformat() in page
    assert "Trafikkontoret, Fleminggatan 4" in page


def test_the_extract_of_an_approved_paragraph_is_filed_in_the_case(
    client, item, approved, secretary
):
    client.force_login(secretary)
    response = client.get(url("extract_detail", item.pk))
    assert "Utdrag ur protokoll från Trafiknämnden" in response.content.decode()
    assert client.post(url("extract_file", item.pk)).status_code == 302
    assert item.case.documents.filter(kind="minutes_extract").count() == 1


# --- query counts --------------------------------------------------------------


def _more_decided_items(meeting, committee, secretary, v_secretary, count):
    for n in range(count):
        item = meeting_services.add_agenda_item(
            meeting=meeting, title=f"Ärende {n}", actor=secretary, reason=SET_UP
        )
        meeting_services.open_item(item=item, actor=secretary, reason=REASON)
        meeting_services.decide(
            item=item, decision_text=f"Beslut {n}", actor=secretary, reason=REASON
        )
        statement = statement_services.announce_statement(
            item=item,
            kind=Statement.Kind.RESERVATION,
            party=committee.parties.v,
            signatories=[committee.v_member],
            actor=v_secretary,
            reason=REASON,
        )
        statement_services.write_statement(
            statement=statement, clauses=["avslå"], actor=v_secretary, reason="u"
        )
        statement_services.submit_statement(
            statement=statement, actor=v_secretary, reason="in"
        )


@pytest.mark.parametrize("count", [1, 8])
def test_the_meeting_page_runs_a_bounded_number_of_queries(
    client,
    meeting,
    committee,
    secretary,
    v_secretary,
    django_assert_max_num_queries,
    count,
):
    _more_decided_items(meeting, committee, secretary, v_secretary, count)
    for user in (secretary, v_secretary):
        client.force_login(user)
        with django_assert_max_num_queries(PAGE_QUERIES):
            response = client.get(meeting.get_absolute_url())
        assert len(response.context["handled"]) == count


@pytest.mark.parametrize("count", [2, 40])
def test_the_meeting_list_runs_a_bounded_number_of_queries(
    client, committee, secretary, django_assert_max_num_queries, count
):
    start = datetime.date(2016, 1, 4)
    with clock.acting_at(timezone.make_aware(datetime.datetime(2016, 1, 1, 12))):
        for n in range(count):
            meeting_services.plan_meeting(
                organisation=committee.organisation,
                held_on=start + datetime.timedelta(days=7 * n),
                chair=committee.chair,
                actor=secretary,
                reason=SET_UP,
            )
    client.force_login(secretary)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(
            url("meeting_list"), {"organisation": committee.organisation.pk}
        )
    listed = list(response.context["page"].object_list)
    assert len(listed) == min(count, 25)
    assert listed[0].held_on > listed[-1].held_on
