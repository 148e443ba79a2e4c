"""The read pages of the remiss round trip over HTTP: the referrals list, a
referral, the answer dashboard and the officer reports (R40–R45, R78, rules.md
(d))."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from casework.referrals import reports, services
from casework.referrals.models import ReferralRecipient
from casework.referrals.summary import Answer, Quote, compile_summary
from casework.registry import services as registry
from tests.builders import (
    Kind,
    Role,
    administrator,
    make_organisation,
    make_staff,
)

pytestmark = pytest.mark.django_db

State = ReferralRecipient.State
Stance = ReferralRecipient.Stance
QUERIES = {"referral_detail": 14, "dashboard": 10, "referral_list": 8}
TRAFFIC_CLAUSE = (
    "Trafiknämnden överlämnar och åberopar kontorets tjänsteutlåtande som svar "
    "på remissen från kommunstyrelsen."
)
TRAFFIC_SUMMARY = "Trafikkontoret ställer sig i huvudsak positiv till förslaget."


def url(name, *args):
    return reverse(f"referrals:{name}", args=args)


def sv(text: str, context: str = "") -> str:
    """``text`` as the Swedish pages show it (the page's default language)."""
    with translation.override("sv"):
        return pgettext(context, text) if context else gettext(text)


def page_of(client, user, address) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


# --- builders -------------------------------------------------------------------


def draft_report(recipient, officer, **extra):
    extra.setdefault("title", "Internationell strategi för Stockholms stad. Svar")
    extra.setdefault("clauses", ["Remissen besvaras med kontorets tjänsteutlåtande."])
    return reports.draft_officer_report(
        case=recipient.committee_case,
        addressed_to=recipient.organisation,
        actor=officer,
        reason="utkast",
        **extra,
    )


def approve(report, officer, *heads):
    reports.submit_for_review(report=report, actor=officer, reason="klar")
    for head in heads:
        reports.approve_report(report=report, actor=head, reason="godkänd")
    report.refresh_from_db()
    return report


def send_answer(recipient, report, registrar, stance):
    services.dispatch_response(
        recipient=recipient,
        documents=[report.document],
        stance=stance,
        decision_text=f"{recipient.organisation} besvarar remissen.",
        actor=registrar,
        reason="expedierat",
    )
    recipient.refresh_from_db()
    return recipient


def answer_fully(recipient, *, staff, slk_officer, stance=Stance.WITH_COMMENTS):
    """Receive, extend, remind, report, approve and answer: every row a recipient
    can add to the pages."""
    registrar, officer, head = staff
    services.receive_referral(recipient=recipient, actor=registrar, reason="reg")
    recipient.refresh_from_db()
    extension = services.request_extension(
        recipient=recipient,
        requested_until=recipient.deadline + datetime.timedelta(days=14),
        reason_given="Nämnden sammanträder först i november.",
        actor=officer,
        reason="anstånd",
    )
    services.decide_extension(
        extension=extension, grant=True, actor=slk_officer, reason="beviljat"
    )
    recipient.refresh_from_db()
    services.send_due_reminders(
        today=recipient.deadline - datetime.timedelta(days=3),
        actor=administrator(),  # the scheduled job runs as the system account
        reason="påminnelse",
    )
    report = approve(draft_report(recipient, officer, summary="Kort."), officer, head)
    return send_answer(recipient, report, registrar, stance)


def department(code, committee_name, department_name):
    committee = make_organisation(f"{code}n", committee_name, Kind.COMMITTEE)
    office = make_organisation(
        f"{code}k", department_name, Kind.DEPARTMENT, serves=committee
    )
    registry.create_register(
        organisation=office,
        code=f"{code}k",
        name=f"{department_name}s diarium",
        number_format=code.upper() + "{year}-{seq:05}",
        number_pattern=code.upper() + r"(?P<year>\d{4})-(?P<seq>\d{5})",
        actor=administrator(),  # the directory's administrators open registers
        reason="test set-up",
    )
    staff = (
        make_staff(f"registrator.{code}", Role.REGISTRAR, office),
        make_staff(f"handlaggare.{code}", Role.CASE_OFFICER, office),
        make_staff(f"chef.{code}", Role.HEAD_OF_DEPARTMENT, office),
    )
    return committee, staff


# --- fixtures -------------------------------------------------------------------


@pytest.fixture
def trn_draft(received, karin):
    """Trafikkontoret's report as Karin drafts it (TU_UTKAST)."""
    return draft_report(
        received,
        karin,
        title="Internationell strategi för Stockholms stad. Remiss från kommunstyrelsen",
        clauses=[TRAFFIC_CLAUSE],
        phone="08-508 261 85",
        unit="Stab",
        meeting_date=datetime.date(2016, 9, 22),
        summary=TRAFFIC_SUMMARY,
        background="Remisstiden sträcker sig till och med den 17 oktober 2016.",
        preparation="Ärendet har beretts internt inom trafikkontoret.",
        opinions="Trafikkontoret ställer sig i huvudsak positiv.",
        appendices="Internationell strategi för Stockholms stad\n"
        "Stadsledningskontorets tjänsteutlåtande",
    )


@pytest.fixture
def trn_approved(trn_draft, karin, jonas):
    return approve(trn_draft, karin, jonas)


@pytest.fixture
def trn_answered(trn_approved, received, t_registrar):
    send_answer(received, trn_approved, t_registrar, Stance.WITH_COMMENTS)
    return trn_approved


@pytest.fixture
def expn_received(dispatched, city, e_registrar):
    recipient = dispatched.recipients.get(organisation=city.expn)
    services.receive_referral(recipient=recipient, actor=e_registrar, reason="reg")
    recipient.refresh_from_db()
    return recipient


@pytest.fixture
def expk_draft(expn_received, anders):
    """Anders Hallberg's report at exploateringskontoret."""
    return draft_report(expn_received, anders, summary="Inget att erinra.")


@pytest.fixture
def committee_secretary(city):
    return make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)


@pytest.fixture
def pages(dispatched, trn_answered):
    return {
        "referral_list": (),
        "referral_detail": (dispatched.pk,),
        "dashboard": (dispatched.pk,),
        "report_detail": (trn_answered.pk,),
        "report_print": (trn_answered.pk,),
    }


# --- access ---------------------------------------------------------------------


PAGE_NAMES = [
    "referral_list",
    "referral_detail",
    "dashboard",
    "report_detail",
    "report_print",
]


@pytest.mark.parametrize("name", PAGE_NAMES)
@pytest.mark.parametrize("persona", ["slk_officer", "registrar"])
def test_every_page_renders_for_the_ks_case_officer_and_the_registrar(
    client, request, pages, name, persona
):
    user = request.getfixturevalue(persona)
    page = page_of(client, user, url(name, *pages[name]))
    assert '<main id="main"' in page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_logged_out_user_is_sent_to_log_in(client, pages, name):
    address = url(name, *pages[name])
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(address)}"


def test_the_pages_only_read(client, pages, slk_officer):
    client.force_login(slk_officer)
    for name in PAGE_NAMES:
        assert client.post(url(name, *pages[name])).status_code == 405


def test_an_outsider_gets_404_for_a_referral(client, dispatched, city):
    school = make_organisation("utbn", "Utbildningsnämnden", Kind.COMMITTEE)
    outsider = make_staff("handlaggare.utbn", Role.CASE_OFFICER, school)
    client.force_login(outsider)
    assert client.get(url("referral_detail", dispatched.pk)).status_code == 404
    assert client.get(url("dashboard", dispatched.pk)).status_code == 404


def test_a_referral_not_yet_sent_is_hidden_from_its_recipients(
    client, referral, karin, slk_officer
):
    """R59a: the recipients see the referral once it is dispatched."""
    client.force_login(karin)
    assert client.get(url("referral_detail", referral.pk)).status_code == 404
    assert referral.get_absolute_url() not in page_of(
        client, karin, url("referral_list")
    )
    assert referral.get_absolute_url() in page_of(
        client, slk_officer, url("referral_list")
    )
    services.dispatch_referral(referral=referral, actor=slk_officer, reason="skickad")
    assert client.get(url("referral_detail", referral.pk)).status_code == 200


def test_anders_gets_404_for_trafikkontorets_draft_and_no_link_but_sees_his_own(
    client, trn_draft, expk_draft, anders, dispatched
):
    """rules.md (d): a draft officer report (TU_UTKAST) stays in its department."""
    client.force_login(anders)
    assert client.get(url("report_detail", trn_draft.pk)).status_code == 404
    assert client.get(url("report_print", trn_draft.pk)).status_code == 404
    dashboard = page_of(client, anders, url("dashboard", dispatched.pk))
    assert trn_draft.get_absolute_url() not in dashboard
    assert expk_draft.get_absolute_url() in dashboard
    assert client.get(url("report_detail", expk_draft.pk)).status_code == 200
    assert client.get(url("report_print", expk_draft.pk)).status_code == 200


def test_a_drafted_report_is_invisible_to_committee_staff_outside_the_department(
    client, trn_draft, karin, committee_secretary, t_registrar, jonas
):
    """rules.md (d): TU_UTKAST is for its author and the department's reviewers,
    not the committee's secretary; once approved the committee's staff read it
    (TU_FASTSTÄLLD, R61a)."""
    address = url("report_detail", trn_draft.pk)
    client.force_login(committee_secretary)
    assert client.get(address).status_code == 404
    client.force_login(t_registrar)
    assert client.get(address).status_code == 404
    approve(trn_draft, karin, jonas)
    client.force_login(committee_secretary)
    assert client.get(address).status_code == 200


def test_an_approved_report_reaches_the_referring_office_only_with_the_answer(
    client, trn_approved, received, t_registrar, slk_officer, dispatched
):
    """rules.md (d): TU_FASTSTÄLLD is not for KS/SLK staff; the report sent with
    the committee's answer is."""
    client.force_login(slk_officer)
    assert client.get(url("report_detail", trn_approved.pk)).status_code == 404
    dashboard = page_of(client, slk_officer, url("dashboard", dispatched.pk))
    assert trn_approved.get_absolute_url() not in dashboard
    send_answer(received, trn_approved, t_registrar, Stance.WITH_COMMENTS)
    dashboard = page_of(client, slk_officer, url("dashboard", dispatched.pk))
    assert trn_approved.get_absolute_url() in dashboard
    assert client.get(url("report_detail", trn_approved.pk)).status_code == 200


def test_review_comments_are_shown_to_the_department_only(
    client, trn_draft, karin, jonas, committee_secretary, received, t_registrar
):
    reports.submit_for_review(report=trn_draft, actor=karin, reason="klar")
    reports.return_report(
        report=trn_draft, comment="Förtydliga synpunkterna.", actor=jonas, reason="x"
    )
    address = url("report_detail", trn_draft.pk)
    assert "Förtydliga synpunkterna." in page_of(client, karin, address)
    approve(trn_draft, karin, jonas)
    page = page_of(client, committee_secretary, address)
    assert "Förtydliga synpunkterna." not in page


# --- the referral page ----------------------------------------------------------


def test_the_referral_page_shows_the_question_deadline_letter_and_case_link(
    client, dispatched, slk_officer
):
    """R40: what the response concerns and by when."""
    page = page_of(client, slk_officer, dispatched.get_absolute_url())
    assert "Synpunkter på förslaget till internationell strategi." in page
    assert dispatched.response_deadline.isoformat() in page
    assert f'href="{dispatched.case.get_absolute_url()}"' in page
    assert f'href="{dispatched.letter.get_absolute_url()}"' in page
    assert "Trafiknämnden" in page and "Exploateringsnämnden" in page


def test_the_referral_page_lists_the_documents_sent_with_it(
    client, ks_case, city, slk_officer, registrar, deadline
):
    strategy = registry.register_document(
        case=ks_case,
        direction="drawn_up",
        title="Internationell strategi",
        public_description="Förslag till internationell strategi",
        actor=registrar,
    )
    referral = services.prepare_referral(
        case=ks_case,
        question="Synpunkter",
        response_deadline=deadline,
        recipients=[city.trn],
        documents=[strategy],
        actor=slk_officer,
        reason="remiss",
    )
    page = page_of(client, slk_officer, referral.get_absolute_url())
    assert "Förslag till internationell strategi" in page
    assert strategy.get_absolute_url() in page


def test_the_referral_page_marks_extensions_and_overdue_recipients(
    client, received, dispatched, city, karin, slk_officer
):
    """An extension moves one recipient's deadline (anstånd); an open recipient
    past its deadline is overdue."""
    extension = services.request_extension(
        recipient=received,
        requested_until=received.deadline + datetime.timedelta(days=30),
        reason_given="Nämnden sammanträder först i november.",
        actor=karin,
        reason="anstånd",
    )
    services.decide_extension(
        extension=extension, grant=True, actor=slk_officer, reason="ok", note="Ok."
    )
    expn = dispatched.recipients.get(organisation=city.expn)
    ReferralRecipient.objects.filter(pk=expn.pk).update(
        deadline=datetime.date(2016, 10, 17)
    )
    client.force_login(slk_officer)
    response = client.get(dispatched.get_absolute_url())
    rows = {
        row["recipient"].organisation: row for row in response.context["recipients"]
    }
    assert rows[city.trn]["extended"] and not rows[city.trn]["overdue"]
    assert rows[city.expn]["overdue"]
    page = response.content.decode()
    assert "Nämnden sammanträder först i november." in page
    assert "Ok." in page


def test_the_recipients_case_number_shows_only_to_those_who_may_see_that_case(
    client, received, dispatched, slk_officer, karin
):
    number = received.committee_case.registration_number
    assert number not in page_of(client, slk_officer, dispatched.get_absolute_url())
    page = page_of(client, karin, dispatched.get_absolute_url())
    assert f'href="{received.committee_case.get_absolute_url()}">{number}' in page


def test_the_referral_page_lists_the_reminders_sent(
    client, received, dispatched, slk_officer, system_user
):
    services.send_due_reminders(
        today=received.deadline - datetime.timedelta(days=3),
        actor=system_user,  # the scheduled job runs as the system account
        reason="påminnelse",
    )
    client.force_login(slk_officer)
    response = client.get(dispatched.get_absolute_url())
    offsets = sorted(
        row["reminder"].offset_days for row in response.context["reminders"]
    )
    assert offsets == [-14, -14, -3, -3]


# --- the referrals list ---------------------------------------------------------


def test_the_list_counts_answered_recipients_and_puts_the_latest_deadline_first(
    client, trn_answered, dispatched, ks_case, city, slk_officer, deadline
):
    later = services.prepare_referral(
        case=ks_case,
        question="Ännu en fråga",
        response_deadline=deadline + datetime.timedelta(days=10),
        recipients=[city.trn],
        actor=slk_officer,
        reason="remiss",
    )
    client.force_login(slk_officer)
    response = client.get(url("referral_list"))
    listed = list(response.context["page"])
    assert listed == [later, dispatched]
    assert (listed[1].answered_count, listed[1].recipient_count) == (1, 2)


# --- the dashboard --------------------------------------------------------------


def test_the_dashboard_shows_stances_decisions_and_the_summaries(
    client, trn_answered, dispatched, slk_officer
):
    services.compile_answers(
        referral=dispatched,
        summary="Sammanställning av remissvaren.",
        actor=slk_officer,
        reason="sammanställd",
    )
    client.force_login(slk_officer)
    response = client.get(url("dashboard", dispatched.pk))
    page = response.content.decode()
    assert "Trafiknämnden besvarar remissen." in page
    assert TRAFFIC_SUMMARY in response.context["draft"]
    assert "Sammanställning av remissvaren." in page


def test_the_compiled_summary_never_quotes_a_report_the_reader_may_not_see(
    client, trn_approved, dispatched, slk_officer, anders
):
    client.force_login(slk_officer)
    draft = client.get(url("dashboard", dispatched.pk)).context["draft"]
    assert draft and TRAFFIC_SUMMARY not in draft


def test_the_recipients_staff_see_the_answers_but_not_the_compilation(
    client, trn_answered, dispatched, anders
):
    """c.1: the compilation is the referring office's working material."""
    client.force_login(anders)
    response = client.get(url("dashboard", dispatched.pk))
    assert response.context["draft"] == ""
    assert TRAFFIC_SUMMARY not in response.content.decode()


def test_the_summary_gives_each_recipients_stance_in_order():
    with translation.override("en"):
        text = compile_summary(
            [
                Answer("Trafiknämnden", State.ANSWERED, Stance.WITH_COMMENTS),
                Answer("Exploateringsnämnden", State.ANSWERED, Stance.NO_OBJECTION),
                Answer("Miljönämnden", State.ANSWERED, Stance.ENDORSE),
                Answer("Kulturnämnden", State.ANSWERED, Stance.OPPOSE),
            ]
        )
    assert text == (
        "Trafiknämnden has answered with comments. "
        "Exploateringsnämnden has no objection. "
        "Miljönämnden has endorsed the proposal. "
        "Kulturnämnden has opposed the proposal."
    )


def test_the_summary_says_who_declined_and_who_has_not_answered():
    with translation.override("en"):
        text = compile_summary(
            [
                Answer("Trafiknämnden", State.DECLINED),
                Answer("Exploateringsnämnden", State.EXTENSION_GRANTED),
                Answer("Miljönämnden", State.NOT_RECEIVED),
            ]
        )
    assert text == (
        "Trafiknämnden has declined to answer. "
        "Exploateringsnämnden has not answered yet. "
        "No answer was received from Miljönämnden."
    )


def test_the_summary_quotes_each_report_in_the_memorandum_style():
    """R79: "… daterat den … har i huvudsak följande lydelse"."""
    quote = Quote(
        "Trafikkontoret",
        datetime.date(2016, 9, 22),
        "Kontoret är positivt.\n\nKontoret har två frågor.",
    )
    with translation.override("en"):
        text = compile_summary(
            [
                Answer("Trafiknämnden", State.ANSWERED, Stance.WITH_COMMENTS, quote),
                Answer("Exploateringsnämnden", State.ANSWERED, Stance.NO_OBJECTION),
            ]
        )
    assert text.split("\n\n") == [
        "Trafiknämnden has answered with comments. "
        "Exploateringsnämnden has no objection.",
        "The officer report of Trafikkontoret dated 22 September 2016 reads in the "
        "main as follows.",
        "Kontoret är positivt.",
        "Kontoret har två frågor.",
    ]


def test_the_summary_of_no_answers_is_empty_and_an_empty_quote_is_left_out():
    assert compile_summary([]) == ""
    with translation.override("en"):
        text = compile_summary(
            [
                Answer(
                    "Trafiknämnden",
                    State.ANSWERED,
                    Stance.ENDORSE,
                    Quote("T", None, " "),
                )
            ]
        )
    assert text == "Trafiknämnden has endorsed the proposal."


# --- the officer report -----------------------------------------------------------


def test_the_printable_report_shows_the_clauses_and_the_signature_once_approved(
    client, trn_answered, karin
):
    """R78: heading block, addressing, numbered clauses and the signature of the
    head of department."""
    page = page_of(client, karin, url("report_print", trn_answered.pk))
    assert "Trafikkontoret" in page and "Stab" in page
    assert trn_answered.case.registration_number in page
    assert "Karin Dhakal" in page and "08-508 261 85" in page
    assert "Trafiknämnden" in page and "2016-09-22" in page
    assert f'<li value="1">{TRAFFIC_CLAUSE}</li>' in page
    assert "Jonas Eliasson" in page
    assert sv("Head of department", "officer report") in page
    assert 'class="report-draft-mark"' not in page
    assert "Stadsledningskontorets tjänsteutlåtande</li>" in page


def test_the_printable_report_signs_with_the_head_of_division_when_there_is_one(
    client, trn_draft, karin, jonas, city
):
    head = make_staff(
        "avdelningschef.tk",
        Role.HEAD_OF_DIVISION,
        city.tk,
        first_name="Ann-Charlotte",
        last_name="Bergqvist",
    )
    reports.revise_officer_report(
        report=trn_draft, needs_division_review=True, actor=karin, reason="x"
    )
    approve(trn_draft, karin, head, jonas)
    page = page_of(client, karin, url("report_print", trn_draft.pk))
    assert (
        "Ann-Charlotte Bergqvist" in page
        and sv("Head of division", "officer report") in page
    )


def test_a_draft_report_prints_as_a_draft_without_a_signature(
    client, trn_draft, karin, jonas
):
    page = page_of(client, karin, url("report_print", trn_draft.pk))
    assert f'<p class="report-draft-mark">{sv("Draft")}</p>' in page
    assert "Jonas Eliasson" not in page
    assert f'<li value="1">{TRAFFIC_CLAUSE}</li>' in page


def test_the_report_page_shows_the_state_and_the_sections(client, trn_draft, karin):
    page = page_of(client, karin, url("report_detail", trn_draft.pk))
    assert f'<span class="badge badge--draft">{sv("Draft")}</span>' in page
    assert TRAFFIC_SUMMARY in page
    assert url("report_print", trn_draft.pk) in page


# --- query counts ---------------------------------------------------------------


@pytest.fixture
def referral_to(ks_case, slk_officer, deadline, city, t_registrar, karin, jonas):
    """A referral to one or three committees, each answered with every kind of
    row the pages show."""

    def build(count):
        recipients = [(city.trn, (t_registrar, karin, jonas))]
        if count == 3:
            recipients.append(department("ex", "Miljönämnden", "Miljöförvaltningen"))
            recipients.append(department("ku", "Kulturnämnden", "Kulturförvaltningen"))
        referral = services.prepare_referral(
            case=ks_case,
            question="Synpunkter",
            response_deadline=deadline,
            recipients=[organisation for organisation, _staff in recipients],
            actor=slk_officer,
            reason="remiss",
        )
        services.dispatch_referral(referral=referral, actor=slk_officer, reason="x")
        for organisation, staff in recipients:
            recipient = referral.recipients.get(organisation=organisation)
            answer_fully(recipient, staff=staff, slk_officer=slk_officer)
        return referral

    return build


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", ["referral_detail", "dashboard"])
def test_the_referral_pages_run_the_same_number_of_queries_for_1_and_3_recipients(
    client, referral_to, slk_officer, django_assert_max_num_queries, count, name
):
    referral = referral_to(count)
    client.force_login(slk_officer)
    with django_assert_max_num_queries(QUERIES[name]):
        response = client.get(url(name, referral.pk))
    assert response.status_code == 200
    if name == "dashboard":
        assert sum(1 for _r, report in response.context["rows"] if report) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_referrals_list_runs_the_same_number_of_queries_for_1_and_3_referrals(
    client, referral_to, slk_officer, django_assert_max_num_queries, count
):
    for _n in range(count):
        referral_to(1)
    client.force_login(slk_officer)
    with django_assert_max_num_queries(QUERIES["referral_list"]):
        response = client.get(url("referral_list"))
    assert len(response.context["page"].object_list) == count
