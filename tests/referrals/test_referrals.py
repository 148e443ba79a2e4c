import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from casework import clock
from casework.referrals import services
from casework.referrals.models import Extension, Referral, ReferralRecipient
from casework.registry.models import CaseLink, Document
from tests.builders import Role, make_staff

pytestmark = pytest.mark.django_db
State = ReferralRecipient.State


def test_a_referral_without_a_response_deadline_is_refused(ks_case, city, slk_officer):
    """R40: a referral states the date the answer is due."""
    with pytest.raises(ValidationError) as error:
        services.prepare_referral(
            case=ks_case,
            question="Synpunkter",
            response_deadline=None,
            recipients=[city.trn],
            actor=slk_officer,
            reason="remiss",
        )
    assert error.value.code == "deadline_required"
    assert not Referral.objects.exists()


def test_a_recipient_without_a_register_is_refused(
    ks_case, city, slk_officer, deadline
):
    from tests.builders import Kind, make_organisation

    sbn = make_organisation("sbn", "Stadsbyggnadsnämnden", Kind.COMMITTEE)
    with pytest.raises(ValidationError) as error:
        services.prepare_referral(
            case=ks_case,
            question="x",
            response_deadline=deadline,
            recipients=[sbn],
            actor=slk_officer,
            reason="remiss",
        )
    assert error.value.code == "no_register_for_recipient"


def test_dispatch_registers_the_letter_as_an_official_outgoing_document(dispatched):
    """R59a: dispatching makes the letter official."""
    letter = dispatched.letter
    assert (letter.direction, letter.state) == (
        Document.Direction.OUTGOING,
        Document.State.OFFICIAL,
    )
    assert letter.official_because == Document.OfficialBecause.DISPATCHED
    assert (
        "Trafiknämnden" in letter.counterpart
        and "Exploateringsnämnden" in letter.counterpart
    )
    assert set(dispatched.recipients.values_list("state", flat=True)) == {State.SENT}


def test_the_recipient_registers_the_referral_under_its_own_number(received, city):
    """R1, R42: the committee's own register and number, linked to the KS case."""
    case = received.committee_case
    assert case.register == city.t_register
    assert case.registration_number.startswith("T")
    assert case.organisation == city.trn
    assert CaseLink.objects.filter(
        from_case=case, to_case=received.referral.case, kind="referral"
    ).exists()
    incoming = case.documents.get()
    assert incoming.is_official and incoming.direction == Document.Direction.INCOMING
    assert received.state == State.RECEIVED


def test_another_departments_registrar_cannot_register_the_referral(
    trn_recipient, e_registrar
):
    with pytest.raises(PermissionDenied):
        services.receive_referral(
            recipient=trn_recipient, actor=e_registrar, reason="x"
        )
    trn_recipient.refresh_from_db()
    assert trn_recipient.committee_case is None


def test_a_granted_extension_moves_only_that_recipients_deadline(
    received, dispatched, karin, slk_officer, deadline
):
    later = deadline + datetime.timedelta(days=14)
    extension = services.request_extension(
        recipient=received,
        requested_until=later,
        reason_given="Nämnden sammanträder sent.",
        actor=karin,
        reason="anstånd",
    )
    services.decide_extension(
        extension=extension, grant=True, actor=slk_officer, reason="beviljat"
    )
    received.refresh_from_db()
    other = dispatched.recipients.exclude(pk=received.pk).get()
    assert (received.deadline, received.state) == (later, State.EXTENSION_GRANTED)
    assert other.deadline == deadline


def test_a_refused_extension_leaves_the_deadline(
    received, karin, slk_officer, deadline
):
    extension = services.request_extension(
        recipient=received,
        requested_until=deadline + datetime.timedelta(days=7),
        reason_given="Semester",
        actor=karin,
        reason="anstånd",
    )
    services.decide_extension(
        extension=extension, grant=False, actor=slk_officer, reason="avslag"
    )
    received.refresh_from_db()
    assert received.deadline == deadline
    assert Extension.objects.get().state == Extension.State.REFUSED


@pytest.mark.parametrize(
    ("requested_days", "reason_given", "code"),
    [(0, "x", "extension_not_later"), (7, "  ", "extension_reason_required")],
)
def test_an_extension_request_needs_a_later_date_and_a_reason(
    received, karin, deadline, requested_days, reason_given, code
):
    with pytest.raises(ValidationError) as error:
        services.request_extension(
            recipient=received,
            requested_until=deadline + datetime.timedelta(days=requested_days),
            reason_given=reason_given,
            actor=karin,
            reason="anstånd",
        )
    assert error.value.code == code


def test_reminders_go_out_once_at_each_offset(
    received,
    karin,
    t_registrar,
    system_user,
    deadline,
    django_capture_on_commit_callbacks,
):
    """Reminders 14 and 3 days before and 1 day after the deadline."""
    received.committee_case.case_officer = karin
    received.committee_case.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_due_reminders(
            today=deadline - datetime.timedelta(days=14),
            actor=system_user,
            reason="påminnelse",
        )
        again = services.send_due_reminders(
            today=deadline - datetime.timedelta(days=13),
            actor=system_user,
            reason="påminnelse",
        )
        later = services.send_due_reminders(
            today=deadline + datetime.timedelta(days=1),
            actor=system_user,
            reason="påminnelse",
        )
    # Two recipients: each gets the reminder due by that day, once.
    assert (first.sent, again.sent, later.sent) == (2, 0, 4)
    assert not (first.failed or again.failed or later.failed)
    assert received.reminders.count() == 3
    to_trafikkontoret = [m for m in mail.outbox if karin.email in m.to]
    assert len(to_trafikkontoret) == 3
    assert all(t_registrar.email in m.to for m in to_trafikkontoret)
    assert received.referral.case.registration_number in to_trafikkontoret[0].subject


def test_an_open_recipient_past_its_deadline_is_overdue(
    received, system_user, deadline
):
    count = services.mark_overdue(
        today=deadline + datetime.timedelta(days=1), actor=system_user, reason="t"
    )
    received.refresh_from_db()
    assert count == 2
    assert received.state == State.OVERDUE


def test_declining_needs_a_reason_and_closes_the_branch(received, karin):
    with pytest.raises(ValidationError):
        services.decline_referral(
            recipient=received, reason_given="", actor=karin, reason="x"
        )
    services.decline_referral(
        recipient=received,
        reason_given="Berör inte nämnden.",
        actor=karin,
        reason="avstår",
    )
    received.refresh_from_db()
    assert received.state == State.DECLINED and not received.is_open


def test_the_join_waits_for_every_branch(dispatched, received, karin, deadline):
    assert not services.all_branches_closed(dispatched)
    services.decline_referral(
        recipient=received, reason_given="Ej berörd", actor=karin, reason="x"
    )
    assert not services.all_branches_closed(dispatched)
    assert services.all_branches_closed(
        dispatched, today=deadline + datetime.timedelta(days=1)
    )


def test_the_answer_is_registered_in_both_registers(received, karin, t_registrar):
    """R42, R61c: outgoing at the committee, incoming at KS under the KS number."""
    from casework.registry import services as registry

    extract = registry.register_document(
        case=received.committee_case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.MINUTES_EXTRACT,
        title="Protokollsutdrag § 15",
        public_description="Protokollsutdrag",
        body="Trafiknämnden överlämnar …",
        actor=t_registrar,
        reason="utdrag",
    )
    services.dispatch_response(
        recipient=received,
        documents=[extract],
        stance="with_comments",
        decision_text="Trafiknämnden överlämnar och åberopar kontorets tjänsteutlåtande.",
        actor=t_registrar,
        reason="expedierat",
    )
    received.refresh_from_db()
    ks_case = received.referral.case
    outgoing = received.committee_case.documents.get(
        direction=Document.Direction.OUTGOING
    )
    incoming = ks_case.documents.get(direction=Document.Direction.INCOMING)
    assert outgoing.is_official and outgoing.counterpart == "Kommunstyrelsen"
    assert incoming.is_official and incoming.counterpart == "Trafiknämnden"
    assert received.state == State.ANSWERED and received.stance == "with_comments"


def test_answers_are_compiled_into_a_summary(dispatched, slk_officer):
    services.compile_answers(
        referral=dispatched,
        summary="Nämnderna är i huvudsak positiva.",
        actor=slk_officer,
        reason="sammanställt",
    )
    assert dispatched.state == Referral.State.COMPILED


def test_the_deadline_guard_warns_when_the_next_meeting_is_too_late(received, city):
    """R44: warn when the minutes of the next meeting are approved after the deadline."""
    from casework.meetings.services import meetings
    from casework.referrals.guards import check_deadline

    secretary = make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)
    assert not check_deadline(received).ok
    meetings.plan_meeting(
        organisation=city.trn,
        held_on=received.deadline - datetime.timedelta(days=3),
        actor=secretary,
        reason="t",
    )
    assert not check_deadline(received).ok
    meetings.plan_meeting(
        organisation=city.trn,
        held_on=clock.today() + datetime.timedelta(days=1),
        actor=secretary,
        reason="t",
    )
    assert check_deadline(received).ok


def test_a_referral_registered_earlier_is_tied_to_the_existing_case(
    trn_recipient, city, t_registrar, e_registrar
):
    """R42: the recipient's own earlier case becomes its case for the referral."""
    from tests.builders import make_case

    existing = make_case(city.t_register, t_registrar, title="Internationell strategi")
    foreign = make_case(city.e_register, e_registrar, title="Fel diarium")
    with pytest.raises(ValidationError) as error:
        services.receive_into_existing_case(
            recipient=trn_recipient, case=foreign, actor=t_registrar, reason="x"
        )
    assert error.value.code == "case_not_in_register"
    services.receive_into_existing_case(
        recipient=trn_recipient, case=existing, actor=t_registrar, reason="registrerad"
    )
    trn_recipient.refresh_from_db()
    assert trn_recipient.committee_case == existing
    assert trn_recipient.state == State.RECEIVED
    assert CaseLink.objects.filter(
        from_case=existing, to_case=trn_recipient.referral.case
    ).exists()


@pytest.mark.parametrize("question", ["", "   \n", " …?! "])
def test_a_referral_that_does_not_say_what_it_concerns_is_refused_R40(
    ks_case, city, slk_officer, deadline, question
):
    """R40: a referral states what the answer concerns; nothing is written."""
    with pytest.raises(ValidationError) as error:
        services.prepare_referral(
            case=ks_case,
            question=question,
            response_deadline=deadline,
            recipients=[city.trn],
            actor=slk_officer,
            reason="remiss",
        )
    assert error.value.error_dict["question"][0].code == "question_required"
    assert not Referral.objects.exists()
    assert not ReferralRecipient.objects.exists()
