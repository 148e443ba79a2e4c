"""J8 b: an urgent decision by the chair goes on the next agenda (R48), and
the council's motions keep their twelve-month clock (R41) (issue 11).

Exploateringsnämnden's secretary records the chair's urgent decision from
the start page; it is put on the agenda of the body's next meeting (planned
by the demo at least a week ahead) as "Anmälan av ordförandebeslut".
Kommunstyrelsen's secretary opens the motions, sees the demo's motion lodged
320 days ago flagged with under two months left, and reports the state of its
preparation, which the list then shows.
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

EXPN_SECRETARY = "sekreterare.expn"
EXPN = "Exploateringsnämnden"
CHAIR = "Mona Provsson"
CHAIR_NUMBER = "E{year}-00402"
CHAIR_DECISION = (
    "Exploateringsnämnden medger att marken vid Årstafältet upplåts för "
    "julmarknaden från och med den 10 december."
)
URGENCY = "Arrangören behövde beskedet innan nämnden sammanträder."

KS_SECRETARY = "sekreterare.ks"
MOTION = "Motion om fler pendlarparkeringar vid tunnelbanan"
PREPARATION = (
    "Motionen har remitterats till trafiknämnden och exploateringsnämnden; "
    "svaren väntas i januari och ärendet förs till kommunfullmäktige i februari."
)


def test_j8_b_an_urgent_decision_of_the_chair_is_reported_at_the_next_meeting_R48(
    page: Page, demo
):
    number = CHAIR_NUMBER.format(year=timezone.localdate().year)
    log_in(page, EXPN_SECRETARY, demo.password)
    open_under_meetings(page, "Ordförandebeslut")
    check_at_390_px(page)
    page.get_by_role("link", name="Registrera ett ordförandebeslut").click()
    check_page(page)
    page.get_by_label("Organ").select_option(label=EXPN)
    page.get_by_label("Beslutat av").select_option(label=CHAIR)
    expect(page.get_by_label("Beslutsdatum")).to_have_value(
        timezone.localdate().isoformat()
    )
    page.get_by_label("Diarienummer (Dnr)").fill(number)
    page.get_by_label("Beslut (obligatoriskt)").fill(CHAIR_DECISION)
    page.get_by_label("Varför beslutet inte kunde vänta").fill(URGENCY)
    page.get_by_role("button", name="Anteckna beslutet").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text(
        "Sparat och uppsatt på föredragningslistan till sammanträdet"
    )
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text(CHAIR)
    row.get_by_role("link", name="sammanträdet").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(EXPN)
    expect(page.get_by_role("main")).to_contain_text(
        f"Anmälan av ordförandebeslut: {number}, {CHAIR_DECISION}"
    )
    log_out(page)


def test_j8_b_the_secretary_sees_the_motion_clock_and_reports_the_preparation_R41(
    page: Page, demo
):
    log_in(page, KS_SECRETARY, demo.password)
    open_under_meetings(page, "Motioner och medborgarförslag")
    check_at_390_px(page)
    row = page.get_by_role("row").filter(has_text=MOTION)
    expect(row.get_by_role("cell").first).to_have_text("Motion")
    expect(row).to_contain_text("dagar kvar")
    expect(row).to_contain_text("(mindre än två månader)")
    row.get_by_role("link").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(MOTION)
    expect(page.get_by_role("main")).to_contain_text("Tolvmånadersgräns")
    page.get_by_role("link", name="Redovisa beredningsläget").click()
    check_page(page)
    expect(page.get_by_label("Redovisat den")).to_have_value(
        timezone.localdate().isoformat()
    )
    page.get_by_label("Beredningsläget").fill(PREPARATION)
    page.get_by_role("button", name="Spara redovisningen").click()
    check_page(page)
    expect(page.get_by_text("Sparat.")).to_be_visible()
    open_under_meetings(page, "Motioner och medborgarförslag")
    row = page.get_by_role("row").filter(has_text=MOTION)
    expect(row).to_contain_text(timezone.localdate().isoformat())
    log_out(page)
