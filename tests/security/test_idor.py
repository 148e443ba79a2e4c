"""IDOR: staff of exploateringskontoret request every object of trafikkontoret
(and of trafiknämnden, which it serves) by id, and swap its ids into the forms
of their own cases (issue 5, QUALITY_BARS.md "IDOR").

Anders Hallberg (case officer), Håkan Falk (head of department) and Mona
Provsson (exploateringsnämnden's chair, who sits in no body trafikkontoret
serves) may see none of these objects: every request answers 404 — 403 on the auditor's pages,
which refuse non-auditors before looking anything up, and 405 where the method
is refused before the lookup — and no response carries the object's title,
number or text. Every POST leaves every table and history table as it was.

Every demo user, the departments' registrars included, also asks for every
page of a document in every state (the URL matrix's DOCUMENT_STATES) that it
may not read, and calls the document services on it (issue 10 point 1).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.directory.models import Organisation, User
from casework.meetings.models import AgendaItem, Meeting, Minutes, Statement
from casework.referrals.models import OfficerReport, ReferralRecipient
from casework.registry import services as registry
from casework.registry.models import (
    Attachment,
    Case,
    ConfidentialityMarking,
    Document,
    DocumentVersion,
)
from permissions import rules
from tests.security.conftest import CLASS_OF, DEMO_USERS, STAFF, db_state, report
from tests.security.test_url_matrix import DOCUMENT_STATES
from workflows.models import MeetingProcess

pytestmark = pytest.mark.django_db

ATTACKERS = ("anders.hallberg", "hakan.falk", "mona.provsson")
SAFE_ONLY = {  # require_safe: POST answers 405 before any lookup
    "registry:case_detail",
    "registry:document_detail",
    "registry:document_version",
    "registry:attachment_download",
    "meetings:meeting_detail",
    "meetings:minutes_detail",
    "meetings:notice_detail",
    "meetings:item_detail",
    "meetings:extract_detail",
    "meetings:statement_detail",
    "referrals:report_detail",
    "referrals:report_print",
    "audit:timeline",
    "audit:record_history",
    "audit:history_export",
}
POST_ONLY = {"tasks:take", "tasks:release", "tasks:extension", "tasks:decline"}
AUDITOR_ONLY = {"audit:timeline", "audit:record_history", "audit:history_export"}


def refusals(name: str, method: str, *, public: bool = False) -> set[int]:
    """The statuses that refuse without telling anything about the object; 403
    also where the object itself is public and only the action is refused."""
    if (method == "POST" and name in SAFE_ONLY) or (
        method == "GET" and name in POST_ONLY
    ):
        return {405}
    if name in AUDITOR_ONLY:
        return {403}
    return {403, 404} if public else {404}


def swapped_body(w) -> dict:
    """A POST that every write form of the application would accept, with the
    attacker's own organisation where an organisation is asked for: if a view
    let it through, it would write."""
    today = timezone.localdate()
    later = today + datetime.timedelta(days=30)
    expn = Organisation.objects.get(code="expn")
    anders = w.users["anders.hallberg"]
    return {
        "title": "IDOR-FORSOK",
        "body": "IDOR-FORSOK",
        "reason": "IDOR-FORSOK",
        "public_description": "IDOR-FORSOK",
        "direction": Document.Direction.INCOMING,
        "kind": Document.Kind.OTHER,
        "dated": today.isoformat(),
        "counterpart": "IDOR-FORSOK",
        "officer": anders.pk,
        "because": Document.OfficialBecause.DECIDED,
        "provision": "OSL 21 kap. 3 §",
        "marked_on": today.isoformat(),
        "authority": expn.pk,
        "note": "IDOR-FORSOK",
        "question": "IDOR-FORSOK",
        "response_deadline": later.isoformat(),
        "recipients": [expn.pk],
        "clauses": "IDOR-FORSOK",
        "summary": "IDOR-FORSOK",
        "text": "IDOR-FORSOK",
        "decision_text": "IDOR-FORSOK",
        "approve": "True",
        "grant": "True",
        "stance": ReferralRecipient.Stance.ENDORSE,
        "requested_until": later.isoformat(),
        "reason_given": "IDOR-FORSOK",
        "extension-requested_until": later.isoformat(),
        "extension-reason_given": "IDOR-FORSOK",
        "decline-reason_given": "IDOR-FORSOK",
        "posted_on": today.isoformat(),
        "minutes_kept_at": "IDOR-FORSOK",
        "held_on": later.isoformat(),
    }


# --- trafikkontoret's objects -----------------------------------------------------


def _markers(*values) -> list[str]:
    return [str(v) for v in values if v and len(str(v)) >= 6]


def targets(w) -> list[tuple[str, str, list[str], bool]]:
    """(url name, url, markers of the object's data, whether the object is
    public) for every object of trafikkontoret and trafiknämnden, and every
    page of it."""
    tk = Organisation.objects.get(code="tk")
    trn = Organisation.objects.get(code="trn")
    found = []

    def add(name, args, markers, query="", public=False):
        found.append((name, reverse(name, args=args) + query, markers, public))

    cases = Case.objects.filter(organisation__in=[tk, trn])
    for case in cases:
        marks = _markers(case.registration_number, case.title)
        for name in (
            "registry:case_detail",
            "registry:case_assign",
            "registry:case_close",
            "registry:document_create",
            "tasks:prepare_referral",
            "audit:timeline",
        ):
            add(name, [case.pk], marks)
        add("audit:record_history", ["case", case.pk], marks)
    documents = Document.objects.filter(case__in=cases).select_related("case")
    for document in documents:
        versions = list(DocumentVersion.objects.filter(document=document))
        marks = _markers(
            document.case.registration_number,
            document.public_description,
            document.protected_description,
            *(v.title for v in versions),
            *(v.body[:60] for v in versions),
        )
        for name in (
            "registry:document_detail",
            "registry:document_revise",
            "registry:document_make_official",
            "registry:attachment_add",
            "registry:document_mark_confidential",
        ):
            add(name, [document.pk], marks)
        for version in versions:
            add("registry:document_version", [document.pk, version.number], marks)
        add("audit:record_history", ["document", document.pk], marks)
    for attachment in Attachment.objects.filter(version__document__in=documents):
        add(
            "registry:attachment_download",
            [attachment.pk],
            _markers(attachment.original_name),
        )
    for marking in ConfidentialityMarking.objects.filter(document__in=documents):
        add(
            "registry:marking_lift",
            [marking.pk],
            _markers(marking.note, marking.document.public_description),
        )
    for r in OfficerReport.objects.filter(case__in=cases):
        marks = _markers(r.title, r.summary, r.opinions)
        add("referrals:report_detail", [r.pk], marks)
        add("referrals:report_print", [r.pk], marks)
    meetings = Meeting.objects.filter(organisation=trn)
    for meeting in meetings:
        marks = _markers(meeting.place)
        for name in (
            "meetings:meeting_detail",
            "meetings:meeting_send_notice",
            "meetings:participant_add",
            "meetings:meeting_open",
            "meetings:attendance_change",
            "meetings:item_create",
            "meetings:meeting_close",
            "meetings:minutes_detail",
            "meetings:minutes_create",
            "meetings:minutes_approve",
            "meetings:minutes_paper_signature",
            "meetings:notice_detail",
            "meetings:notice_create",
        ):
            add(name, [meeting.pk], marks)
    for minutes in Minutes.objects.filter(meeting__in=meetings):
        add("audit:record_history", ["minutes", minutes.pk], [])
    for item in AgendaItem.objects.filter(meeting__in=meetings):
        marks = _markers(item.title, item.decision_text)
        for name in (
            "meetings:item_detail",
            "meetings:item_open",
            "meetings:item_declaration",
            "meetings:motion_create",
            "meetings:vote_create",
            "meetings:item_decide",
            "meetings:item_postpone",
            "meetings:extract_detail",
            "meetings:extract_file",
            "meetings:statement_announce",
        ):
            add(name, [item.pk], marks)
        add("audit:record_history", ["decision", item.pk], marks)
    for statement in Statement.objects.filter(item__meeting__in=meetings):
        # After approval a statement is part of the public minutes (rules.md
        # (d)): reading it is no leak, and changing it may answer 403; before,
        # its text must not show and every page answers 404.
        public = statement.state == Statement.State.IN_MINUTES
        marks = [] if public else _markers(statement.text[:60], statement.introduction)
        names = [
            "meetings:statement_write",
            "meetings:statement_cosign",
            "meetings:statement_submit",
        ]
        if not public:
            names.append("meetings:statement_detail")
        for name in names:
            add(name, [statement.pk], marks, public=public)
        add("audit:record_history", ["statement", statement.pk], marks)
    # the referral and response tasks of trafiknämnden's answer
    recipients = ReferralRecipient.objects.filter(organisation=trn)
    for recipient in recipients:
        process = getattr(recipient, "process", None)
        if process is None:
            continue
        for task in Task.objects.filter(
            process=process, owner_permission__in=rules.TASK_ROLES
        ):
            for name in (
                "tasks:task",
                "tasks:take",
                "tasks:release",
                "tasks:extension",
                "tasks:decline",
            ):
                add(name, [task.pk], _markers(recipient.committee_case))
    # trafikkontoret's history, filtered and exported
    for fmt in ("csv", "json"):
        for record in ("case", "document", "statement", "decision", "minutes"):
            add(
                "audit:history_export",
                [fmt],
                [],
                query=f"?record={record}&organisation={tk.pk}",
            )
    return found


DESK = ("tasks:task", "tasks:take", "tasks:release")


def flow_targets(*, tasks_only: bool) -> list[tuple[str, str, list[str], bool]]:
    """The task desk's URLs of every task of trafiknämnden's meeting flows: of
    the human tasks, or of the other nodes (timers, waits), which are no tasks
    of the desk at all."""
    found = []
    for process in MeetingProcess.objects.filter(meeting__organisation__code="trn"):
        for task in Task.objects.filter(process=process):
            human = task.owner_permission in rules.TASK_ROLES
            if human != tasks_only:
                continue
            for name in DESK:
                found.append((name, reverse(name, args=[task.pk]), [], False))
    return found


# --- the attempts -----------------------------------------------------------------


def attempt(client, method, url, data=None) -> tuple[int, str, bool]:
    """One request in a savepoint rolled back afterwards: its status, its body,
    and whether any table changed."""
    with transaction.atomic():
        before = db_state()
        get = method == "GET"
        response = client.get(url) if get else client.post(url, data or {})
        changed = db_state() != before
        transaction.set_rollback(True)
    body = b"".join(response) if response.streaming else response.content
    return response.status_code, body.decode(errors="replace"), changed


def sweep(world, clients, found) -> tuple[int, list[str]]:
    body = swapped_body(world)
    attempts, leaks = 0, []
    for username in ATTACKERS:
        client = clients[username]
        for name, url, markers, public in found:
            for method in ("GET", "POST"):
                attempts += 1
                status, text, changed = attempt(client, method, url, body)
                problems = []
                if status not in refusals(name, method, public=public):
                    problems.append(f"status {status}")
                problems += [f"shows {m!r}" for m in markers if m in text]
                if changed:
                    problems.append("the database changed")
                if problems:
                    leaks.append(f"{method} {url} ({name}) as {username}: {problems}")
    return attempts, leaks


@pytest.fixture
def clients(world):
    from tests.security.conftest import clients_for

    return clients_for(world)


def test_every_object_of_trafikkontoret_answers_404_to_exploateringskontoret(
    world, clients
):
    found = targets(world) + flow_targets(tasks_only=True)
    attempts, leaks = sweep(world, clients, found)
    report(
        f"IDOR by id: {len(found)} URLs of trafikkontoret's and trafiknämndens "
        f"objects, {attempts} attempts (GET and POST, {len(ATTACKERS)} users), "
        f"{len(leaks)} leaks"
    )
    for leak in leaks:
        print(f"  LEAK {leak}")
    assert len(found) > 300
    assert not leaks


def test_the_other_meeting_flow_nodes_answer_404_to_exploateringskontoret(
    world, clients
):
    found = flow_targets(tasks_only=False)
    attempts, leaks = sweep(world, clients, found)
    report(f"IDOR, the flow's other nodes: {attempts} attempts, {len(leaks)} leaks")
    for leak in leaks[:20]:
        print(f"  LEAK {leak}")
    assert found and not leaks


def test_pages_they_may_see_show_nothing_of_trafikkontorets_drafts(world, clients):
    """The lists, the referral they also answer and its answer dashboard: none
    of trafikkontoret's draft report, draft document or protected text."""
    secret = [
        "TK-UTKAST-7732",
        "TK-UTKAST-TEXT-7734",
        "TK-SKYDD-7733",
        "TK-SKYDD-7737",
        "TK-SKRIVELSE-TEXT-7739",
        "TK-REMISSVAR-9902",
        "TK-SAMMANFATTNING-9904",
        "TK-SYNPUNKTER-9907",
        "TK-ÄRENDE-7731",
        world.t_case.registration_number,
        world.t_referral_case.registration_number,
    ]
    pages = [
        reverse("registry:case_list"),
        reverse("registry:case_list") + "?q=TK",
        reverse("registry:case_list") + "?q=T20",
        reverse("meetings:meeting_list"),
        reverse("meetings:statement_workspace"),
        reverse("referrals:referral_list"),
        reverse("tasks:mine"),
        reverse("tasks:claimable"),
    ]
    # the referral is answered by exploateringskontoret's staff, not read by
    # the committee's members before it is on their agenda
    staff_pages = [
        reverse("referrals:referral_detail", args=[world.referral.pk]),
        reverse("referrals:dashboard", args=[world.referral.pk]),
    ]
    attempts, leaks = 0, []
    for username in ATTACKERS:
        staff = CLASS_OF[username][0] == STAFF
        for url in pages + (staff_pages if staff else []):
            attempts += 1
            status, text, _changed = attempt(clients[username], "GET", url)
            assert status == 200, (url, username, status)
            leaks += [f"{url} as {username} shows {m!r}" for m in secret if m in text]
    report(f"IDOR, pages they may see: {attempts} attempts, {len(leaks)} leaks")
    assert not leaks


# --- ids swapped into their own forms ----------------------------------------------


def swaps(w) -> list[tuple[str, str, str, object, object, dict, str]]:
    """(user, a form of theirs, field, trafikkontoret's id, an id of their own,
    the rest of the body, what is swapped in): each form is one they may use,
    and accepts the body with their own id."""
    tk = Organisation.objects.get(code="tk")
    trn = Organisation.objects.get(code="trn")
    expn = Organisation.objects.get(code="expn")
    karin, anders = w.users["karin.dhakal"], w.users["anders.hallberg"]
    today = timezone.localdate().isoformat()
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    e_case = w.e_demo_case
    e_document = e_case.documents.filter(state=Document.State.OFFICIAL).first()
    assign = reverse("registry:case_assign", args=[e_case.pk])
    mark = reverse("registry:document_mark_confidential", args=[w.e_draft.pk])
    prepare = reverse("tasks:prepare_referral", args=[e_case.pk])
    task = reverse("tasks:task", args=[w.e_assign_task.pk])
    marking = {"provision": "OSL 21 kap. 3 §", "marked_on": today, "note": "byte"}
    referral = {
        "question": "Remiss med trafikkontorets handlingar",
        "response_deadline": later,
        "recipients": [expn.pk],
    }
    return [
        (
            "hakan.falk",
            assign,
            "officer",
            karin.pk,
            anders.pk,
            {"reason": "byte"},
            "trafikkontorets handläggare",
        ),
        (
            "hakan.falk",
            mark,
            "authority",
            trn.pk,
            expn.pk,
            marking,
            "trafiknämnden som myndighet",
        ),
        (
            "hakan.falk",
            mark,
            "authority",
            tk.pk,
            expn.pk,
            marking,
            "trafikkontoret som myndighet",
        ),
        (
            "anders.hallberg",
            prepare,
            "documents",
            [w.t_conf.pk],
            [e_document.pk],
            referral,
            "trafikkontorets sekretessmarkerade skrivelse",
        ),
        (
            "anders.hallberg",
            prepare,
            "documents",
            [w.t_draft.pk],
            [e_document.pk],
            referral,
            "trafikkontorets utkast",
        ),
        (
            "anders.hallberg",
            prepare,
            "recipients",
            [tk.pk],
            [expn.pk],
            referral,
            "trafikkontoret (en förvaltning) som remissinstans",
        ),
        (
            "hakan.falk",
            task,
            "officer",
            karin.pk,
            anders.pk,
            {},
            "trafikkontorets handläggare",
        ),
        (
            "hakan.falk",
            task,
            "officer",
            w.staff.tk_registrar.pk,
            anders.pk,
            {},
            "trafikkontorets registrator",
        ),
    ]


def test_ids_of_trafikkontoret_swapped_into_their_forms_are_refused(world, clients):
    attempts, leaks = 0, []
    for username, url, field, theirs, own, rest, what in swaps(world):
        client = clients[username]
        # the control: with their own id the same form is accepted and writes
        status, _text, changed = attempt(client, "POST", url, {**rest, field: own})
        assert (status, changed) == (302, True), (url, field, status)
        attempts += 1
        status, text, changed = attempt(client, "POST", url, {**rest, field: theirs})
        problems = []
        if status != 200:  # refused on the form, with the reason shown
            problems.append(f"status {status}")
        if changed:
            problems.append("the database changed")
        if problems:
            leaks.append(f"{url} {field} = {what} as {username}: {problems}")
    report(f"IDOR, swapped ids: {attempts} attempts, {len(leaks)} leaks")
    for leak in leaks:
        print(f"  LEAK {leak}")
    assert not leaks


# --- every document state, every demo user -------------------------------------


def _document_of(w, attribute: str) -> Document:
    obj = w
    for part in attribute.split("."):
        obj = getattr(obj, part)
    return Document.objects.get(pk=obj.pk)


def document_urls(document) -> list[tuple[str, str]]:
    """(url name, url) of every page that shows, versions, downloads, revises
    or changes the state of ``document``."""
    found = [
        (
            "audit:record_history",
            reverse("audit:record_history", args=["document", document.pk]),
        )
    ]
    for name in (
        "registry:document_detail",
        "registry:document_revise",
        "registry:document_make_official",
        "registry:attachment_add",
        "registry:document_mark_confidential",
    ):
        found.append((name, reverse(name, args=[document.pk])))
    for version in document.versions.all():
        found.append(
            (
                "registry:document_version",
                reverse(
                    "registry:document_version", args=[document.pk, version.number]
                ),
            )
        )
        for attachment in version.attachments.all():
            found.append(
                (
                    "registry:attachment_download",
                    reverse("registry:attachment_download", args=[attachment.pk]),
                )
            )
    return found


def _document_markers(document) -> list[str]:
    versions = list(document.versions.all())
    return _markers(
        document.protected_description,
        *(v.title for v in versions),
        *(v.body[:60] for v in versions),
    )


def _refused(name: str, method: str, username: str) -> set[int]:
    """A user who may not read the document: 404, 405 for a method refused
    before the lookup, 403 on the auditor's pages for anyone but an auditor."""
    expected = refusals(name, method)
    if name in AUDITOR_ONLY and CLASS_OF[username][1] == "auditor":
        return expected - {403} | {404}
    return expected


def test_every_document_state_answers_404_to_every_demo_user_who_may_not_read_it(
    world, clients
):
    """Issue 10 point 1: each demo user, the departments' registrars included,
    asks for every page of a document in every state it may not read (the
    readers are declared in the URL matrix's DOCUMENT_STATES)."""
    body = swapped_body(world)
    attempts, leaks = 0, []
    for variant, state in DOCUMENT_STATES.items():
        document = _document_of(world, state.document)
        markers = _document_markers(document)
        found = document_urls(document)
        for username in sorted(set(DEMO_USERS) - set(state.read)):
            for name, url in found:
                for method in ("GET", "POST"):
                    attempts += 1
                    status, text, changed = attempt(
                        clients[username], method, url, body
                    )
                    problems = []
                    if status not in _refused(name, method, username):
                        problems.append(f"status {status}")
                    problems += [f"shows {m!r}" for m in markers if m in text]
                    if changed:
                        problems.append("the database changed")
                    if problems:
                        leaks.append(
                            f"{method} {url} [{variant}] as {username}: {problems}"
                        )
    report(
        f"IDOR, documents in {len(DOCUMENT_STATES)} states × {len(DEMO_USERS)} demo "
        f"users: {attempts} attempts by those who may not read them, "
        f"{len(leaks)} leaks"
    )
    for leak in leaks[:40]:
        print(f"  LEAK {leak}")
    assert not leaks


def _service_calls(document, actor) -> list:
    file = SimpleUploadedFile("idor.txt", b"IDOR-FORSOK", content_type="text/plain")
    return [
        lambda: registry.revise_document(
            document=document, title="IDOR", body="IDOR", actor=actor, reason="IDOR"
        ),
        lambda: registry.revise_document(
            document=document,
            title="IDOR",
            body="IDOR",
            actor=actor,
            reason="IDOR",
            through_record=True,
        ),
        lambda: registry.make_official(
            document=document,
            because=Document.OfficialBecause.DECIDED,
            actor=actor,
            reason="IDOR",
        ),
        lambda: registry.add_attachment(
            document=document, upload=file, actor=actor, reason="IDOR"
        ),
    ]


def test_the_document_services_refuse_every_demo_user_who_may_not_read_it(world):
    """Issue 10 point 1: a plain service call does not bypass the rule; an
    official document is refused as already official before anything else."""
    attempts, leaks = 0, []
    for variant, state in DOCUMENT_STATES.items():
        document = _document_of(world, state.document)
        for username in sorted(set(DEMO_USERS) - set(state.read)):
            actor = world.users[username]
            for call in _service_calls(document, actor):
                attempts += 1
                with transaction.atomic():
                    before = db_state()
                    try:
                        call()
                    except PermissionDenied:
                        refused = True
                    except ValidationError as error:
                        refused = error.code == "already_official"
                    else:
                        refused = False
                    changed = db_state() != before
                    transaction.set_rollback(True)
                if not refused or changed:
                    leaks.append(f"[{variant}] as {username}: {refused=} {changed=}")
    report(f"IDOR, document services: {attempts} calls, {len(leaks)} let through")
    for leak in leaks[:40]:
        print(f"  LEAK {leak}")
    assert not leaks


def test_the_document_rule_and_the_lists_agree_for_every_demo_user(world):
    """One rule: a case's list of documents (``documents_visible_to``) shows
    a document to exactly those ``can_view_document`` lets open it, for a
    document in every state and every demo user (issue 10 point 1)."""
    checks, disagreements = 0, []
    for variant, state in DOCUMENT_STATES.items():
        document = _document_of(world, state.document)
        for username in DEMO_USERS:
            user = User.objects.get(username=username)
            listed = rules.can_view_case(user, document.case) and (
                rules.documents_visible_to(user, document.case)
                .filter(pk=document.pk)
                .exists()
            )
            sent = rules.enclosures_visible_to(user).filter(pk=document.pk).exists()
            checks += 1
            if rules.can_view_document(user, document) != (listed or sent):
                disagreements.append(f"[{variant}] {username}")
    report(f"Document rule and lists: {checks} checks, {len(disagreements)} differ")
    assert not disagreements
