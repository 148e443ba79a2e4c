"""Issue 4, "Done when": a referral driven from registration to a closed KS
decision entirely through the pages, by the people whose roles the steps need
(the demo's personas, built here), with every step recorded in history with
its user and reason (rules.md c.1, c.2, R39–R45, R76, R79, R24)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from viewflow.workflow.status import PROCESS

from casework.audit.timeline import timeline
from casework.directory import services as directory
from casework.directory.models import Assignment
from casework.meetings.models import AgendaItem, Memorandum, Minutes
from casework.referrals.models import (
    Extension,
    OfficerReport,
    Referral,
    ReferralRecipient,
)
from casework.registry.models import Case
from tests.builders import Kind, Role, make_organisation, make_staff
from tests.meetings.test_views import login_for
from tests.workflows import test_referral_flow as remiss
from workflows.referral import CLOSED_AFTER_DECISION, ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import response as response_steps

deadline = remiss.deadline
e_registrar = remiss.e_registrar
slk_officer = remiss.slk_officer
trafik = remiss.trafik
exploatering = remiss.exploatering
stadsbyggnad = remiss.stadsbyggnad

pytestmark = pytest.mark.django_db
State = ReferralRecipient.State
TITLE = "Internationell strategi för Stockholms stad"


def task_url(task, name="task"):
    return reverse(f"tasks:{name}", args=[task.pk])


def meetings_url(name, pk):
    return reverse(f"meetings:{name}", args=[pk])


def recorded(model_object, user, reason=None):
    """The object's history has a row by ``user`` with a reason (the given one,
    when named)."""
    rows = model_object.history.filter(history_user=user).exclude(
        history_change_reason__isnull=True
    )
    reasons = {row.history_change_reason for row in rows}
    assert reasons - {""}, (model_object, user)
    if reason is not None:
        assert reason in reasons, (model_object, user, reasons)


def ok(response, status=302):
    assert response.status_code == status, getattr(response, "content", b"")[:2000]
    return response


@pytest.fixture
def board(city, system_user):
    """Borgarrådsberedningen and KS with members, a secretary for both, a
    chair and a minutes checker who log in, and a meeting each; Rotel I with
    its commissioner."""
    brb = make_organisation(
        "brb",
        "Borgarrådsberedningen",
        Kind.PREPARATORY_BODY,
        actor=system_user,
        decides=False,
    )
    secretary = make_staff("sekreterare.ks", Role.COMMITTEE_SECRETARY, city.ks)
    directory.grant_staff_role(
        user=secretary,
        role=Role.COMMITTEE_SECRETARY,
        organisation=brb,
        valid_from=datetime.date(2010, 1, 1),
        actor=system_user,
        reason=remiss.SET_UP,
    )
    bodies = {}
    for organisation in (brb, city.ks):
        members = remiss.seat_members(organisation, secretary)
        code = organisation.code
        bodies[code] = {
            "organisation": organisation,
            "meeting": remiss.plan_meeting(organisation, members, secretary),
            "chair": login_for(members[0], f"ordforande.{code}"),
            "checker": login_for(members[1], f"justerare.{code}"),
            "checker_person": members[1],
        }
    rotel = make_organisation(
        "rotel-1", "Rotel I – Finansroteln", Kind.COMMISSIONER_OFFICE, actor=system_user
    )
    rapporteur = directory.create_person(
        first_name="Sten", last_name="Nordin", actor=system_user, reason=remiss.SET_UP
    )
    directory.appoint(
        person=rapporteur,
        organisation=city.ks,
        role=Assignment.Role.COMMISSIONER,
        valid_from=datetime.date(2015, 1, 1),
        actor=system_user,
        reason=remiss.SET_UP,
    )
    bodies.update(secretary=secretary, rotel=rotel, rapporteur=rapporteur)
    return bodies


def hold_meeting(client, secretary, meeting, chair, checker, checker_person, text):
    """The secretary holds the meeting and decides its item; the chair and the
    checker approve the minutes (c.4, R24)."""
    client.force_login(secretary)
    approval = timezone.localtime().replace(microsecond=0) - datetime.timedelta(
        minutes=1
    )
    ok(
        client.post(
            meetings_url("meeting_open", meeting.pk),
            {
                "minutes_checkers": [checker_person.pk],
                "approval_due_at": approval.strftime("%Y-%m-%dT%H:%M"),
            },
        )
    )
    item = AgendaItem.objects.get(meeting=meeting)
    ok(client.get(meetings_url("item_open", item.pk)), 200)
    ok(client.post(meetings_url("item_open", item.pk)))
    ok(client.post(meetings_url("item_decide", item.pk), {"decision_text": text}))
    ok(client.post(meetings_url("meeting_close", meeting.pk)))
    ok(client.post(meetings_url("minutes_create", meeting.pk)))
    for person in (chair, checker):
        client.force_login(person)
        page = ok(client.get(meetings_url("minutes_approve", meeting.pk)), 200)
        digest = page.context["digest"]
        ok(client.post(meetings_url("minutes_approve", meeting.pk), {"digest": digest}))
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.state == Minutes.State.APPROVED
    recorded(item, secretary)
    return item


def take_and_open(client, user, task):
    client.force_login(user)
    claimable = client.get(reverse("tasks:claimable")).content.decode()
    if task.owner_id is None:
        assert task_url(task, "take") in claimable
        ok(client.post(task_url(task, "take")))
    ok(client.get(task_url(task)), 200)


def register_and_assign(client, side, recipient):
    flow = recipient.process
    register = remiss.open_task(flow, ResponseFlow.register)
    take_and_open(client, side.registrar, register)
    ok(client.post(task_url(register), {"classification": ""}))
    assign = remiss.open_task(flow, ResponseFlow.assign_officer)
    take_and_open(client, side.registrar, assign)
    ok(client.post(task_url(assign), {"officer": side.officer.pk}))
    recipient.refresh_from_db()
    assert recipient.state == State.RECEIVED
    assert recipient.committee_case.case_officer == side.officer
    recorded(recipient, side.registrar, "referral registered")
    recorded(recipient.committee_case, side.registrar, "case officer assigned")


def report_form(side, **extra):
    return {
        "title": f"{TITLE}. Remiss från kommunstyrelsen",
        "clauses": remiss.CLAUSE,
        "summary": f"{side.department.name} ställer sig positivt till förslaget.",
        "opinions": "Kontoret delar strategins inriktning.",
        "submit": "",
        **extra,
    }


def committee_answers(client, side, recipient, stance):
    """The secretary puts the approved report on the agenda, the committee
    decides, the minutes are approved, the officer sends the answer."""
    flow = recipient.process
    agenda = remiss.open_task(flow, ResponseFlow.put_on_agenda)
    take_and_open(client, side.secretary, agenda)
    ok(client.post(task_url(agenda), {"meeting": side.meeting.pk}))
    chair = login_for(side.members[0], f"ordforande.{side.organisation.code}")
    checker = login_for(side.members[1], f"justerare.{side.organisation.code}")
    hold_meeting(
        client,
        side.secretary,
        side.meeting,
        chair,
        checker,
        side.members[1],
        f"{side.organisation.name} överlämnar och åberopar kontorets "
        "tjänsteutlåtande som svar på remissen.",
    )
    # The scheduler (manage.py workflow_timers, every minute) sees the approval.
    call_command("workflow_timers", verbosity=0)
    recipient.refresh_from_db()
    assert recipient.state == State.DECIDED
    answer = remiss.open_task(flow, ResponseFlow.dispatch_response)
    take_and_open(client, side.officer, answer)
    ok(
        client.post(
            task_url(answer),
            {"stance": stance, "decision_text": "Nämnden överlämnar utlåtandet."},
        )
    )
    recipient.refresh_from_db()
    flow.refresh_from_db()
    assert recipient.state == State.ANSWERED and flow.status == PROCESS.DONE
    recorded(recipient, side.officer, "answer sent")


def test_a_referral_from_registration_to_a_closed_ks_decision_through_the_pages(
    client,
    city,
    registrar,
    slk_officer,
    deadline,
    trafik,
    exploatering,
    stadsbyggnad,
    board,
    system_user,
):
    sides = (trafik, exploatering, stadsbyggnad)

    # 1. KS's registrar registers the case.
    client.force_login(registrar)
    ok(client.get(reverse("registry:case_create")), 200)
    ok(
        client.post(
            reverse("registry:case_create"),
            {
                "register": city.ks_register.pk,
                "classification": "106",
                "title": TITLE,
                "registered_on": timezone.localdate().isoformat(),
            },
        )
    )
    case = Case.objects.get(title=TITLE)
    recorded(case, registrar, "registered")

    # 2. Stadsledningskontoret's case officer prepares and sends the referral.
    client.force_login(slk_officer)
    prepare = reverse("tasks:prepare_referral", args=[case.pk])
    ok(client.get(prepare), 200)
    response = ok(
        client.post(
            prepare,
            {
                "question": "Synpunkter på förslaget till internationell strategi.",
                "response_deadline": deadline.isoformat(),
                "recipients": [side.organisation.pk for side in sides],
            },
        )
    )
    referral = Referral.objects.get(case=case)
    process = referral.process
    dispatch = remiss.open_task(process, ReferralFlow.dispatch)
    assert response["Location"] == task_url(dispatch)
    ok(client.get(task_url(dispatch)), 200)
    ok(client.post(task_url(dispatch), {}))
    referral.refresh_from_db()
    assert referral.state == Referral.State.DISPATCHED and referral.letter.is_official
    recorded(referral, slk_officer, "referral prepared")
    recorded(referral, slk_officer, "referral sent")
    recipients = {
        side.organisation.code: remiss.recipient_of(process, side) for side in sides
    }

    # 3. Each committee's registrar registers it and assigns a case officer.
    for side in sides:
        register_and_assign(client, side, recipients[side.organisation.code])

    # 4. Trafikkontoret drafts; the head of department approves.
    trn = recipients["trn"]
    client.force_login(trafik.officer)
    drafting = remiss.open_task(trn.process, ResponseFlow.draft_report)
    ok(client.get(task_url(drafting)), 200)
    ok(client.post(task_url(drafting), report_form(trafik)))
    review = remiss.open_task(trn.process, ResponseFlow.department_review)
    take_and_open(client, trafik.head, review)
    ok(client.post(task_url(review), {"approve": "True", "comment": ""}))
    report = response_steps.latest_report(trn)
    assert report.state == OfficerReport.State.APPROVED
    recorded(report, trafik.officer, "officer report drafted")
    recorded(report, trafik.head, "officer report reviewed")
    committee_answers(client, trafik, trn, "with_comments")

    # 5. Exploateringskontoret: the head of division returns the report with a
    # comment first, then approves it; the head of department signs it.
    division_head = make_staff("avdelningschef.expk", Role.HEAD_OF_DIVISION, city.expk)
    expn = recipients["expn"]
    client.force_login(exploatering.officer)
    drafting = remiss.open_task(expn.process, ResponseFlow.draft_report)
    ok(
        client.post(
            task_url(drafting), report_form(exploatering, needs_division_review="on")
        )
    )
    review = remiss.open_task(expn.process, ResponseFlow.division_review)
    take_and_open(client, division_head, review)
    comment = "Förtydliga hur strategin påverkar markanvisningarna."
    ok(client.post(task_url(review), {"approve": "False", "comment": comment}))
    report = response_steps.latest_report(expn)
    assert report.state == OfficerReport.State.DRAFT
    client.force_login(exploatering.officer)
    drafting = remiss.open_task(expn.process, ResponseFlow.draft_report)
    page = ok(client.get(task_url(drafting)), 200).content.decode()
    assert comment in page
    ok(
        client.post(
            task_url(drafting),
            report_form(
                exploatering,
                needs_division_review="on",
                opinions="Markanvisningarna följer strategin.",
            ),
        )
    )
    review = remiss.open_task(expn.process, ResponseFlow.division_review)
    take_and_open(client, division_head, review)
    ok(client.post(task_url(review), {"approve": "True", "comment": ""}))
    review = remiss.open_task(expn.process, ResponseFlow.department_review)
    take_and_open(client, exploatering.head, review)
    ok(client.post(task_url(review), {"approve": "True", "comment": ""}))
    report.refresh_from_db()
    assert report.state == OfficerReport.State.APPROVED
    assert report.division_head == division_head
    assert report.department_head == exploatering.head
    recorded(report, division_head, "officer report reviewed")
    committee_answers(client, exploatering, expn, "no_objection")

    # 6. Stadsbyggnadsnämnden asks for an extension, which KS grants; it then
    # declines to answer.
    sbn = recipients["sbn"]
    client.force_login(stadsbyggnad.officer)
    drafting = remiss.open_task(sbn.process, ResponseFlow.draft_report)
    later = deadline + datetime.timedelta(days=28)
    ok(
        client.post(
            task_url(drafting, "extension"),
            {
                "extension-requested_until": later.isoformat(),
                "extension-reason_given": "Nämnden sammanträder efter svarsdatum.",
            },
        )
    )
    decide = remiss.branch_task(process, ReferralFlow.decide_extension, sbn)
    client.force_login(slk_officer)
    assert task_url(decide) in client.get(reverse("tasks:mine")).content.decode()
    ok(client.get(task_url(decide)), 200)
    ok(client.post(task_url(decide), {"grant": "True", "note": "Beviljas."}))
    sbn.refresh_from_db()
    extension = sbn.extensions.get()
    assert extension.state == Extension.State.GRANTED and sbn.deadline == later
    recorded(extension, stadsbyggnad.officer, "extension requested")
    recorded(extension, slk_officer, "extension decided")
    client.force_login(stadsbyggnad.officer)
    ok(
        client.post(
            task_url(drafting, "decline"),
            {"decline-reason_given": "Frågan rör inte nämndens ansvarsområde."},
        )
    )
    sbn.refresh_from_db()
    assert sbn.state == State.DECLINED
    recorded(sbn, stadsbyggnad.officer, "declined to answer")

    # 7. The join: the answer dashboard and the compiled summary.
    client.force_login(slk_officer)
    dashboard = ok(client.get(reverse("referrals:dashboard", args=[referral.pk])), 200)
    page = dashboard.content.decode()
    for side in sides:
        assert side.organisation.name in page
    compile_task = remiss.open_task(process, ReferralFlow.compile_answers)
    page = ok(client.get(task_url(compile_task)), 200)
    draft = page.context["form"].initial["summary"]
    assert "Trafikkontoret" in draft
    ok(client.post(task_url(compile_task), {"summary": draft}))
    referral.refresh_from_db()
    process.refresh_from_db()
    assert referral.state == Referral.State.COMPILED
    assert process.status == PROCESS.NEW
    recorded(referral, slk_officer, "answers compiled")

    # 8. The rapporteur's memorandum quotes the summary (R79).
    detail = ok(
        client.get(reverse("referrals:referral_detail", args=[referral.pk])), 200
    )
    memo_url = reverse("referrals:memorandum_create", args=[referral.pk])
    assert memo_url in detail.content.decode()
    ok(client.get(memo_url), 200)
    ok(
        client.post(
            memo_url,
            {
                "title": TITLE,
                "commissioner_office": board["rotel"].pk,
                "office_numeral": "I",
                "rapporteur": board["rapporteur"].pk,
                "clauses": "Förslaget till internationell strategi godkänns.",
                "opinions": "Remissinstanserna är i huvudsak positiva.",
            },
        )
    )
    memorandum = Memorandum.objects.get(case=case)
    assert draft in memorandum.preparation
    recorded(memorandum, slk_officer, "memorandum drafted")

    # 9. BRB, then KS, treat it; the KS minutes are approved.
    secretary = board["secretary"]
    agenda_url = reverse("referrals:memorandum_agenda", args=[memorandum.pk])
    for code, text in (
        (
            "brb",
            "Borgarrådsberedningen föreslår att kommunstyrelsen godkänner förslaget.",
        ),
        ("ks", "Förslaget till internationell strategi godkänns."),
    ):
        body = board[code]
        client.force_login(secretary)
        ok(client.get(agenda_url), 200)
        ok(client.post(agenda_url, {"meeting": body["meeting"].pk}))
        item = hold_meeting(
            client,
            secretary,
            body["meeting"],
            body["chair"],
            body["checker"],
            body["checker_person"],
            text,
        )
        assert item.proposal_id == memorandum.proposal_id
        recorded(item, secretary, "memorandum put on the agenda")

    # 10. The scheduler (manage.py workflow_timers, every minute) sees the KS
    # minutes approved: the case closes by itself and the referral flow ends
    # (c.1 KS_BESLUT → JUSTERAT, R24).
    call_command("workflow_timers", verbosity=0)
    case.refresh_from_db()
    process.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert process.status == PROCESS.DONE
    recorded(case, slk_officer, CLOSED_AFTER_DECISION)
    client.force_login(registrar)
    page = ok(client.get(case.get_absolute_url()), 200)
    assert page.context["case"].closed_on == case.closed_on
    diagram = next(d for d in page.context["diagrams"] if d["process"] == process)
    assert diagram["current"] == []
    closings = [e for e in timeline(case) if e.what == gettext("Case closed")]
    assert [e.case_number for e in closings] == [case.registration_number]
    assert system_user.pk not in set(
        referral.history.values_list("history_user_id", flat=True)
    )
    assert system_user.pk not in set(
        case.history.values_list("history_user_id", flat=True)
    )
