"""J8 a: trafiknämnden's secretary keeps the delegation order (issue 11; R46,
R47, R49).

From the start page she opens the delegation orders under Sammanträden,
starts a new version of trafiknämnden's order (it starts from the points in
force), changes the limits of a point, tries to delegate the budget and is
refused with the law cited, and records the decision adopting the version.
Then she records a delegated decision taken under a point of that version,
and the decision links to it. The demo adopted the version in force earlier
this year, so the new one is version 3.
"""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    check_at_390_px,
    check_page,
    log_in,
    log_out,
    open_under_meetings,
)

SECRETARY = "sekreterare.trn"
BODY = "Trafiknämnden"
NEW_LIMITS = "Högst sex månader per tillstånd; nattarbete högst fem nätter."
BUDGET = "Nämndens budget och verksamhetsplan för nästa år"
GOALS = "Verksamhetens mål, inriktning, omfattning eller kvalitet (budget inräknad)"
ADOPTED_AT = "§ 9"
ORDER_NUMBER = "T{year}-00512"
DELEGATE = "Anna Grävare, avdelningschef, trafikavdelningen"
DECISION_NUMBER = "T{year}-00533"
DECISION = "Tillstånd att gräva i Hornsgatan nattetid under tre nätter i december."


def start_new_version(page: Page) -> None:
    page.get_by_role("link", name="Påbörja en ny version").click()
    check_page(page)
    page.get_by_label("Organ").select_option(label=BODY)
    page.get_by_role("button", name="Påbörja den nya versionen").click()
    check_page(page)
    expect(
        page.get_by_text("Ett utkast till ny version har påbörjats.")
    ).to_be_visible()
    points = page.get_by_role("table", name="Punkter i delegationsordningen")
    for number in ("3.1", "4.1", "5.1"):
        expect(points.get_by_role("rowheader", name=number, exact=True)).to_be_visible()


def change_limits_of_point_3_1(page: Page) -> None:
    page.get_by_role("link", name="Ändra punkt 3.1").click()
    check_page(page)
    page.get_by_label("Begränsningar").fill(NEW_LIMITS)
    page.get_by_role("button", name="Spara punkten").click()
    check_page(page)
    expect(page.get_by_text("Punkten har sparats.")).to_be_visible()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="3.1", exact=True)
    )
    expect(row).to_contain_text(NEW_LIMITS)


def try_to_delegate_the_budget(page: Page) -> None:
    page.get_by_role("link", name="Lägg till en punkt").click()
    check_page(page)
    page.get_by_label("Punkt (obligatoriskt)").fill("6.1")
    page.get_by_label("Vad som får beslutas").fill(BUDGET)
    page.get_by_label("Slag av ärende").select_option(label=GOALS)
    page.get_by_label("Roll eller befattning").fill("trafikdirektör")
    page.get_by_role("button", name="Spara punkten").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text("kan inte delegeras")
    expect(page.get_by_role("main")).to_contain_text("(KL 6 kap. 38 §)")
    check_at_390_px(page)
    page.get_by_role("link", name="Avbryt").click()
    check_page(page)
    expect(page.get_by_role("main")).not_to_contain_text(BUDGET)


def adopt(page: Page, year: int) -> None:
    page.get_by_role("link", name="Registrera beslutet att anta den").click()
    check_page(page)
    page.get_by_label("Antagen den").fill(timezone.localdate().isoformat())
    page.get_by_label("Beslutets paragraf").fill(ADOPTED_AT)
    page.get_by_label("Diarienummer (Dnr)").fill(ORDER_NUMBER.format(year=year))
    page.get_by_role("button", name="Anteckna beslutet").click()
    check_page(page)
    expect(page.get_by_text("Delegationsordningen har antagits.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Antagen")
    expect(page.get_by_role("link", name="Lägg till en punkt")).to_have_count(0)


def record_delegated_decision(page: Page, year: int) -> None:
    open_under_meetings(page, "Delegationsbeslut")
    page.get_by_role("link", name="Registrera ett delegationsbeslut").click()
    check_page(page)
    page.get_by_label("Organ").select_option(label=BODY)
    page.get_by_label("Delegat (obligatoriskt)").fill(DELEGATE)
    page.get_by_label("Punkt i delegationsordningen").fill("3.1")
    page.get_by_label("Beslutsdatum").fill(timezone.localdate().isoformat())
    page.get_by_label("Diarienummer (Dnr)").fill(DECISION_NUMBER.format(year=year))
    page.get_by_label("Beslut (obligatoriskt)").fill(DECISION)
    page.get_by_role("button", name="Anteckna beslutet").click()
    check_page(page)
    expect(page.get_by_text("Sparat.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=DECISION_NUMBER.format(year=year))
    expect(row).to_contain_text(DELEGATE)
    row.get_by_role("link", name="3.1").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text(ADOPTED_AT)
    expect(page.get_by_role("main")).to_contain_text(NEW_LIMITS)


def test_j8_a_the_secretary_adopts_a_new_delegation_order_and_records_a_decision_under_it(
    page: Page, demo
):
    year = timezone.localdate().year
    log_in(page, SECRETARY, demo.password)
    open_under_meetings(page, "Delegationsordningar")
    check_at_390_px(page)
    start_new_version(page)
    check_at_390_px(page)
    change_limits_of_point_3_1(page)
    try_to_delegate_the_budget(page)
    adopt(page, year)
    record_delegated_decision(page, year)
    log_out(page)
