"""J8 c: public access to official documents (issue 11; R63, R64, R66, R67).

Someone who does not log in goes from the start page to the notice board,
reads trafiknämnden's published minutes (the closed paragraph on a parking
permit shows only its number, heading and the provision), reads a meeting
paper the authority published, and asks trafikkontoret, anonymously, for the
papers of the 2016 remiss case (by its number) and the letter on snow
clearing on Hornsgatan; the receipt page is the requester's own.
Trafikkontoret's registrar opens the request under Begäranden, releases the
officer report of the named case in full and refuses the letter there that is
marked for protected personal data; finds the snow-clearing letter (marked
confidential for health by the demo) in its case, makes a masked copy of it,
releases it with the passage masked, and answers. The requester, back on the
receipt page (its address kept, as the page asks), reads what was released,
sees what was refused under which provision, and asks for an appealable
decision.
"""

from django.utils import timezone
from playwright.sync_api import Page, expect

from casework.demo_publicity import (
    HEALTH,
    LETTER_CASE,
    PERMIT_CASE,
    SECRET,
    meeting_day,
)
from tests.browser.helpers import check_at_390_px, check_page, log_in, log_out

REGISTRAR = "registrator.tk"
AUTHORITY = "Trafikkontoret"
# Trafiknämnden's officer report for its coming meeting, published by the demo.
PUBLISHED_PAPER = "handlingsplan för studiebesök"
NAMED_CASE = "T2016-01906"
REPORT = "T2016-01906-3"
PROTECTED_LETTER = "T2016-01906-2"
PROTECTED = "OSL 21 kap. 3 §"
ASKED_FOR = (
    "Tjänsteutlåtandet och skrivelserna i remissen om stadens internationella "
    "strategi, och skrivelsen om snöröjning av gångbanorna på Hornsgatan i vintras."
)
ANSWER = (
    "Här är tjänsteutlåtandet och skrivelsen om snöröjning, där uppgifterna om "
    "brevskrivarens hälsa är maskerade. Skrivelsen med synpunkter på remissen "
    "lämnas inte ut."
)


def read_the_published_minutes(page: Page) -> None:
    page.get_by_role("contentinfo").get_by_role("link", name="Anslagstavla").click()
    check_page(page)
    held_on = meeting_day(timezone.localdate()).isoformat()
    notice = page.get_by_role("article").filter(
        has=page.locator(f'time[datetime^="{held_on}"]')
    )
    notice.get_by_role("link", name="Läs protokollet från Trafiknämnden").click()
    check_page(page)
    check_at_390_px(page)
    secret = page.get_by_role("region", name=PERMIT_CASE)
    expect(secret).to_contain_text(f"sekretess enligt {HEALTH}")
    expect(page.get_by_role("main")).not_to_contain_text("diagnos")
    expect(page.get_by_role("main")).to_contain_text("30 km/tim på Ringvägen")


def ask_for_the_letters(page: Page) -> str:
    """Ask from the request page, after reading a published paper; return
    the receipt's address."""
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Begär ut allmän handling"
    ).click()
    check_page(page)
    published = page.get_by_role("region", name="Publicerade handlingar")
    published.get_by_role("link", name=PUBLISHED_PAPER).click()
    check_page(page)
    check_at_390_px(page)
    expect(page.get_by_role("main")).to_contain_text("publicerat innan")
    page.get_by_role("main").get_by_role(
        "link", name="Begär ut allmän handling"
    ).click()
    check_page(page)
    page.get_by_label("Myndighet").select_option(label=AUTHORITY)
    page.get_by_label("Diarienummer").fill(NAMED_CASE)
    page.get_by_label("Vad du vill ha").fill(ASKED_FOR)
    page.get_by_role("button", name="Skicka begäran").click()
    check_page(page)
    check_at_390_px(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Din begäran om allmän handling"
    )
    expect(page.get_by_text("Din begäran har tagits emot.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(ASKED_FOR)
    return page.url


def find_the_letter(page: Page) -> str:
    """From the case list, the letter's page; return its designation."""
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Ärenden"
    ).click()
    check_page(page)
    page.get_by_label("Sök", exact=True).fill("Snöröjning")
    page.get_by_role("button", name="Sök").click()
    check_page(page)
    page.get_by_role("row").filter(has_text=LETTER_CASE).get_by_role(
        "link"
    ).first.click()
    check_page(page)
    letter = page.get_by_role("table").get_by_role("row").nth(1).get_by_role("link")
    designation = letter.first.inner_text()
    letter.first.click()
    check_page(page)
    return designation


def make_a_masked_copy(page: Page) -> None:
    page.get_by_role("link", name="Upprätta en maskerad kopia").click()
    check_page(page)
    text = page.get_by_label("Text med masker")
    text.fill(text.input_value().replace(SECRET, f"[[{SECRET}]]"))
    page.get_by_label("Bestämmelse för masker utan egen").fill(HEALTH)
    page.get_by_role("button", name="Spara").click()
    check_page(page)
    check_at_390_px(page)
    expect(
        page.get_by_text("Den maskerade kopian är upprättad; originalet är oförändrat.")
    ).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(SECRET)


def open_request(page: Page, asked_for: str) -> None:
    """From the menu, the request whose list entry starts with ``asked_for``
    (the list shortens long descriptions)."""
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Begäranden"
    ).click()
    check_page(page)
    check_at_390_px(page)
    row = page.get_by_role("row").filter(has_text=asked_for[:80])
    row.get_by_role("link").click()
    check_page(page)


def assess(
    page: Page, designation: str, outcome: str, provision: str = "", rendition=""
) -> None:
    page.get_by_role("link", name="Pröva en handling").click()
    check_page(page)
    page.get_by_label("Handling (obligatoriskt)").fill(designation)
    page.get_by_label(outcome).check()
    page.get_by_label("Bestämmelse").fill(provision)
    if rendition:
        page.get_by_label("Maskerad kopia").select_option(label=rendition)
    page.get_by_role("button", name="Spara").click()
    check_page(page)
    expect(page.get_by_text("Prövningen har registrerats.")).to_be_visible()


def answer(page: Page, text: str) -> None:
    page.get_by_role("link", name="Besvara begäran").click()
    check_page(page)
    page.get_by_label("Svar till den som begärt").fill(text)
    page.get_by_role("button", name="Spara").click()
    check_page(page)
    expect(
        page.get_by_text("Begäran har besvarats; svarstiden är loggad.")
    ).to_be_visible()


def assess_the_named_case(page: Page) -> None:
    """The request names a case: its documents are listed on the request."""
    open_request(page, ASKED_FOR)
    named = page.get_by_role("region", name="Handlingar i det angivna ärendet")
    expect(named.get_by_role("link", name=REPORT)).to_be_visible()
    expect(named.get_by_role("link", name=PROTECTED_LETTER)).to_be_visible()
    assess(page, REPORT, "lämnas ut i sin helhet")
    assess(page, PROTECTED_LETTER, "avslaget", PROTECTED)


def read_the_answer_and_ask_for_a_decision(page: Page, receipt: str) -> None:
    page.goto(receipt)  # the address the receipt page asked the requester to keep
    check_page(page)
    check_at_390_px(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text(ANSWER)
    report = page.get_by_role("article").filter(has_text=REPORT)
    expect(report).to_contain_text("Lämnas ut i sin helhet")
    refused = page.get_by_role("article").filter(has_text=PROTECTED_LETTER)
    expect(refused).to_contain_text(f"Avslaget ({PROTECTED})")
    masked = page.get_by_role("article").filter(has_text="snöröjning")
    expect(masked).to_contain_text(f"Lämnas ut med maskerade avsnitt ({HEALTH})")
    expect(masked).to_contain_text("ploga gångbanan")
    expect(main).not_to_contain_text(SECRET)
    page.get_by_label("Jag begär ett skriftligt beslut som jag kan överklaga").check()
    page.get_by_role("button", name="Begär ett beslut").click()
    check_page(page)
    expect(page.get_by_text("Din begäran om beslut har tagits emot.")).to_be_visible()


def test_j8_c_the_public_asks_and_the_registrar_releases_masks_and_refuses_R63_R66(
    page: Page, demo
):
    page.goto("/")
    check_page(page)
    read_the_published_minutes(page)
    receipt = ask_for_the_letters(page)

    log_in(page, REGISTRAR, demo.password)
    assess_the_named_case(page)
    designation = find_the_letter(page)
    make_a_masked_copy(page)
    today = timezone.localdate().isoformat()
    rendition = f"{designation}, maskerad {today} ({HEALTH})"
    open_request(page, ASKED_FOR)
    assess(page, designation, "lämnas ut med maskerade avsnitt", HEALTH, rendition)
    answer(page, ANSWER)
    log_out(page)

    read_the_answer_and_ask_for_a_decision(page, receipt)
