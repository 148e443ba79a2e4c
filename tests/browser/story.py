"""The one story the journeys tell, chapter by chapter (issue 9, J1 … J6).

Each chapter finds what the chapters before it made by these titles, through
the pages, as its users would.
"""

import datetime

CASE_TITLE = "Cykelparkering vid Slussen"
CLASSIFICATION = "106"
LETTER_TITLE = "Skrivelse om cykelparkering vid Slussen"
LETTER_SENDER = "Cykelfrämjandet Stockholm"
ANALYSIS_TITLE = "Säkerhetsanalys av cykelgaraget vid Slussen"
ANALYSIS_SENDER = "Trafikverket"
ANALYSIS_PROVISION = "OSL 18 kap. 8 §"
CASE_OFFICER = "Sara Exempel"


def small_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text``, made here rather than shipped."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return body + b"startxref\n%d\n%%%%EOF\n" % xref


# J2, J3: the remiss round trip to three committees.
REFERRAL_QUESTION = (
    "Kommunstyrelsen önskar nämndens synpunkter på cykelparkeringen vid Slussen."
)
REFERRAL_WEEKS = 4
COMMITTEES = ("Trafiknämnden", "Exploateringsnämnden", "Stadsbyggnadsnämnden")
REPORT_CLAUSE = "Nämnden överlämnar kontorets tjänsteutlåtande som svar på remissen."
REPORT_SUMMARY = "Kontoret tillstyrker fler cykelplatser vid Slussen."
REPORT_OPINIONS = "Cykelgaraget behöver 500 nya platser nära tunnelbanans entréer."
REPORT_RETURN_COMMENT = "Ange hur många platser som finns i dag."
REPORT_REVISED_OPINIONS = (
    "I dag finns 800 platser; cykelgaraget behöver 500 nya nära tunnelbanans entréer."
)
MEETING_TIME = "08:00"
MEETING_PLACE = "Fleminggatan 4, sammanträdesrummet"
TN_CHAIR = "Moa Demoberg"
TN_MEMBERS = (
    "Moa Demoberg",
    "Alva Demoberg",
    "Bengt Provsson",
    "Cecilia Provsson",
    "Elin Demoberg",
    "Gun Fiktivsson",
    "Fredrik Demoberg",
)
TN_CHECKERS = ("Alva Demoberg", "Bengt Provsson")
TN_MOTIONS = (
    ("Moa Demoberg (MP), ordförande", "Bifall till kontorets förslag."),
    (
        "Fredrik Demoberg (M), ledamot",
        "Nämnden tillstyrker remissen men vill att platserna byggs under mark.",
    ),
)
TN_VOTE_QUESTION = "Bifall till kontorets förslag eller till Fredrik Demobergs yrkande"
TN_VOTES_NO = ("Alva Demoberg", "Fredrik Demoberg")
TN_DECISION = "Nämnden beslutar i enlighet med kontorets förslag."
TN_SIGNATORIES = ("moa.demoberg", "alva.demoberg", "bengt.provsson")
MINUTES_KEPT_AT = "Trafikkontoret, Fleminggatan 4, Stockholm"
EXPN_DECLINES = "Exploateringsnämnden har inga markfrågor i ärendet att yttra sig om."
SBN_DECLINES = "Stadsbyggnadsnämnden har nyligen yttrat sig om Slussens detaljplan."

# The board's side (J5, J4): a remiss of the current year whose answers are all
# back in the demo (casework/demo_board.py).
BOARD_CASE_TITLE = "Riktlinjer för cykelparkering i innerstaden"
BOARD_RECIPIENTS = {
    "Trafiknämnden": "Besvarad",
    "Exploateringsnämnden": "Besvarad",
    "Stadsbyggnadsnämnden": "Avstått från att svara",
}
MEMORANDUM_CLAUSES = [
    "Kommunstyrelsen antar riktlinjerna för cykelparkering i innerstaden.",
    "Kommunstyrelsen uppdrar åt trafiknämnden att genomföra riktlinjerna.",
]
RAPPORTEUR = "Hanna Exempelsson"
BOARD_DECISION = (
    "Kommunstyrelsen antar riktlinjerna för cykelparkering i innerstaden och "
    "uppdrar åt trafiknämnden att genomföra dem."
)
# Members of kommunstyrelsen who vote no in the named vote (with M's motion).
VOTING_NO = ["Magnus", "Oskar", "Petra", "Siv", "Ture"]
# The least time the party secretaries have, after the meeting opens, to hand
# in the texts of their reservations and statements before the time for
# approval of the minutes (set to the next full minute after it).
TIME_TO_HAND_IN = datetime.timedelta(seconds=180)
