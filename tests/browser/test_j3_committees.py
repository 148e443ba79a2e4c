"""J3: the referral at the committees. Trafiknämnden's side in full: its
registrar registers the referral under the committee's own number and assigns
the case officer; she reads the enclosures and drafts the officer report; the
head of department returns it once and then approves it; the committee
secretary plans today's meeting, puts the report on the agenda, calls it,
records the meeting with two motions, a named vote and the decision, and draws
up the minutes; the chair and the checkers approve them; the notice is posted,
the answer goes back and kommunstyrelsen's registrar registers it, linked to
the case. Exploateringsnämnden and stadsbyggnadsnämnden register it too and
answer or decline — by clicks and typing from the start page only (issue 9)."""

import datetime
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in, log_out

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name=name
    ).click()
    check_page(page)


def take_task(page: Page, task: str) -> None:
    """From the menu, take ``task`` of the story's case in "Uppgifter att ta"."""
    menu(page, "Uppgifter att ta")
    row = (
        page.get_by_role("row").filter(has_text=task).filter(has_text=story.CASE_TITLE)
    )
    row.get_by_role("button", name="Ta uppgiften").click()
    check_page(page)


def open_my_task(page: Page, task: str) -> None:
    menu(page, "Mina uppgifter")
    row = (
        page.get_by_role("row").filter(has_text=task).filter(has_text=story.CASE_TITLE)
    )
    row.get_by_role("link", name=task).click()
    check_page(page)


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_j3a_trafiknamndens_registrar_registers_the_referral_and_assigns_the_officer(
    page: Page, demo
):
    log_in(page, "registrator.tk", demo.password)
    take_task(page, "Registrera remissen")
    expect(heading(page)).to_have_text("Registrera remissen")
    expect(page.get_by_role("main")).to_contain_text(story.REFERRAL_QUESTION)
    page.get_by_role("button", name="Registrera remissen").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Remissen har registrerats"
    )
    expect(heading(page)).to_have_text("Utse handläggare")
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"Trafiknämnden T\d{4}-\d+")
    )
    page.get_by_label("Handläggare").select_option(label="Karin Dhakal")
    page.get_by_role("button", name="Utse").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Handläggaren har utsetts")
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"Nästa steg: Skriv tjänsteutlåtandet, .*\(Karin Dhakal\)")
    )


def test_j3b_the_case_officer_reads_the_enclosures_and_drafts_the_report(
    page: Page, demo
):
    log_in(page, "karin.dhakal", demo.password)
    open_my_task(page, "Skriv tjänsteutlåtandet")
    expect(heading(page)).to_have_text("Skriv tjänsteutlåtandet")

    page.get_by_role("link", name=re.compile(story.CASE_TITLE)).first.click()
    check_page(page)
    enclosures = page.get_by_role("region", name="Handlingar som skickas med remissen")
    expect(enclosures).to_contain_text(story.LETTER_TITLE)
    expect(enclosures).to_contain_text(story.ANALYSIS_TITLE)
    enclosures.get_by_role("listitem").filter(
        has_text=story.ANALYSIS_TITLE
    ).get_by_role("link").click()
    check_page(page)
    expect(heading(page)).to_contain_text(story.ANALYSIS_TITLE)
    with page.expect_download() as download:
        page.get_by_role("link", name="sakerhetsanalys.pdf").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    open_my_task(page, "Skriv tjänsteutlåtandet")
    expect(page.get_by_label("Rubrik")).to_have_value(re.compile(story.CASE_TITLE))
    page.get_by_label("Förslag till beslut").fill(story.REPORT_CLAUSE)
    page.get_by_label("Sammanfattning").fill(story.REPORT_SUMMARY)
    page.get_by_label("Kontorets synpunkter").fill(story.REPORT_OPINIONS)
    page.get_by_role("button", name="Skicka för godkännande").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Tjänsteutlåtandet har skickats för godkännande"
    )
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"Nästa steg: Godkänn tjänsteutlåtandet .*\(Jonas Eliasson\)")
    )


def review_the_report(page: Page, *, approve: bool, comment: str = ""):
    take_task(page, "Godkänn tjänsteutlåtandet (förvaltningschef)")
    report = page.get_by_role("region", name=re.compile(story.CASE_TITLE))
    expect(report).to_contain_text(story.REPORT_CLAUSE)
    if approve:
        page.get_by_label("Godkänn", exact=True).check()
    else:
        page.get_by_label("Skicka tillbaka till handläggaren").check()
    if comment:
        page.get_by_label("Kommentar").fill(comment)
    page.get_by_role("button", name="Registrera granskningen").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Din granskning har registrerats"
    )


def test_j3c_the_head_of_department_returns_the_report_once(page: Page, demo):
    log_in(page, "jonas.eliasson", demo.password)
    review_the_report(page, approve=False, comment=story.REPORT_RETURN_COMMENT)
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"Nästa steg: Skriv tjänsteutlåtandet, .*\(Karin Dhakal\)")
    )


def test_j3d_the_case_officer_revises_the_report_and_the_head_approves_it(
    page: Page, demo
):
    log_in(page, "karin.dhakal", demo.password)
    open_my_task(page, "Skriv tjänsteutlåtandet")
    expect(page.get_by_role("main")).to_contain_text(story.REPORT_RETURN_COMMENT)
    expect(page.get_by_label("Kontorets synpunkter")).to_have_value(
        story.REPORT_OPINIONS
    )
    page.get_by_label("Kontorets synpunkter").fill(story.REPORT_REVISED_OPINIONS)
    page.get_by_role("button", name="Skicka för godkännande").click()
    check_page(page)
    log_out(page)

    log_in(page, "jonas.eliasson", demo.password)
    review_the_report(page, approve=True)
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"Nästa steg: För upp tjänsteutlåtandet .*\(Eva Exempel\)")
    )


def test_j3e_the_secretary_plans_todays_meeting_and_puts_the_report_on_its_agenda(
    page: Page, demo
):
    log_in(page, "sekreterare.trn", demo.password)
    menu(page, "Sammanträden")
    page.get_by_role("link", name="Planera ett sammanträde").click()
    check_page(page)
    page.get_by_label("Organ").select_option(label="Trafiknämnden")
    today = datetime.date.today().isoformat()
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Starttid").fill(story.MEETING_TIME)
    page.get_by_label("Plats").fill(story.MEETING_PLACE)
    page.get_by_label("Ordförande").select_option(label=story.TN_CHAIR)
    page.get_by_role("button", name="Planera sammanträdet").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Sammanträdet har planerats"
    )
    expect(heading(page)).to_have_text(f"Trafiknämnden, sammanträde {today}")

    take_task(page, "För upp tjänsteutlåtandet på föredragningslistan")
    expect(
        page.get_by_role("link", name=re.compile("^Tjänsteutlåtande:"))
    ).to_contain_text("(godkänt)")
    page.get_by_label("Sammanträde").select_option(label=f"Trafiknämnden {today}")
    page.get_by_role("button", name="För upp på föredragningslistan").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Tjänsteutlåtandet har förts upp på föredragningslistan"
    )


def open_todays_meeting(page: Page) -> None:
    menu(page, "Sammanträden")
    today = datetime.date.today()
    row = (
        page.get_by_role("row")
        .filter(has_text="Trafiknämnden")
        .filter(has_text=re.compile(rf"^\s*{today.day} "))
    )
    row.get_by_role("link").first.click()
    check_page(page)
    expect(heading(page)).to_have_text(
        f"Trafiknämnden, sammanträde {today.isoformat()}"
    )


def test_j3f_the_secretary_calls_the_meeting_and_records_who_attends(page: Page, demo):
    log_in(page, "sekreterare.trn", demo.password)
    open_todays_meeting(page)
    page.get_by_role("link", name="Skicka kallelse till sammanträdet").click()
    check_page(page)
    page.get_by_role("button", name="Anteckna kallelsen som skickad").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text("Kallelse skickad")
    page.get_by_role("link", name="Lägg till deltagare").click()
    check_page(page)
    for member in story.TN_MEMBERS:
        page.get_by_label(member, exact=True).check()
    page.get_by_label("Närvarande", exact=True).check()
    page.get_by_role("button", name="Lägg till").click()
    check_page(page)
    participants = page.get_by_role(
        "table", name=re.compile("^Ledamöter och ersättare")
    )
    for member in story.TN_MEMBERS:
        expect(participants).to_contain_text(member)
    for member in story.TN_MEMBERS:
        expect(participants.get_by_role("row").filter(has_text=member)).to_contain_text(
            re.compile(r"ja\s+ja")
        )


def test_j3g_the_secretary_opens_the_meeting_and_records_the_decision(page: Page, demo):
    log_in(page, "sekreterare.trn", demo.password)
    open_todays_meeting(page)
    page.get_by_role("link", name="Öppna sammanträdet").click()
    check_page(page)
    for checker in story.TN_CHECKERS:
        page.get_by_label(checker, exact=True).check()
    # The time set for approval is now, so the minutes can be approved today.
    now = datetime.datetime.now(STOCKHOLM).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Tid för justering av protokollet").fill(now)
    page.get_by_role("button", name="Öppna sammanträdet").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Sammanträdet är öppnat")
    page.get_by_role("link", name=re.compile(story.CASE_TITLE)).first.click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text(story.REPORT_CLAUSE)
    page.get_by_role("link", name="Öppna punkten").click()
    check_page(page)
    page.get_by_role("button", name="Öppna punkten").click()
    check_page(page)
    expect(heading(page)).to_have_text(re.compile(r"^§ 1 "))
    for mover, text in story.TN_MOTIONS:
        page.get_by_role("link", name="Anteckna ett yrkande").click()
        check_page(page)
        page.get_by_label("Yrkande av").select_option(label=mover)
        page.get_by_role("textbox", name=re.compile("^Yrkande")).fill(text)
        page.get_by_role("button", name="Anteckna yrkandet").click()
        check_page(page)
        expect(page.get_by_role("main")).to_contain_text(text)

    page.get_by_role("link", name="Votering med namnupprop").click()
    check_page(page)
    page.get_by_label("Proposition").fill(story.TN_VOTE_QUESTION)
    page.get_by_label("Ja innebär").fill("Bifall till kontorets förslag")
    page.get_by_label("Nej innebär").fill("Bifall till Fredrik Demobergs yrkande")
    for member in story.TN_MEMBERS:
        vote = "Nej" if member in story.TN_VOTES_NO else "Ja"
        page.get_by_label(re.compile(f"^{member} ")).select_option(label=vote)
    page.get_by_role("button", name="Anteckna voteringen").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text("5 ja, 2 nej, 0 avstår")
    page.get_by_role("link", name="Anteckna beslutet").click()
    check_page(page)
    page.get_by_label("Beslut").fill(story.TN_DECISION)
    page.get_by_role("button", name="Anteckna beslutet").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text(story.TN_DECISION)
    expect(page.get_by_role("status").first).to_contain_text("Beslutet har antecknats")

    page.get_by_role("navigation", name="Brödsmulor").get_by_role(
        "link", name=re.compile("^Trafiknämnden ")
    ).click()
    check_page(page)
    page.get_by_role("link", name="Avsluta sammanträdet").click()
    check_page(page)
    page.get_by_role("button", name="Avsluta sammanträdet").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Sammanträdet är avslutat")
    page.get_by_role("link", name="Upprätta protokollet").click()
    check_page(page)
    page.get_by_role("button", name="Upprätta protokollet").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text("Protokoll upprättat")
    for signatory in (story.TN_CHAIR, *story.TN_CHECKERS):
        expect(page.get_by_role("main")).to_contain_text(
            re.compile(rf"{signatory}, (ordförande|justerare): inte justerat ännu")
        )


def test_j3h_the_chair_and_the_checkers_approve_the_minutes(page: Page, demo):
    for username in story.TN_SIGNATORIES:
        log_in(page, username, demo.password)
        open_todays_meeting(page)
        page.get_by_role("link", name="Justera protokollet").click()
        check_page(page)
        minutes = page.get_by_role("main")
        expect(minutes).to_contain_text(story.TN_DECISION)
        expect(minutes).to_contain_text("Ja 5, Nej 2, Avstår 0")
        page.get_by_role(
            "button", name="Jag justerar protokollet med ovanstående lydelse"
        ).click()
        check_page(page)
        log_out(page)
    log_in(page, "sekreterare.trn", demo.password)
    open_todays_meeting(page)
    expect(page.get_by_role("main")).to_contain_text("Protokoll justerat")


def test_j3i_the_notice_is_posted_and_the_answer_goes_back(page: Page, demo):
    log_in(page, "sekreterare.trn", demo.password)
    open_todays_meeting(page)
    page.get_by_role("link", name="Sätt upp anslaget").click()
    check_page(page)
    page.get_by_label("Förvaringsplats för protokollet").fill(story.MINUTES_KEPT_AT)
    page.get_by_role("button", name="Sätt upp anslaget").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Anslaget har satts upp")
    expect(page.get_by_role("main")).to_contain_text(story.MINUTES_KEPT_AT)
    log_out(page)

    log_in(page, "karin.dhakal", demo.password)
    open_my_task(page, "Skicka svaret")
    expect(page.get_by_label("Nämndens beslut")).to_have_value(story.TN_DECISION)
    page.get_by_label("Tillstyrker").check()
    page.get_by_role("button", name="Skicka svaret").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Svaret har skickats")
    log_out(page)

    # The answer is registered as incoming in kommunstyrelsen's case.
    log_in(page, "registrator", demo.password)
    page.get_by_role("row").filter(has_text=story.CASE_TITLE).get_by_role(
        "link"
    ).first.click()
    check_page(page)
    documents = page.get_by_role("table", name=re.compile("^Handlingar i ärende"))
    answers = documents.get_by_role("row").filter(has_text="Svar från Trafiknämnden")
    expect(answers).to_have_count(2)
    expect(answers.filter(has_text="Protokollsutdrag § 1")).to_contain_text("Inkommen")
    expect(answers.filter(has_text="Tjänsteutlåtande")).to_contain_text("Inkommen")


def register_the_referral(page: Page, *, committee: str, officer: str) -> None:
    take_task(page, "Registrera remissen")
    expect(page.get_by_role("main")).to_contain_text(committee)
    page.get_by_role("button", name="Registrera remissen").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Remissen har registrerats"
    )
    expect(heading(page)).to_have_text("Utse handläggare")
    page.get_by_label("Handläggare").select_option(label=officer)
    page.get_by_role("button", name="Utse").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Handläggaren har utsetts")


def decline_to_answer(page: Page, reason: str) -> None:
    open_my_task(page, "Skriv tjänsteutlåtandet")
    page.get_by_label("Varför nämnden inte svarar").fill(reason)
    page.get_by_role("button", name="Avstå från att svara").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Det remitterande kontoret har fått besked om att inget svar kommer"
    )


def test_j3j_exploateringsnamnden_registers_the_referral_and_declines_to_answer(
    page: Page, demo
):
    log_in(page, "registrator.expk", demo.password)
    register_the_referral(
        page, committee="Exploateringsnämnden", officer="Anders Hallberg"
    )
    log_out(page)
    log_in(page, "anders.hallberg", demo.password)
    decline_to_answer(page, story.EXPN_DECLINES)


def test_j3k_stadsbyggnadsnamnden_registers_the_referral_and_declines_to_answer(
    page: Page, demo
):
    log_in(page, "registrator.sbk", demo.password)
    register_the_referral(
        page, committee="Stadsbyggnadsnämnden", officer="Sixten Exempel"
    )
    log_out(page)
    log_in(page, "handlaggare.sbk", demo.password)
    decline_to_answer(page, story.SBN_DECLINES)
    log_out(page)

    # Every committee has answered or declined: the answers can be compiled.
    log_in(page, "handlaggare.slk", demo.password)
    menu(page, "Mina uppgifter")
    expect(
        page.get_by_role("row")
        .filter(has_text="Sammanställ svaren")
        .filter(has_text=story.CASE_TITLE)
    ).to_have_count(1)
