import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from casework import clock
from casework.registry import services
from casework.registry.models import Document, DocumentVersion
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def t_case(city, t_registrar, karin):
    return make_case(city.t_register, t_registrar, case_officer=karin)


def test_an_incoming_document_is_official_on_arrival(t_case, t_registrar):
    """R58: an incoming document is official when it arrives (TF 2:9)."""
    document = make_document(t_case, t_registrar, direction=Document.Direction.INCOMING)
    assert document.is_official
    assert document.official_because == Document.OfficialBecause.RECEIVED
    assert document.versions.get().frozen


def test_a_drawn_up_document_starts_as_a_draft(t_case, karin):
    """R59: a drawn-up document is not official until dispatched or decided."""
    document = make_document(t_case, karin)
    assert document.state == Document.State.DRAFT
    assert not document.versions.get().frozen


def test_editing_a_draft_changes_it_in_place_and_keeps_the_history(t_case, karin):
    document = make_document(t_case, karin, body="Första utkast")
    services.revise_document(
        document=document, title="TU", body="Andra utkast", actor=karin, reason="språk"
    )
    version = document.versions.get()
    assert version.body == "Andra utkast"
    assert [row.body for row in version.history.order_by("history_id")] == [
        "Första utkast",
        "Andra utkast",
    ]


def test_changing_an_official_document_creates_a_new_version(t_case, karin):
    """R57–R61: an official document is immutable; a change is a new version."""
    document = make_document(t_case, karin, body="Beslutad text")
    services.make_official(
        document=document,
        because=Document.OfficialBecause.DECIDED,
        actor=karin,
        reason="nämndens beslut",
    )
    services.revise_document(
        document=document,
        title="TU",
        body="Rättad text",
        actor=karin,
        reason="rättelse",
    )
    first, second = document.versions.order_by("number")
    assert (first.number, first.body, first.frozen) == (1, "Beslutad text", True)
    assert (second.number, second.body) == (2, "Rättad text")
    assert second.note == "rättelse"


def test_a_frozen_version_refuses_a_direct_save(t_case, t_registrar):
    """R57: the content of an official document cannot be changed by any path."""
    document = make_document(t_case, t_registrar, direction=Document.Direction.INCOMING)
    version = DocumentVersion.objects.get(document=document)
    version.body = "ändrad i efterhand"
    with pytest.raises(ValidationError) as error:
        version.save()
    assert error.value.code == "version_frozen"
    assert DocumentVersion.objects.get(pk=version.pk).body == ""


def test_an_official_document_cannot_become_a_draft_again(t_case, t_registrar):
    document = make_document(t_case, t_registrar, direction=Document.Direction.INCOMING)
    document = Document.objects.get(pk=document.pk)
    document.state = Document.State.DRAFT
    with pytest.raises(ValidationError) as error:
        document.save()
    assert error.value.code == "official_is_final"


def test_only_an_outgoing_document_is_dispatched(t_case, karin):
    """R59a: dispatch (expediering) applies to documents sent out."""
    document = make_document(t_case, karin)
    with pytest.raises(ValidationError) as error:
        services.make_official(
            document=document,
            because=Document.OfficialBecause.DISPATCHED,
            actor=karin,
            reason="skickad",
        )
    assert error.value.code == "dispatch_not_outgoing"


def test_dispatching_an_outgoing_letter_makes_it_official(t_case, karin):
    """R59a: an outgoing document becomes official when dispatched."""
    document = make_document(t_case, karin, direction=Document.Direction.OUTGOING)
    services.make_official(
        document=document,
        because=Document.OfficialBecause.DISPATCHED,
        actor=karin,
        reason="expedierad till kommunstyrelsen",
    )
    document.refresh_from_db()
    assert document.is_official
    assert document.official_since is not None


def test_a_working_note_never_becomes_official(t_case, karin):
    """R60: a working note (minnesanteckning) is not an official document."""
    note = make_document(t_case, karin, kind=Document.Kind.WORKING_NOTE)
    with pytest.raises(ValidationError) as error:
        services.make_official(
            document=note,
            because=Document.OfficialBecause.APPROVED,
            actor=karin,
            reason="x",
        )
    assert error.value.code == "working_note_not_official"


def test_closing_a_case_makes_its_drafts_official_but_not_working_notes(
    t_case, karin, t_registrar
):
    """R59b, R60: drafts become official when the case is concluded; notes do not."""
    report = make_document(t_case, karin)
    note = make_document(t_case, karin, kind=Document.Kind.WORKING_NOTE)
    services.close_case(case=t_case, actor=t_registrar, reason="slutbehandlat")
    report.refresh_from_db()
    note.refresh_from_db()
    assert report.official_because == Document.OfficialBecause.CASE_CONCLUDED
    assert note.state == Document.State.DRAFT
    assert t_case.closed_on == datetime.date.today()


def test_nothing_can_be_registered_in_a_closed_case(t_case, t_registrar):
    services.close_case(case=t_case, actor=t_registrar, reason="klart")
    with pytest.raises(ValidationError) as error:
        make_document(t_case, t_registrar)
    assert error.value.code == "case_closed"


def test_documents_are_numbered_in_order_within_their_case(t_case, karin):
    first = make_document(t_case, karin)
    second = make_document(t_case, karin)
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.designation == f"{t_case.registration_number}-2"


def test_an_incoming_document_needs_a_sender(t_case, t_registrar):
    """R54: sender or recipient is part of the registration."""
    with pytest.raises(ValidationError) as error:
        make_document(
            t_case, t_registrar, direction=Document.Direction.INCOMING, counterpart=""
        )
    assert error.value.error_dict["counterpart"][0].code == "counterpart_required"


def test_an_incoming_document_cannot_have_arrived_after_today(t_case, t_registrar):
    """R55: the arrival date is the day the document reached the authority;
    today and earlier days are taken, tomorrow is refused and nothing is kept."""
    today = clock.today()
    for day in (today - datetime.timedelta(days=30), today):
        make_document(
            t_case,
            t_registrar,
            direction=Document.Direction.INCOMING,
            dated=day,
            late_reason="Låg i fel fack.",
        )
    with pytest.raises(ValidationError) as error:
        make_document(
            t_case,
            t_registrar,
            direction=Document.Direction.INCOMING,
            dated=today + datetime.timedelta(days=1),
        )
    assert error.value.error_dict["dated"][0].code == "arrival_in_future"
    assert t_case.documents.count() == 2


def test_a_drawn_up_document_may_carry_a_later_date(t_case, karin):
    """A document drawn up now may be dated for the day it will be signed."""
    later = clock.today() + datetime.timedelta(days=7)
    assert make_document(t_case, karin, dated=later).dated == later


def test_a_correction_of_the_register_entry_keeps_the_old_entry(t_case, t_registrar):
    """R56: register entries are never stripped; corrections are logged."""
    document = make_document(t_case, t_registrar, direction=Document.Direction.INCOMING)
    services.correct_registration(
        document=document,
        counterpart="Kommunstyrelsen",
        public_description="Remiss: internationell strategi",
        protected_description="",
        actor=t_registrar,
        reason="felstavad beskrivning",
    )
    descriptions = list(
        document.history.order_by("history_id").values_list(
            "public_description", flat=True
        )
    )
    assert descriptions == [
        "Tjänsteutlåtande om remissen",
        "Remiss: internationell strategi",
    ]


def test_attaching_to_an_official_document_leaves_the_official_version_alone(
    t_case, t_registrar
):
    document = make_document(t_case, t_registrar, direction=Document.Direction.INCOMING)
    upload = SimpleUploadedFile("remiss.pdf", b"%PDF-1.7 remiss", "application/pdf")
    attachment = services.add_attachment(
        document=document, upload=upload, actor=t_registrar, reason="skannad"
    )
    assert attachment.version.number == 2
    assert document.versions.get(number=1).attachments.count() == 0
    assert attachment.original_name == "remiss.pdf"
    assert attachment.content_type == "application/pdf"


def test_a_new_version_of_an_official_document_is_frozen_too(t_case, t_registrar):
    """R57: every version of an official document is immutable."""
    document = make_document(t_case, t_registrar, direction=Document.Direction.INCOMING)
    second = services.revise_document(
        document=document, title="Remiss", body="rättad", actor=t_registrar, reason="r"
    )
    assert second.frozen
    third = services.revise_document(
        document=document, title="Remiss", body="igen", actor=t_registrar, reason="r"
    )
    assert (second.number, third.number) == (2, 3)
    assert DocumentVersion.objects.get(pk=second.pk).body == "rättad"


def test_a_file_registered_with_an_incoming_document_belongs_to_its_first_version(
    t_case, t_registrar
):
    upload = SimpleUploadedFile("remiss.pdf", b"%PDF-1.7 remiss", "application/pdf")
    document = make_document(
        t_case, t_registrar, direction=Document.Direction.INCOMING, upload=upload
    )
    version = document.versions.get()
    assert version.frozen
    assert version.attachments.get().original_name == "remiss.pdf"
