"""The Stockholm demo with one of everything the pages show, for the security
proofs of issue 5 (QUALITY_BARS.md "Reliability and security tests").

``build_world`` adds to the loaded demo, through the services and the flows, what
the demo lacks: a trafikkontoret case with a draft, a confidential letter, a
marking and attachments; a meeting of trafiknämnden in progress with every
party's statements in draft and handed in; a meeting whose flow has run from the
notice to the end of the appeal window; a referral from kommunstyrelsen with
trafikkontoret's draft officer report, a request for an extension and
exploateringskontoret's open assignment task; a document in every state
(reports under review and approved, an incoming letter, a decided report, a
draft memorandum). Every free text goes through
``text(label, limit)``, so that the XSS proof can fill them with payloads.

The demo and the world are loaded once per module, in a transaction rolled back
at the end; each test runs in a savepoint inside it.
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework import clock, demo, demo_publicity
from casework.demo_meetings import seat_holders
from casework.directory.models import Organisation, Party, Person, StaffRole, User
from casework.meetings.models import (
    AgendaItem,
    Meeting,
    Memorandum,
    ProposedResolution,
    Statement,
)
from casework.meetings.services import chair_decisions as chair_services
from casework.meetings.services import council_motions as motion_services
from casework.meetings.services import delegation, proceedings, signing
from casework.meetings.services import delegation_order as order_services
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import notices as notice_services
from casework.meetings.services import statements as statement_services
from casework.publicity.models import DocumentRequest
from casework.publicity.services import disclosure
from casework.publicity.services import requests as request_services
from casework.referrals import reports
from casework.referrals.models import OfficerReport, ReferralProcess
from casework.registry import services as registry
from casework.registry.models import Case, Document, Register
from casework.signin import services as signin_services
from tests.builders import make_staff
from workflows.meeting import MeetingFlow, plan_meeting_and_start_flow
from workflows.models import MeetingProcess
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

SET_UP = "säkerhetstest: uppbyggnad"
ANONYMOUS = "anonymous"
# Every user `load_demo` creates, in the order of its data files.
DEMO_USERS = [entry["username"] for entry in demo.read_data(demo.DATA_FILE)["users"]]
# What each demo user is, for the expectations of the proofs; a demo user
# without a class here fails test_url_matrix.test_every_demo_user_has_a_class.
STAFF, POLITICIAN = "staff", "politician"
CLASS_OF = {
    # staff: their roles scope what they see (rules.md (d))
    "registrator": (STAFF, "registrar"),
    "karin.dhakal": (STAFF, "case officer"),
    "jonas.eliasson": (STAFF, "head"),
    "anders.hallberg": (STAFF, "case officer"),
    "ann-charlotte.bergqvist": (STAFF, "head"),
    "hakan.falk": (STAFF, "head"),
    "sekreterare.trn": (STAFF, "committee secretary"),
    "sekreterare.expn": (STAFF, "committee secretary"),
    "sekreterare.ks": (STAFF, "committee secretary"),
    "partisekreterare.mp": (STAFF, "party secretary"),
    "partisekreterare.v": (STAFF, "party secretary"),
    "partisekreterare.s": (STAFF, "party secretary"),
    "partisekreterare.m": (STAFF, "party secretary"),
    "revisor": (STAFF, "auditor"),
    "handlaggare.slk": (STAFF, "case officer"),
    "registrator.tk": (STAFF, "registrar"),
    "registrator.expk": (STAFF, "registrar"),
    "registrator.sbk": (STAFF, "registrar"),
    "handlaggare.sbk": (STAFF, "case officer"),
    # staff in the administration with the rights of a group, and no role
    "it.forvaltare": (STAFF, "system administrator"),
    # politicians: what they see and sign follows their seats
    "hanna.exempelsson": (POLITICIAN, "chair"),  # KS, BRB; rapporteur
    "jenny.exempelsson": (POLITICIAN, "vice chair"),  # BRB
    "magnus.exempelsson": (POLITICIAN, "vice chair"),  # KS
    "kalle.exempelsson": (POLITICIAN, "member"),  # KS
    "ivar.exempelsson": (POLITICIAN, "member"),  # KS
    "oskar.exempelsson": (POLITICIAN, "member"),  # KS
    "sofia.exempelsson": (POLITICIAN, "member"),  # KS
    "moa.demoberg": (POLITICIAN, "chair"),  # trafiknämnden
    "alva.demoberg": (POLITICIAN, "vice chair"),  # trafiknämnden; checker
    "bengt.provsson": (POLITICIAN, "member"),  # trafiknämnden
    "cecilia.provsson": (POLITICIAN, "member"),
    "elin.demoberg": (POLITICIAN, "member"),
    "gun.fiktivsson": (POLITICIAN, "member"),
    "fredrik.demoberg": (POLITICIAN, "member"),
    "mona.provsson": (POLITICIAN, "chair"),  # exploateringsnämnden
    "per-erik.demoberg": (POLITICIAN, "vice chair"),
    "nils.provsson": (POLITICIAN, "member"),
    "rebecka.demoberg": (POLITICIAN, "member"),
    "tore.fiktivsson": (POLITICIAN, "member"),
    "viktor.fiktivsson": (POLITICIAN, "member"),
}
# The users who also POST in the matrix and whose renderings the page checks
# (XSS, accessibility) read: the original personas and one user of each other
# kind (a registrar and a case officer of the referral, a chair of a board and
# of a committee, a minutes checker, a signatory, a member). Every demo user
# GETs every URL of the matrix.
SAMPLE = [
    "registrator",
    "karin.dhakal",
    "jonas.eliasson",
    "anders.hallberg",
    "ann-charlotte.bergqvist",
    "hakan.falk",
    "sekreterare.trn",
    "sekreterare.expn",
    "sekreterare.ks",
    "partisekreterare.mp",
    "partisekreterare.v",
    "partisekreterare.s",
    "partisekreterare.m",
    "revisor",
    "handlaggare.slk",
    "registrator.tk",
    "hanna.exempelsson",
    "moa.demoberg",
    "alva.demoberg",
    "elin.demoberg",
    "cecilia.provsson",
    "it.forvaltare",
]
ROLES = [ANONYMOUS, *DEMO_USERS]
SAMPLED_ROLES = [ANONYMOUS, *SAMPLE]
PARTY_SECRETARIES = {
    "MP": "partisekreterare.mp",
    "V": "partisekreterare.v",
    "S": "partisekreterare.s",
    "M": "partisekreterare.m",
}
# Who signs each party's statements at trafiknämnden's meetings (the demo's
# current term).
SIGNATORIES = {
    "MP": "Elin Demoberg",
    "S": "Bengt Provsson",
    "V": "Gun Fiktivsson",
    "M": "Fredrik Demoberg",
}
# On the meeting in progress, each party has one statement in draft and one
# handed in: item A and item B swap the two states.
STATEMENT_PLAN = {
    "a": {"MP": "draft", "S": "submitted", "V": "draft", "M": "submitted"},
    "b": {"MP": "submitted", "S": "draft", "V": "submitted", "M": "draft"},
}


def plain(label: str, limit: int = 300) -> str:
    """The text of a field: ``label`` itself; the XSS proof adds payloads, up to
    ``limit`` characters (the smallest free-text field outside these calls has
    300)."""
    return label


# --- the database before and after --------------------------------------------

# Tables that change on every request of a signed-in user or of a log-in form.
UNCOUNTED = {"django_session", "axes_accessattempt", "axes_accesslog"}


def _fingerprint_sql() -> str:
    """One query: the row count of every table (history tables included), and
    for the workflow tasks and processes their states and owners, which change
    without a history row."""
    parts = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in UNCOUNTED or model._meta.proxy:
            continue
        parts.append(f'(SELECT COUNT(*) FROM "{table}")')
    task, process = Task._meta.db_table, Task._meta.get_field("process").related_model
    parts += [
        f"(SELECT COUNT(*) FROM \"{task}\" WHERE status = '{STATUS.DONE}')",
        f"(SELECT COUNT(*) FROM \"{task}\" WHERE status = '{STATUS.ASSIGNED}')",
        f'(SELECT COUNT(owner_id) FROM "{task}")',
        f"(SELECT COUNT(*) FROM \"{process._meta.db_table}\" WHERE status = 'DONE')",
    ]
    return "SELECT " + ", ".join(dict.fromkeys(parts))


def db_state() -> tuple:
    """Row counts of every table and history table, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


# --- the world -------------------------------------------------------------------


def user(username: str) -> User:
    return User.objects.get(username=username)


def person(full_name: str) -> Person:
    first, _, last = full_name.partition(" ")
    return Person.objects.get(first_name=first, last_name=last)


def organisation(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def upload(name: str, content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


def _staff(username, role, code, system) -> User:
    """The user, if the demo has one; otherwise made with that role."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return make_staff(username, role, organisation(code), actor=system)


def _extra_staff(system) -> SimpleNamespace:
    """Staff who act in the flows but are not among the demo's personas: a case
    officer at stadsledningskontoret (prepares referrals) and the registrars of
    the two departments (register the referral)."""
    Role = StaffRole.Role
    return SimpleNamespace(
        slk_officer=_staff("handlaggare.slk", Role.CASE_OFFICER, "slk", system),
        tk_registrar=_staff("registrator.tk", Role.REGISTRAR, "tk", system),
        expk_registrar=_staff("registrator.expk", Role.REGISTRAR, "expk", system),
    )


def _registry(w, text) -> None:
    """Trafikkontoret's case with a draft (with a file), an incoming letter
    marked confidential (with a file), and exploateringskontoret's draft."""
    karin, anders = w.users["karin.dhakal"], w.users["anders.hallberg"]
    w.t_demo_case = Case.objects.get(registration_number="T2016-01906")
    w.e_demo_case = Case.objects.get(registration_number="E2016-01205")
    w.ks_case = Case.objects.get(registration_number="106-1031/2016")
    w.t_case = registry.register_case(
        register=Register.objects.get(code="tk"),
        title=text("Trafikkontorets ärende TK-ÄRENDE-7731"),
        case_officer=karin,
        actor=w.staff.tk_registrar,
        reason=SET_UP,
    )
    w.t_draft = registry.register_document(
        case=w.t_case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.OTHER,
        title=text("Utkast TK-UTKAST-7732"),
        public_description=text("Utkast till PM TK-UTKAST-7732"),
        protected_description=text("Skyddad uppgift TK-SKYDD-7733"),
        body=text("Utkastets text TK-UTKAST-TEXT-7734"),
        actor=karin,
        reason=SET_UP,
    )
    w.t_draft_file = registry.add_attachment(
        document=w.t_draft,
        upload=upload("tk-utkast.txt", text("Bilaga TK-BILAGA-7735")),
        actor=karin,
        reason=SET_UP,
    )
    w.t_conf = registry.register_document(
        case=w.t_case,
        direction=Document.Direction.INCOMING,
        kind=Document.Kind.LETTER,
        title=text("Skrivelse TK-SKRIVELSE-7736"),
        public_description=text("Skrivelse från enskild TK-SKRIVELSE-7736"),
        protected_description=text("Avsändarens namn TK-SKYDD-7737"),
        counterpart=text("Enskild TK-AVSANDARE-7738"),
        body=text("Skrivelsens text TK-SKRIVELSE-TEXT-7739"),
        actor=w.staff.tk_registrar,
        reason=SET_UP,
    )
    w.t_marking = registry.mark_confidential(
        document=w.t_conf,
        provision="OSL 21 kap. 3 §",
        marked_on=timezone.localdate(),
        authority=organisation("trn"),
        note=text("Namn och adress TK-NOT-7740"),
        actor=w.users["jonas.eliasson"],
        reason=SET_UP,
    )
    w.t_conf_file = registry.add_attachment(
        document=w.t_conf,
        upload=upload("tk-skrivelse.txt", text("Bilaga TK-BILAGA-7741")),
        actor=karin,
        reason=SET_UP,
    )
    w.e_draft = registry.register_document(
        case=w.e_demo_case,
        direction=Document.Direction.DRAWN_UP,
        title=text("Utkast EXPK-UTKAST-8831"),
        public_description=text("Utkast EXPK-UTKAST-8831"),
        body=text("Text EXPK-TEXT-8832"),
        actor=anders,
        reason=SET_UP,
    )
    w.ks_official = w.ks_case.documents.filter(state=Document.State.OFFICIAL).first()


def _statement(w, item, party_code, state, text) -> Statement:
    secretary = w.users["sekreterare.trn"]
    writer = w.users[PARTY_SECRETARIES[party_code]]
    statement = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=Party.objects.get(code=party_code),
        signatories=[person(SIGNATORIES[party_code])],
        actor=secretary,
        reason=SET_UP,
    )
    marker = f"PARTI-{party_code}-{item.pk}-{state.upper()}"
    statement_services.write_statement(
        statement=statement,
        introduction=text(f"Jag föreslår {marker}"),
        clauses=[text(f"att avslå {marker}-ATTSATS")],
        text=text(f"Motivering {marker}-TEXT"),
        actor=writer,
        reason=SET_UP,
    )
    if state == "submitted":
        statement_services.submit_statement(
            statement=statement, actor=writer, reason=SET_UP
        )
    statement.refresh_from_db()
    statement.marker = marker
    return statement


def _plan(w, held_on, place, text) -> tuple[Meeting, MeetingProcess]:
    secretary = w.users["sekreterare.trn"]
    trn = organisation("trn")
    with clock.acting_at(timezone.now() - datetime.timedelta(days=4)):
        meeting = plan_meeting_and_start_flow(
            organisation=trn,
            held_on=held_on,
            place=text(place, 200),
            chair=person("Moa Demoberg"),
            secretary=secretary,
            actor=secretary,
            reason=SET_UP,
        )
    for member in seat_holders(trn, held_on):
        meeting_services.add_participant(
            meeting=meeting, person=member, actor=secretary, reason=SET_UP
        )
    return meeting, MeetingProcess.objects.get(meeting=meeting)


def _item(w, meeting, title, text) -> AgendaItem:
    secretary = w.users["sekreterare.trn"]
    proposal = proceedings.propose_resolution(
        case=w.t_case,
        source=ProposedResolution.Source.OFFICER_REPORT,
        clauses=[text(f"Nämnden godkänner {title}-FORSLAG")],
        introduction=text(f"Kontoret föreslår {title}-INLEDNING"),
        actor=secretary,
        reason=SET_UP,
    )
    return meeting_services.add_agenda_item(
        meeting=meeting,
        title=text(f"Punkt {title}"),
        case=w.t_case,
        proposal=proposal,
        actor=secretary,
        reason=SET_UP,
    )


def _handle(w, item, title, text) -> None:
    """Open the item, record a motion and a vote, decide it."""
    secretary = w.users["sekreterare.trn"]
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    taking_part = list(
        item.meeting.participants.filter(participations__item=item).distinct()
    )
    mover = next(p for p in taking_part if p.person.full_name == "Bengt Provsson")
    proceedings.put_forward_motion(
        item=item,
        mover=mover,
        text=text(f"Yrkande {title}-YRKANDE"),
        actor=secretary,
        reason=SET_UP,
    )
    proceedings.record_vote(
        item=item,
        question=text(f"Fråga {title}-FRAGA"),
        yes_means=text(f"Ja {title}-JA"),
        no_means=text(f"Nej {title}-NEJ"),
        ballots={
            p: ("no" if p.person.full_name == "Bengt Provsson" else "yes")
            for p in taking_part
        },
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.decide(
        item=item,
        decision_text=text(f"Beslut {title}-BESLUT"),
        actor=secretary,
        reason=SET_UP,
    )


def _live_meeting(w, text) -> None:
    """Trafiknämnden today, in progress: two decided items, and on each every
    party's reservation, in draft or handed in (STATEMENT_PLAN)."""
    secretary = w.users["sekreterare.trn"]
    meeting, process = _plan(w, timezone.localdate(), "Fleminggatan 4 LIVE", text)
    meeting_services.send_notice_of_meeting(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    items = {name: _item(w, meeting, f"LIVE-{name.upper()}", text) for name in "ab"}
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[person("Alva Demoberg")],
        approval_due_at=timezone.now() + datetime.timedelta(days=7),
        actor=secretary,
        reason=SET_UP,
    )
    w.m_live, w.p_live = meeting, process
    w.statements = {}
    for name, item in items.items():
        _handle(w, item, f"LIVE-{name.upper()}", text)
        for party_code, state in STATEMENT_PLAN[name].items():
            w.statements[(name, party_code)] = _statement(
                w, item, party_code, state, text
            )
    w.item_a, w.item_b = items["a"], items["b"]
    w.item_pending = _item(w, meeting, "LIVE-C", text)


def _taken_meeting(w, text) -> None:
    """Trafiknämnden in four weeks, planned; the secretary has taken the task
    of sending the notice but not carried it out."""
    client = Client()
    client.force_login(w.users["sekreterare.trn"])
    meeting, process = _plan(
        w, timezone.localdate() + datetime.timedelta(days=28), "Stadshuset", text
    )
    task = _open(process, MeetingFlow.send_notice)
    assert client.post(reverse("tasks:take", args=[task.pk])).status_code == 302
    w.m_taken, w.p_taken = meeting, process


def _fire_timers() -> None:
    call_command("workflow_timers", stdout=io.StringIO())


def _carry_out(client, process, node, data=None) -> None:
    task = Task.objects.get(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    if task.owner_id is None:
        assert client.post(reverse("tasks:take", args=[task.pk])).status_code == 302
    response = client.post(reverse("tasks:task", args=[task.pk]), data or {})
    assert response.status_code == 302, response.content.decode()[:2000]


def _finished_meeting(w, text) -> None:
    """Trafiknämnden three days ago, its flow run from the notice to the end of
    the appeal window: an item with a handed-in statement, approved minutes
    with a correction, the notice posted."""
    secretary = w.users["sekreterare.trn"]
    client = Client()
    client.force_login(secretary)
    meeting, process = _plan(
        w, timezone.localdate() - datetime.timedelta(days=3), "Stadshuset DONE", text
    )
    _carry_out(client, process, MeetingFlow.send_notice)
    item = _item(w, meeting, "DONE", text)
    real_now = timezone.now()
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[person("Alva Demoberg")],
        approval_due_at=real_now + datetime.timedelta(hours=1),
        actor=secretary,
        reason=SET_UP,
    )
    _handle(w, item, "DONE", text)
    w.statement_done = _statement(w, item, "S", "submitted", text)
    _carry_out(client, process, MeetingFlow.hold_meeting)
    _carry_out(client, process, MeetingFlow.draw_up_minutes)
    with pytest.MonkeyPatch.context() as patch:
        later = real_now + datetime.timedelta(hours=2)
        patch.setattr(timezone, "now", lambda: later)
        _fire_timers()
        meeting.refresh_from_db()
        minutes = meeting.minutes
        for signer in (person("Moa Demoberg"), person("Alva Demoberg")):
            signing.record_paper_signature(
                minutes=minutes,
                person=signer,
                signed_on=timezone.localdate(),
                reference="Justerat på papper",
                actor=secretary,
                reason=SET_UP,
            )
        _fire_timers()
        _carry_out(
            client,
            process,
            MeetingFlow.post_notice,
            {
                "posted_on": timezone.localdate().isoformat(),
                "minutes_kept_at": text("Trafikkontoret DONE-FORVARAS"),
            },
        )
        minutes.refresh_from_db()
        minutes_services.correct_minutes(
            minutes=minutes,
            content=minutes.versions.get().content + "\n",
            note=text("Rättelse DONE-RATTELSE"),
            actor=secretary,
            reason=SET_UP,
        )
        timer = Task.objects.get(process=process, flow_task=MeetingFlow.appeal_window)
        after = timer.scheduled + datetime.timedelta(minutes=1)
        patch.setattr(timezone, "now", lambda: after)
        _fire_timers()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.APPEAL_WINDOW_PASSED, meeting.state
    statement = w.statement_done
    statement.refresh_from_db()
    assert statement.state == Statement.State.IN_MINUTES, statement.state
    w.m_done, w.p_done, w.item_done = meeting, process, item


def _referral(w, text) -> None:
    """Kommunstyrelsen's referral to trafiknämnden and exploateringsnämnden:
    trafikkontoret's draft report with a request for an extension;
    exploateringskontoret's case registered and waiting for an officer."""
    staff = w.staff
    karin = w.users["karin.dhakal"]
    process = referral_steps.start_referral(
        case=w.ks_case,
        question=text("Synpunkter på strategin REMISS-FRAGA-9901"),
        response_deadline=timezone.localdate() + datetime.timedelta(days=60),
        recipients=[organisation("trn"), organisation("expn")],
        documents=[w.ks_official] if w.ks_official else [],
        actor=staff.slk_officer,
    )
    referral_steps.send(
        task=_open(process, ReferralFlow.dispatch), actor=staff.slk_officer
    )
    w.referral = process.referral
    w.referral.refresh_from_db()
    trn = w.referral.recipients.get(organisation__code="trn")
    expn = w.referral.recipients.get(organisation__code="expn")
    response_steps.register(
        task=_open(trn.process, ResponseFlow.register), actor=staff.tk_registrar
    )
    response_steps.assign_officer(
        task=_open(trn.process, ResponseFlow.assign_officer),
        actor=staff.tk_registrar,
        officer=karin,
    )
    response_steps.save_report(
        task=_open(trn.process, ResponseFlow.draft_report),
        actor=karin,
        title=text("Svar på remiss TK-REMISSVAR-9902"),
        clauses=[text("Trafiknämnden överlämnar TK-ATTSATS-9903")],
        summary=text("Sammanfattning TK-SAMMANFATTNING-9904"),
        background=text("Bakgrund TK-BAKGRUND-9905"),
        preparation=text("Beredning TK-BEREDNING-9906"),
        opinions=text("Synpunkter TK-SYNPUNKTER-9907"),
        appendices=text("Bilaga TK-BILAGOR-9908"),
        unit=text("Stab", 100),
        phone="08-508 261 85",
        submit=False,
    )
    w.t_report_task = _open(trn.process, ResponseFlow.draft_report)
    response_steps.ask_for_extension(
        task=w.t_report_task,
        actor=karin,
        requested_until=timezone.localdate() + datetime.timedelta(days=90),
        reason_given=text("Vi behöver mer tid TK-ANSTAND-9909"),
    )
    response_steps.register(
        task=_open(expn.process, ResponseFlow.register), actor=staff.expk_registrar
    )
    w.e_assign_task = _open(expn.process, ResponseFlow.assign_officer)
    w.decide_extension_task = _open(process, ReferralFlow.decide_extension)
    trn.refresh_from_db()
    expn.refresh_from_db()
    w.t_recipient, w.e_recipient = trn, expn
    w.t_referral_case = trn.committee_case
    w.e_referral_case = expn.committee_case
    w.t_report = OfficerReport.objects.get(case=trn.committee_case)
    w.referral_process = ReferralProcess.objects.get(pk=process.pk)


def _open(process, node) -> Task:
    tasks = Task.objects.filter(
        process=process, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    return tasks.get()


def _board(w, text) -> None:
    """The notice board and delegated decisions: an outage not yet over, and
    trafiknämnden's protocol of an appealable delegated decision that is not
    reported to it; the demo's memorandum and a planned meeting of
    kommunstyrelsen to put it on."""
    secretary = user("sekreterare.trn")
    trn = organisation("trn")
    w.outage = notice_services.record_outage(
        started_at=timezone.now() - datetime.timedelta(hours=1),
        description=text("Driftavbrott"),
        actor=secretary,
        reason=SET_UP,
    )
    w.delegated_decision = delegation.record_delegated_decision(
        organisation=trn,
        delegate=text("Trafikdirektören", 100),
        delegation_point="3.1",
        decided_on=timezone.localdate() - datetime.timedelta(days=2),
        text=text("Delegationsbeslut"),
        registration_number="T2026-00999",
        matter="ordinary",
        appealable=True,
        reported=False,
        actor=secretary,
        reason=SET_UP,
    )
    w.delegation_protocol = delegation.draw_up_delegation_protocol(
        organisation=trn, actor=secretary, reason=SET_UP
    )
    w.minutes_notice = w.m_done.minutes.notice
    w.memorandum = Memorandum.objects.order_by("pk").first()
    # kommunstyrelsen's next meeting, open for the memorandum
    w.ks_planned = meeting_services.plan_meeting(
        organisation=organisation("ks"),
        held_on=timezone.localdate() + datetime.timedelta(days=21),
        place=text("Stadshuset", 100),
        actor=user("sekreterare.ks"),
        reason=SET_UP,
    )


def _publicity(w, text) -> None:
    """Public access (R63–R67): an open request to trafikkontoret, the demo's
    answered request with its decision, a masked copy of the confidential
    letter, the demo's published report and its approved minutes with a
    paragraph marked secret."""
    registrar = w.staff.tk_registrar
    w.open_request = request_services.receive_request(
        organisation=organisation("tk"),
        asked_for=text("Begäran om handlingar TK-BEGARAN-7750"),
        requester_name=text("Anna Begärsson", 200),
    )
    w.decided_request = DocumentRequest.objects.get(asked_for=demo_publicity.ANSWERED)
    body = w.t_conf.versions.order_by("-number").first().body
    first, _space, rest = body.partition(" ")
    w.rendition = disclosure.create_masked_rendition(
        document=w.t_conf,
        marked_text=f"[[{first}]] {rest}" if rest else f"[[{first}]]",
        default_provision="OSL 21 kap. 3 §",
        actor=registrar,
        reason=SET_UP,
    )
    w.published_report = Document.objects.filter(published=True).earliest("pk")
    permit = Meeting.objects.get(items__case__title=demo_publicity.PERMIT_CASE)
    w.published_minutes = permit.minutes


def _report(w, case, label, text, *, approve: bool) -> OfficerReport:
    """Karin's officer report to trafiknämnden, handed to her head of
    department for review and, with ``approve``, approved by him."""
    karin, jonas = w.users["karin.dhakal"], w.users["jonas.eliasson"]
    report = reports.draft_officer_report(
        case=case,
        addressed_to=organisation("trn"),
        title=text(f"Tjänsteutlåtande {label}"),
        clauses=[text(f"Nämnden beslutar {label}-ATTSATS")],
        summary=text(f"Sammanfattning {label}-TEXT"),
        actor=karin,
        reason=SET_UP,
    )
    reports.submit_for_review(report=report, actor=karin, reason=SET_UP)
    if approve:
        reports.approve_report(report=report, actor=jonas, reason=SET_UP)
    report.refresh_from_db()
    return report


def _memorandum_draft(w, text) -> Memorandum:
    """Stadsledningskontoret's draft memorandum in a case of its own, for the
    rapporteur of the demo's memorandum (PM_UTKAST)."""
    officer = w.staff.slk_officer
    case = registry.register_case(
        register=Register.objects.get(code="ks"),
        classification="106",
        title=text("Kommunstyrelsens ärende KS-PM-6601"),
        case_officer=officer,
        actor=w.users["registrator"],
        reason=SET_UP,
    )
    document = registry.register_document(
        case=case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.MEMORANDUM,
        title=text("Promemoria KS-PM-UTKAST-6602"),
        public_description=text("Promemoria KS-PM-UTKAST-6602"),
        body=text("Promemorians text KS-PM-TEXT-6603"),
        actor=officer,
        reason=SET_UP,
    )
    return proceedings.draw_up_memorandum(
        case=case,
        year=timezone.localdate().year,
        serial=None,
        commissioner_office=w.memorandum.commissioner_office,
        office_numeral="RI",
        rapporteur=w.memorandum.rapporteur,
        title=text("Promemoria KS-PM-UTKAST-6602"),
        clauses=[text("att godkänna KS-PM-ATTSATS-6604")],
        document=document,
        actor=officer,
        reason=SET_UP,
    )


def _document_states(w, text) -> None:
    """A document in every state for the document pages (issue 10 point 1):
    officer reports under review and approved, a registered incoming letter
    with a file, the demo's decided report and a draft memorandum; the draft,
    the confidential letter, the draft report and kommunstyrelsen's official
    letter are built above."""
    registrar = w.staff.tk_registrar
    w.t_report_case = registry.register_case(
        register=Register.objects.get(code="tk"),
        title=text("Trafikkontorets ärende TK-TU-7751"),
        case_officer=w.users["karin.dhakal"],
        actor=registrar,
        reason=SET_UP,
    )
    w.t_review_report = _report(
        w, w.t_report_case, "TK-GRANSKAS-7752", text, approve=False
    )
    w.t_approved_report = _report(
        w, w.t_report_case, "TK-GODKANT-7753", text, approve=True
    )
    w.t_incoming = registry.register_document(
        case=w.t_case,
        direction=Document.Direction.INCOMING,
        kind=Document.Kind.LETTER,
        title=text("Inkommen skrivelse TK-INKOMMEN-7754"),
        public_description=text("Inkommen skrivelse TK-INKOMMEN-7754"),
        counterpart=text("Trafikverket"),
        body=text("Skrivelsens text TK-INKOMMEN-TEXT-7755"),
        actor=registrar,
        reason=SET_UP,
    )
    w.t_incoming_file = registry.add_attachment(
        document=w.t_incoming,
        upload=upload("tk-inkommen.txt", text("Bilaga TK-BILAGA-7756")),
        actor=registrar,
        reason=SET_UP,
    )
    w.t_decided = w.t_demo_case.documents.get(
        public_description="Tjänsteutlåtande från trafikkontoret, svar på remiss"
    )
    w.memorandum_draft = _memorandum_draft(w, text)


def _lockout():
    """An account locked after five failed log-ins, as the log-in handler
    records it."""
    signin_services.record_lockouts(
        username="gissat.konto",
        address=None,
        account_failures=5,
        address_failures=0,
        at=timezone.now(),
        account_limit=5,
    )
    # a world built twice on one database finds the lock already there
    return signin_services.open_locks().get(key="gissat.konto")


def _delegation(w, text) -> None:
    """Trafiknämnden's delegation order in force (the demo's) and a draft of
    its next version with a point of its own; an urgent decision of
    exploateringsnämnden's chair; a case of kommunstyrelsen's register without
    a motion and one with a motion (R41, R46, R48). A second world on top of
    the first adds its own point to the same draft."""
    secretary, trn = user("sekreterare.trn"), organisation("trn")
    registrar = user("registrator")
    w.delegation_order = order_services.order_in_force(trn, timezone.localdate())
    w.delegation_draft = trn.delegation_orders.filter(
        state="draft"
    ).first() or order_services.start_new_version(
        organisation=trn, actor=secretary, reason=SET_UP
    )
    w.delegation_draft_point = order_services.save_point(
        order=w.delegation_draft,
        number=f"9.{w.delegation_draft.points.count() + 1}",
        matter=text("Delegationspunkt"),
        category="ordinary",
        delegate_kind="employee",
        delegate=text("Befattning", 100),
        limits=text("Begränsning"),
        actor=secretary,
        reason=SET_UP,
    )
    w.chair_decision = chair_services.record_chair_decision(
        organisation=organisation("expn"),
        decided_by=person("Mona Provsson"),
        decided_on=timezone.localdate(),
        registration_number=text("E2026-00999", 50),
        text=text("Ordförandebeslut"),
        urgency=text("Brådska"),
        actor=user("sekreterare.expn"),
        reason=SET_UP,
    )
    ks_register = Register.objects.get(code="ks")

    def ks_case(title):
        return registry.register_case(
            register=ks_register,
            title=text(title),
            classification="106",
            actor=registrar,
            reason=SET_UP,
        )

    w.ks_motion_case = ks_case("Ärende utan motion MOTION-4411")
    w.council_motion = motion_services.record_council_motion(
        case=ks_case("Motion om cykelbanor MOTION-4412"),
        kind="motion",
        lodged_on=timezone.localdate() - datetime.timedelta(days=320),
        submitted_by=text("Motionär", 300),
        actor=registrar,
        reason=SET_UP,
    )


def build_world(text=plain) -> SimpleNamespace:
    """Everything the proofs request, added to the loaded demo."""
    w = SimpleNamespace()
    w.users = {name: user(name) for name in DEMO_USERS}
    w.staff = _extra_staff(user("system"))
    # the demo's upcoming meeting of trafiknämnden: the world plans its own
    # four weeks ahead
    w.upcoming = Meeting.objects.filter(
        organisation__code="trn", held_on__gt=timezone.localdate()
    ).earliest("held_on")
    _registry(w, text)
    _live_meeting(w, text)
    _finished_meeting(w, text)
    _taken_meeting(w, text)
    _referral(w, text)
    _board(w, text)
    _publicity(w, text)
    _document_states(w, text)
    w.lockout = _lockout()
    _delegation(w, text)
    w.ks_meeting = Meeting.objects.get(
        organisation__code="ks", held_on=datetime.date(2011, 6, 22)
    )
    w.brb_mp_statement = Statement.objects.get(
        item__meeting__organisation__code="brb",
        item__meeting__held_on=datetime.date(2011, 6, 15),
        party__code="MP",
    )
    return w


def load_world(text=plain) -> SimpleNamespace:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    loaded = {u.username for u in User.objects.all() if u.has_usable_password()}
    w = build_world(text)
    w.loaded_usernames = loaded
    return w


FIGURE_LINES: list[str] = []


def report(line: str) -> None:
    """A proof's figure: printed with the test's output (``-s``) and listed
    again in the summary at the end of the run."""
    print(f"\n{line}")
    FIGURE_LINES.append(line)


_relayed = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Figures ride on the test's report, so that a run on several processes
    (pytest-xdist) lists them too (see tests/conftest.py)."""
    global _relayed
    outcome = yield
    new, _relayed = FIGURE_LINES[_relayed:], len(FIGURE_LINES)
    outcome.get_result().user_properties.extend(("figure", line) for line in new)


def pytest_terminal_summary(terminalreporter):
    if FIGURE_LINES:
        terminalreporter.section("security figures")
        for line in FIGURE_LINES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """The demo and the world, once for the package's tests, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_world()
        transaction.set_rollback(True)


def clients_for(world) -> dict[str, Client]:
    """A test client per role, signed in (errors raised, not rendered)."""
    clients = {ANONYMOUS: Client()}
    for name in DEMO_USERS:
        client = Client()
        client.force_login(world.users[name])
        clients[name] = client
    return clients
