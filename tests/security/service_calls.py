"""How the service × role matrix calls each service: for every public service
function, a builder that returns its arguments (all but ``actor`` and
``reason``) for an object of the world in a state where the act is otherwise
allowed. A builder runs inside the cell's savepoint, so it may first bring the
object into that state through other services (as the committee secretary or
the system account); everything is rolled back after the cell."""

import datetime

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.directory import services as directory
from casework.directory.models import Assignment, Organisation, Party, Person, User
from casework.meetings.models import Meeting
from casework.meetings.services import delegation
from casework.meetings.services import meetings as meeting_services
from casework.publicity.services import disclosure, requests
from casework.referrals import memoranda
from casework.referrals import services as referrals
from casework.referrals.models import ReferralRecipient
from casework.registry import services as registry
from casework.registry.models import Document, Register
from tests.security.conftest import person

SET_UP = "tjänstematris: uppbyggnad"
TODAY = datetime.date.today


def fresh(obj):
    """``obj`` read again: a cell before may have changed the copy."""
    return type(obj)._default_manager.get(pk=obj.pk)


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def secretary(w) -> User:
    return w.users["sekreterare.trn"]


def system(w) -> User:
    return User.objects.get(username="system")


# --- directory ----------------------------------------------------------------------


def _without_login() -> Person:
    return Person.objects.filter(user=None).order_by("pk").first()


def _new_login(w) -> User:
    return directory.create_user(
        username="matris.inloggning",
        first_name="Matris",
        last_name="Inloggning",
        email="inloggning@example.invalid",
        password=None,
        actor=system(w),
        reason=SET_UP,
    )


DIRECTORY = {
    "create_organisation": lambda w: {
        "code": "matris",
        "name": "Matrisnämnden",
        "kind": Organisation.Kind.COMMITTEE,
    },
    "update_organisation_rules": lambda w: {
        "organisation": org("trn"),
        "special_statements": Organisation.SpecialStatements.PARTICIPANTS,
        "substitutes_may_record_opinion": True,
    },
    "create_party": lambda w: {"code": "MX", "name": "Matrispartiet"},
    "add_party_designation": lambda w: {
        "party": Party.objects.get(code="MP"),
        "code": "MPX",
        "name": "Miljöpartiet (äldre)",
        "valid_from": datetime.date(1981, 1, 1),
        "valid_to": datetime.date(1982, 12, 31),
    },
    "create_person": lambda w: {"first_name": "Matris", "last_name": "Person"},
    "link_user": lambda w: {"person": _without_login(), "user": _new_login(w)},
    "create_user": lambda w: {
        "username": "matris.konto",
        "first_name": "Matris",
        "last_name": "Konto",
        "email": "matris@example.invalid",
        "password": None,
    },
    "appoint": lambda w: {
        "person": _without_login(),
        "organisation": org("trn"),
        "role": Assignment.Role.SUBSTITUTE,
        "valid_from": TODAY(),
    },
    "end_assignment": lambda w: {
        "assignment": Assignment.objects.filter(organisation__code="trn")
        .order_by("-valid_from", "pk")
        .first(),
        "ended_on": TODAY(),
    },
    "grant_staff_role": lambda w: {
        "user": fresh(w.staff.slk_officer),
        "role": "registrar",
        "organisation": org("slk"),
    },
    "revoke_staff_role": lambda w: {
        "staff_role": fresh(w.staff.tk_registrar).staff_roles.get()
    },
    "create_group": lambda w: {
        "name": "Matrisgruppen",
        "permissions": ["signin.unlock_login"],
    },
    "admit_to_administration": lambda w: {
        "user": fresh(w.staff.slk_officer),
        "groups": list(Group.objects.order_by("pk")[:1]),
    },
}

# --- registry -----------------------------------------------------------------------


def _revised_draft(w) -> dict:
    """The draft with a second version, its first version's file to copy."""
    registry.revise_document(
        document=fresh(w.t_draft),
        title="Utkast, version 2",
        body="Ny text",
        actor=w.users["karin.dhakal"],
        reason=SET_UP,
    )
    versions = fresh(w.t_draft).versions.order_by("number")
    return {"source": versions.first(), "target": versions.last()}


REGISTRY = {
    "register_case": lambda w: {
        "register": Register.objects.get(code="tk"),
        "title": "Matrisärende",
    },
    "import_case": lambda w: {
        "register": Register.objects.get(code="tk"),
        "registration_number": "T2009-00917",
        "title": "Äldre ärende",
        "registered_on": datetime.date(2009, 3, 2),
    },
    "create_register": lambda w: {
        "organisation": org("tk"),
        "code": "tkx",
        "name": "Trafikkontorets andra diarium",
        "number_format": "TX{year}-{seq:05}",
        "number_pattern": r"TX(?P<year>\d{4})-(?P<seq>\d{5})",
    },
    "update_case": lambda w: {"case": fresh(w.t_case), "title": "Nytt namn"},
    "assign_case_officer": lambda w: {
        "case": fresh(w.t_case),
        "officer": w.users["karin.dhakal"],
    },
    "close_case": lambda w: {"case": fresh(w.t_case)},
    "link_cases": lambda w: {
        "from_case": fresh(w.t_case),
        "to_case": fresh(w.t_report_case),
        "kind": "related",
    },
    "register_document": lambda w: {
        "case": fresh(w.t_case),
        "direction": Document.Direction.INCOMING,
        "title": "Skrivelse",
        "public_description": "Skrivelse från Trafikverket",
        "counterpart": "Trafikverket",
    },
    "revise_document": lambda w: {
        "document": fresh(w.t_draft),
        "title": "Utkast, reviderat",
        "body": "Reviderad text",
    },
    "add_attachment": lambda w: {
        "document": fresh(w.t_draft),
        "upload": SimpleUploadedFile("matris.txt", b"Bilaga", "text/plain"),
    },
    "copy_attachments": _revised_draft,
    "correct_registration": lambda w: {
        "document": fresh(w.t_incoming),
        "counterpart": "Trafikverket Region Stockholm",
        "public_description": "Inkommen skrivelse, rättad",
        "protected_description": "",
    },
    "make_official": lambda w: {
        "document": fresh(w.t_draft),
        "because": Document.OfficialBecause.APPROVED,
    },
    "mark_confidential": lambda w: {
        "document": fresh(w.t_incoming),
        "provision": "OSL 21 kap. 3 §",
        "marked_on": TODAY(),
        "authority": org("trn"),
    },
    "lift_confidentiality": lambda w: {"marking": fresh(w.t_marking)},
}


def as_secretary(w) -> dict:
    return {"actor": secretary(w), "reason": SET_UP}


# --- delegation, chair decisions, council motions -----------------------------------


def _unreported_decision(w) -> Organisation:
    """Trafiknämnden with a delegated decision not yet in a protocol."""
    trn = org("trn")
    delegation.record_delegated_decision(
        organisation=trn,
        delegate="Trafikdirektören",
        delegation_point="3.1",
        decided_on=TODAY() - datetime.timedelta(days=1),
        text="Beslut",
        registration_number="T2026-00998",
        matter="ordinary",
        appealable=True,
        reported=False,
        **as_secretary(w),
    )
    return trn


def _planned_expn_meeting(w) -> Meeting:
    expn_secretary = w.users["sekreterare.expn"]
    return meeting_services.plan_meeting(
        organisation=org("expn"),
        held_on=TODAY() + datetime.timedelta(days=30),
        actor=expn_secretary,
        reason=SET_UP,
    )


BOARD = {
    "record_chair_decision": lambda w: {
        "organisation": org("expn"),
        "decided_by": person("Mona Provsson"),
        "decided_on": TODAY(),
        "registration_number": "E2026-00997",
        "text": "Ordförandebeslut",
        "urgency": "Brådska",
    },
    "report_at_planned_meeting": lambda w: {"meeting": _planned_expn_meeting(w)},
    "record_council_motion": lambda w: {
        "case": fresh(w.ks_motion_case),
        "kind": "motion",
        "lodged_on": TODAY() - datetime.timedelta(days=10),
        "submitted_by": "Motionär",
    },
    "strike_off_motion": lambda w: {
        "motion": fresh(w.council_motion),
        "struck_on": TODAY(),
        "decision_reference": "KF 2026-04-20 § 14",
    },
    "report_preparation_state": lambda w: {
        "motion": fresh(w.council_motion),
        "reported_on": TODAY(),
        "text": "Beredningen pågår",
    },
    "record_delegated_decision": lambda w: {
        "organisation": org("trn"),
        "delegate": "Trafikdirektören",
        "delegation_point": "3.1",
        "decided_on": TODAY() - datetime.timedelta(days=1),
        "text": "Beslut",
        "registration_number": "T2026-00996",
        "matter": "ordinary",
    },
    "draw_up_delegation_protocol": lambda w: {"organisation": _unreported_decision(w)},
    "post_delegation_notice": lambda w: {
        "protocol": fresh(w.delegation_protocol),
        "minutes_kept_at": "Trafikkontoret",
    },
    "start_new_version": lambda w: {"organisation": org("expn")},
    "save_point": lambda w: {
        "order": fresh(w.delegation_draft),
        "number": "9.99",
        "matter": "Matrispunkt",
        "category": "ordinary",
        "delegate_kind": "employee",
        "delegate": "Avdelningschef",
    },
    "adopt_order": lambda w: {
        "order": fresh(w.delegation_draft),
        "adopted_on": TODAY(),
        "decision_paragraph": "§ 12",
    },
}

# --- publicity ----------------------------------------------------------------------


def _masked(document) -> str:
    """The document's text with its first word marked to be masked."""
    body = document.versions.order_by("-number").first().body
    first, _space, rest = body.partition(" ")
    return f"[[{first}]] {rest}" if rest else f"[[{first}]]"


def _marked_paragraph(w):
    """The third item of the meeting three days ago, marked as secret."""
    return disclosure.mark_paragraph_secret(
        item=fresh(w.item_done),
        provision="OSL 21 kap. 3 §",
        actor=secretary(w),
        reason=SET_UP,
    ).item


def _withheld_request(w):
    """The request answered, the confidential letter refused."""
    request = fresh(w.open_request)
    requests.assess_document(
        request=request,
        document=fresh(w.t_conf),
        outcome="refused",
        provision="OSL 21 kap. 3 §",
        actor=w.staff.tk_registrar,
        reason=SET_UP,
    )
    return requests.answer_request(
        request=fresh(request),
        answer="Skrivelsen lämnas inte ut",
        actor=w.staff.tk_registrar,
        reason=SET_UP,
    )


def _referred_request(w):
    return requests.ask_for_decision(
        request=_withheld_request(w), actor=w.staff.tk_registrar
    )


PUBLICITY = {
    "create_masked_rendition": lambda w: {
        "document": fresh(w.t_conf),
        "marked_text": _masked(w.t_conf),
        "default_provision": "OSL 21 kap. 3 §",
    },
    "mark_paragraph_secret": lambda w: {
        "item": fresh(w.item_done),
        "provision": "OSL 21 kap. 3 §",
    },
    "unmark_paragraph_secret": lambda w: {"item": _marked_paragraph(w)},
    "publish_document": lambda w: {"document": fresh(w.t_decided)},
    "withdraw_publication": lambda w: {"document": fresh(w.published_report)},
    "assess_document": lambda w: {
        "request": fresh(w.open_request),
        "document": fresh(w.t_incoming),
        "outcome": "released",
    },
    "answer_request": lambda w: {
        "request": fresh(w.open_request),
        "answer": "Handlingarna bifogas",
    },
    "ask_for_decision": lambda w: {"request": _withheld_request(w)},
    "decide_refusal": lambda w: {
        "request": _referred_request(w),
        "grounds": "Sekretess enligt OSL 21 kap. 3 §",
    },
}

# --- referrals ----------------------------------------------------------------------


def _draft_referral(w):
    return referrals.prepare_referral(
        case=fresh(w.ks_case),
        question="Synpunkter?",
        response_deadline=TODAY() + datetime.timedelta(days=40),
        recipients=[org("trn")],
        actor=w.staff.slk_officer,
        reason=SET_UP,
    )


def _overdue(w) -> ReferralRecipient:
    recipient = fresh(w.e_recipient)
    ReferralRecipient.objects.filter(pk=recipient.pk).update(
        deadline=TODAY() - datetime.timedelta(days=1)
    )
    return fresh(recipient)


def _unregistered_recipient(w) -> ReferralRecipient:
    referral = _draft_referral(w)
    referrals.dispatch_referral(
        referral=referral, actor=w.staff.slk_officer, reason=SET_UP
    )
    return referral.recipients.get()


def _answer_document(w) -> Document:
    """An official document of the committee's case to send with the answer."""
    return registry.register_document(
        case=fresh(w.t_recipient).committee_case,
        direction=Document.Direction.INCOMING,
        title="Yttrande från trafikverket",
        public_description="Yttrande från Trafikverket",
        counterpart="Trafikverket",
        actor=w.staff.tk_registrar,
        reason=SET_UP,
    )


def _compiled(w):
    """The referral with the answers compiled."""
    return referrals.compile_answers(
        referral=fresh(w.referral),
        summary="Sammanställning",
        actor=w.staff.slk_officer,
        reason=SET_UP,
    )


REFERRALS = {
    "prepare_referral": lambda w: {
        "case": fresh(w.ks_case),
        "question": "Synpunkter?",
        "response_deadline": TODAY() + datetime.timedelta(days=40),
        "recipients": [org("trn")],
    },
    "add_recipient": lambda w: {
        "referral": _draft_referral(w),
        "organisation": org("expn"),
    },
    "dispatch_referral": lambda w: {"referral": _draft_referral(w)},
    "receive_referral": lambda w: {"recipient": _unregistered_recipient(w)},
    "receive_into_existing_case": lambda w: {
        "recipient": _unregistered_recipient(w),
        "case": fresh(w.t_case),
    },
    "request_extension": lambda w: {
        "recipient": fresh(w.e_recipient),
        "requested_until": fresh(w.e_recipient).deadline + datetime.timedelta(days=30),
        "reason_given": "Mer tid",
    },
    "decide_extension": lambda w: {
        "extension": fresh(w.t_recipient).extensions.get(decided_at=None),
        "grant": True,
    },
    "decline_referral": lambda w: {
        "recipient": fresh(w.e_recipient),
        "reason_given": "Inte berörd",
    },
    "record_progress": lambda w: {
        "recipient": fresh(w.t_recipient),
        "state": ReferralRecipient.State.ON_AGENDA,
    },
    "dispatch_response": lambda w: {
        "recipient": fresh(w.t_recipient),
        "documents": [_answer_document(w)],
        "stance": "endorse",
        "decision_text": "Nämnden tillstyrker",
    },
    "give_up_waiting": lambda w: {"recipient": _overdue(w)},
    "mark_overdue": lambda w: {"today": TODAY() + datetime.timedelta(days=400)},
    "send_due_reminders": lambda w: {"today": TODAY() + datetime.timedelta(days=55)},
    "compile_answers": lambda w: {
        "referral": fresh(w.referral),
        "summary": "Sammanställning",
    },
    "draw_up_memorandum@memoranda": lambda w: {
        "referral": _compiled(w),
        "rapporteur": w.memorandum.rapporteur,
        "commissioner_office": w.memorandum.commissioner_office,
        "office_numeral": "RI",
        "title": "Promemoria om remissen",
        "clauses": ["att godkänna"],
    },
    "revise_memorandum": lambda w: {
        "memorandum": (m := fresh(w.memorandum_draft)),
        "revision": memoranda.revision_of(m),
        "clauses": ["att godkänna reviderat"],
    },
    "put_memorandum_on_agenda": lambda w: {
        "memorandum": fresh(w.memorandum_draft),
        "meeting": fresh(w.ks_planned),
    },
    "close_after_decision": lambda w: {"referral": fresh(w.referral)},
    "unlock": lambda w: {"lockout": fresh(w.lockout)},
}
