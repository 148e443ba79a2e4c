"""The one story the journeys tell, chapter by chapter (issue 9, J1 … J6).

Each chapter finds what the chapters before it made by these titles, through
the pages, as its users would.
"""

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
