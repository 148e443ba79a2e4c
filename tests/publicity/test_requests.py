"""R63: anyone may ask for official documents, anonymously; the request is
registered with the time received, each document is assessed afresh, the time
of the answer is logged, and a refusal becomes an appealable decision when the
requester asks for one."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from casework import clock
from casework.publicity.models import (
    Assessment,
    DocumentRequest,
    RefusalDecision,
    duration_text,
)
from casework.publicity.services import disclosure
from casework.publicity.services import requests as services
from tests.builders import Role, error_codes, make_staff
from tests.publicity.conftest import LETTER, SECRET

pytestmark = pytest.mark.django_db

Outcome = Assessment.Outcome


def receive(city, **fields):
    fields.setdefault("asked_for", "Skrivelsen om snöröjning på Hornsgatan")
    return services.receive_request(organisation=city.tk, **fields)


def masked_copy(letter, actor):
    return disclosure.create_masked_rendition(
        document=letter,
        marked_text=LETTER.replace(SECRET, f"[[{SECRET}]]"),
        default_provision="OSL 21 kap. 1 §",
        actor=actor,
        reason="masked copy made",
    )


def test_anyone_asks_anonymously_and_the_time_received_is_logged(city):
    """R63: no name, no contact, no purpose; no user recorded as actor."""
    moment = datetime.datetime(2016, 10, 3, 9, 15, tzinfo=datetime.UTC)
    with clock.acting_at(moment):
        request = receive(city)
    assert request.received_at == moment
    assert (request.requester_name, request.requester_contact) == ("", "")
    assert request.is_open and len(request.reference) >= 16
    row = request.history.get()
    assert row.history_user is None
    assert row.history_change_reason == "request received"


def test_a_request_names_a_number_or_a_description(city):
    with pytest.raises(ValidationError) as error:
        receive(city, asked_for="  ", registration_number="")
    assert error_codes(error.value) == {"nothing_asked_for"}
    assert not DocumentRequest.objects.exists()
    assert receive(city, asked_for="", registration_number="T2016-00001").pk


def test_the_registrar_assesses_each_document_and_the_response_time_is_logged(
    city, letter, t_registrar
):
    """R63, R65, R66: released masked, with the masked copy; the answer's time
    is logged and the response time shown in hours."""
    received = datetime.datetime(2016, 10, 3, 9, 0, tzinfo=datetime.UTC)
    with clock.acting_at(received):
        request = receive(city)
    rendition = masked_copy(letter, t_registrar)
    services.assess_document(
        request=request,
        document=letter,
        outcome=Outcome.MASKED,
        provision="21 kap. 1 §",
        rendition=rendition,
        actor=t_registrar,
        reason="document assessed",
    )
    with clock.acting_at(received + datetime.timedelta(hours=5, minutes=10)):
        services.answer_request(
            request=request, answer="", actor=t_registrar, reason="request answered"
        )
    request.refresh_from_db()
    assert request.state == DocumentRequest.State.ANSWERED
    assert request.response_time == datetime.timedelta(hours=5, minutes=10)
    assert request.response_time_text == "5 timmar"
    assessment = request.assessments.get()
    assert (assessment.provision, assessment.rendition) == (
        "OSL 21 kap. 1 §",
        rendition,
    )


def test_response_time_reads_in_days_beyond_two_days():
    assert duration_text(datetime.timedelta(days=3, hours=4)) == "3 dagar"
    assert duration_text(datetime.timedelta(hours=47)) == "47 timmar"


@pytest.mark.parametrize(
    ("outcome", "provision", "code"),
    [
        (Outcome.REFUSED, "", "provision_required"),
        (Outcome.REFUSED, "hemligt", "provision_required"),
        (Outcome.MASKED, "OSL 21 kap. 1 §", "rendition_required"),
    ],
)
def test_what_is_withheld_cites_a_provision_and_a_masked_copy(
    city, letter, t_registrar, outcome, provision, code
):
    request = receive(city)
    with pytest.raises(ValidationError) as error:
        services.assess_document(
            request=request,
            document=letter,
            outcome=outcome,
            provision=provision,
            actor=t_registrar,
            reason="document assessed",
        )
    assert error_codes(error.value) == {code}
    assert not Assessment.objects.exists()


def test_a_draft_is_not_assessed_as_an_official_document(city, draft, t_registrar):
    request = receive(city)
    with pytest.raises(ValidationError) as error:
        services.assess_document(
            request=request,
            document=draft,
            outcome=Outcome.RELEASED,
            actor=t_registrar,
            reason="document assessed",
        )
    assert error_codes(error.value) == {"not_official"}


def test_only_the_registrars_of_the_authority_handle_its_requests(
    city, letter, karin, e_registrar, auditor
):
    """The service asks who acts: case officer, another department's
    registrar, the auditor are refused and nothing is written."""
    request = receive(city)
    for actor in (karin, e_registrar, auditor):
        with pytest.raises(PermissionDenied):
            services.assess_document(
                request=request,
                document=letter,
                outcome=Outcome.RELEASED,
                actor=actor,
                reason="document assessed",
            )
        with pytest.raises(PermissionDenied):
            services.answer_request(
                request=request, answer="Svar", actor=actor, reason="request answered"
            )
    request.refresh_from_db()
    assert request.is_open and not request.assessments.exists()


def _refused(city, letter, t_registrar):
    request = receive(city)
    services.assess_document(
        request=request,
        document=letter,
        outcome=Outcome.REFUSED,
        provision="OSL 21 kap. 1 §",
        actor=t_registrar,
        reason="document assessed",
    )
    return services.answer_request(
        request=request, answer="", actor=t_registrar, reason="request answered"
    )


def test_a_refusal_is_a_decision_only_when_the_requester_asks_for_one(
    city, letter, t_registrar
):
    """R63: no decision unasked; asked for anonymously on the receipt, the
    decision states grounds, provision and the appeal to kammarrätten."""
    request = _refused(city, letter, t_registrar)
    with pytest.raises(ValidationError) as error:
        services.decide_refusal(
            request=request, grounds="Hälsouppgifter", actor=t_registrar, reason="r"
        )
    assert error.value.code == "decision_not_asked"
    services.ask_for_decision(request=request)
    decision = services.decide_refusal(
        request=request,
        grounds="Skrivelsen innehåller uppgifter om en enskilds hälsa.",
        actor=t_registrar,
        reason="refusal decided",
    )
    assert decision.provisions == "OSL 21 kap. 1 §"
    assert "kammarrätten" in decision.appeal_instructions
    assert "Trafikkontoret" in decision.appeal_instructions
    assert "tre veckor" in decision.appeal_instructions
    with pytest.raises(ValidationError) as error:
        services.decide_refusal(
            request=request, grounds="igen", actor=t_registrar, reason="r"
        )
    assert error.value.code == "already_decided"
    assert RefusalDecision.objects.count() == 1


def test_nothing_withheld_leaves_nothing_to_appeal(city, letter, t_registrar):
    request = receive(city)
    services.assess_document(
        request=request,
        document=letter,
        outcome=Outcome.RELEASED,
        actor=t_registrar,
        reason="document assessed",
    )
    with pytest.raises(ValidationError) as error:
        services.ask_for_decision(request=request)
    assert error.value.code == "nothing_withheld"  # still open, and nothing withheld
    services.answer_request(request=request, answer="", actor=t_registrar, reason="a")
    with pytest.raises(ValidationError):
        services.ask_for_decision(request=request)


def test_an_answered_request_takes_no_more_assessments(city, letter, t_registrar):
    request = _refused(city, letter, t_registrar)
    with pytest.raises(ValidationError) as error:
        services.answer_request(
            request=request, answer="igen", actor=t_registrar, reason="a"
        )
    assert error.value.code == "request_answered"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks")
def test_two_registrars_answering_at_once_answer_once(city, letter, t_registrar):
    """Race-safe: of two simultaneous answers one wins, the other is told the
    request is answered; the answer time is written once (50 trials)."""
    other = make_staff("registrator.tk2", Role.REGISTRAR, city.tk)
    outcomes = []
    for _trial in range(50):
        request = receive(city)
        barrier = threading.Barrier(2)
        results = []

        def answer(actor, request=request, barrier=barrier, results=results):
            barrier.wait()
            try:
                services.answer_request(
                    request=request, answer="Svar", actor=actor, reason="a"
                )
                results.append("ok")
            except ValidationError as error:
                results.append(error.code)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=answer, args=(u,)) for u in (t_registrar, other)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(sorted(results))
        assert request.history.filter(history_change_reason="a").count() == 1
    assert outcomes == [["ok", "request_answered"]] * 50
    print("\nanswer race: 50 trials, 0 double answers")
