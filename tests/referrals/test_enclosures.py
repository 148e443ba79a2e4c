"""What a remiss sends reaches its recipients: the staff of the receiving
committee and its department read and download the documents sent with it
(access follows the referral, by organisation), the copy registered at the
recipient carries the file, and a confidential enclosure stays with those
handling the referral there, each read logged (R42, R65, V5, rules.md (d))."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.models import ConfidentialRead
from casework.referrals import services
from casework.registry import services as registry
from casework.registry.models import Attachment, Document
from permissions import rules
from tests.builders import Kind, Role, make_organisation, make_staff

pytestmark = pytest.mark.django_db
PROPOSAL = b"%PDF-1.4\nForslag till internationell strategi\n"
REGISTER = "Förslag till internationell strategi"


def proposal_file():
    return SimpleUploadedFile("strategi.pdf", PROPOSAL, "application/pdf")


@pytest.fixture
def enclosure(ks_case, registrar):
    """The proposal the board's office received and sends on remiss."""
    return registry.register_document(
        case=ks_case,
        direction=Document.Direction.INCOMING,
        title="Förslag till internationell strategi för Stockholms stad",
        public_description=REGISTER,
        counterpart="Finansroteln",
        actor=registrar,
        reason="registrerad",
        upload=proposal_file(),
    )


def confidential(document, actor):
    registry.mark_confidential(
        document=document,
        provision="OSL 21 kap. 1 §",
        marked_on=datetime.date.today(),
        authority=document.case.organisation,
        actor=actor,
        reason="personuppgifter",
    )
    return document


def sent_with(ks_case, city, slk_officer, deadline, documents, **extra):
    referral = services.prepare_referral(
        case=ks_case,
        question="Synpunkter på förslaget till internationell strategi.",
        response_deadline=deadline,
        recipients=[city.trn, city.expn],
        documents=documents,
        actor=slk_officer,
        reason="remiss",
        **extra,
    )
    return services.dispatch_referral(
        referral=referral, actor=slk_officer, reason="expedierad"
    )


@pytest.fixture
def committee_secretary(city):
    return make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)


@pytest.fixture
def culture_officer(city, system_user):
    """Staff of a committee that got no remiss."""
    knd = make_organisation("knd", "Kulturnämnden", Kind.COMMITTEE, actor=system_user)
    kf = make_organisation(
        "kf", "Kulturförvaltningen", Kind.DEPARTMENT, serves=knd, actor=system_user
    )
    return make_staff("handlaggare.kf", Role.CASE_OFFICER, kf)


def download(client, user, document):
    attachment = Attachment.objects.get(version__document=document)
    client.force_login(user)
    return client.get(reverse("registry:attachment_download", args=[attachment.pk]))


def test_a_committees_staff_read_and_download_what_the_remiss_sent_them_R42(
    client,
    ks_case,
    city,
    slk_officer,
    deadline,
    enclosure,
    t_registrar,
    karin,
    jonas,
    committee_secretary,
):
    sent_with(ks_case, city, slk_officer, deadline, [enclosure])
    for user in (t_registrar, karin, jonas, committee_secretary):
        client.force_login(user)
        page = client.get(enclosure.get_absolute_url())
        assert page.status_code == 200, user.username
        response = download(client, user, enclosure)
        assert response.status_code == 200, user.username
        assert b"".join(response.streaming_content) == PROPOSAL


def test_an_organisation_that_got_no_remiss_gets_404_on_the_enclosure(
    client, ks_case, city, slk_officer, deadline, enclosure, culture_officer
):
    sent_with(ks_case, city, slk_officer, deadline, [enclosure])
    client.force_login(culture_officer)
    assert client.get(enclosure.get_absolute_url()).status_code == 404
    assert download(client, culture_officer, enclosure).status_code == 404


def test_the_enclosures_reach_no_one_before_the_referral_is_sent(
    client, ks_case, city, slk_officer, deadline, enclosure, karin
):
    services.prepare_referral(
        case=ks_case,
        question="Synpunkter.",
        response_deadline=deadline,
        recipients=[city.trn],
        documents=[enclosure],
        actor=slk_officer,
        reason="remiss",
    )
    client.force_login(karin)
    assert client.get(enclosure.get_absolute_url()).status_code == 404
    assert not rules.enclosures_visible_to(karin).exists()


def test_a_confidential_enclosure_is_read_only_by_those_handling_it_and_logged_V5(
    client,
    ks_case,
    city,
    slk_officer,
    deadline,
    enclosure,
    registrar,
    t_registrar,
    karin,
    committee_secretary,
):
    confidential(enclosure, registrar)
    sent_with(
        ks_case,
        city,
        slk_officer,
        deadline,
        [enclosure],
        confidential_confirmed=True,
    )
    client.force_login(committee_secretary)
    assert client.get(enclosure.get_absolute_url()).status_code == 404
    assert download(client, committee_secretary, enclosure).status_code == 404

    for user in (t_registrar, karin):
        assert download(client, user, enclosure).status_code == 200
        reads = ConfidentialRead.objects.filter(document=enclosure, reader=user)
        assert reads.count() == 1, user.username


def test_the_referral_page_links_the_enclosures_for_the_recipients_staff(
    client, ks_case, city, slk_officer, deadline, enclosure, karin
):
    referral = sent_with(ks_case, city, slk_officer, deadline, [enclosure])
    client.force_login(karin)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert f'href="{enclosure.get_absolute_url()}"' in page


def test_the_incoming_copy_at_the_recipient_carries_the_file_R42(
    client, ks_case, city, slk_officer, deadline, enclosure, t_registrar, karin
):
    referral = sent_with(ks_case, city, slk_officer, deadline, [enclosure])
    recipient = referral.recipients.get(organisation=city.trn)
    case = services.receive_referral(
        recipient=recipient, actor=t_registrar, reason="registrerad"
    )
    copy = case.documents.get(public_description=REGISTER)
    assert copy.direction == Document.Direction.INCOMING
    assert copy.is_official
    assert copy.counterpart == str(city.ks)
    original = Attachment.objects.get(version__document=enclosure)
    attachment = Attachment.objects.get(version__document=copy)
    assert (attachment.sha256, attachment.original_name) == (
        original.sha256,
        original.original_name,
    )
    response = download(client, karin, copy)
    assert b"".join(response.streaming_content) == PROPOSAL


def test_the_incoming_copy_of_a_confidential_enclosure_is_marked_at_the_recipient(
    ks_case, city, slk_officer, deadline, enclosure, registrar, t_registrar
):
    """R65: the recipient's marking names the provision, the day and the
    recipient authority itself."""
    confidential(enclosure, registrar)
    referral = sent_with(
        ks_case,
        city,
        slk_officer,
        deadline,
        [enclosure],
        confidential_confirmed=True,
    )
    recipient = referral.recipients.get(organisation=city.trn)
    case = services.receive_referral(
        recipient=recipient, actor=t_registrar, reason="registrerad"
    )
    marking = case.documents.get(
        public_description=REGISTER
    ).confidentiality_markings.get()
    assert (marking.provision, marking.authority, marking.is_active) == (
        "OSL 21 kap. 1 §",
        city.trn,
        True,
    )


def test_a_confidential_enclosure_is_refused_until_the_sender_confirms_it_R65(
    ks_case, city, slk_officer, deadline, enclosure, registrar
):
    confidential(enclosure, registrar)
    with pytest.raises(ValidationError) as refused:
        sent_with(ks_case, city, slk_officer, deadline, [enclosure])
    assert refused.value.error_dict["documents"][0].code == (
        "confidential_not_confirmed"
    )
    assert not ks_case.referrals.exists()

    referral = sent_with(
        ks_case,
        city,
        slk_officer,
        deadline,
        [enclosure],
        confidential_confirmed=True,
    )
    row = referral.history.earliest("history_date")
    assert (row.confidential_confirmed, row.history_user) == (True, slk_officer)


def test_the_prepare_page_warns_of_a_confidential_document_and_asks_to_confirm(
    client, ks_case, city, slk_officer, deadline, enclosure, registrar
):
    confidential(enclosure, registrar)
    client.force_login(slk_officer)
    address = reverse("tasks:prepare_referral", args=[ks_case.pk])
    page = client.get(address).content.decode()
    assert "Sekretessmarkerad" in page
    assert 'name="confidential_confirmed"' in page
    form = {
        "question": "Synpunkter.",
        "response_deadline": deadline.isoformat(),
        "recipients": [city.trn.pk],
        "documents": [enclosure.pk],
    }
    refused = client.post(address, form)
    assert refused.status_code == 200
    assert not ks_case.referrals.exists()
    assert "bekräfta" in refused.content.decode().lower()
    accepted = client.post(address, {**form, "confidential_confirmed": "on"})
    assert accepted.status_code == 302
    assert ks_case.referrals.get().confidential_confirmed


def test_the_enclosures_page_does_not_lead_the_recipient_to_the_senders_case(
    client, ks_case, city, slk_officer, deadline, enclosure, karin
):
    """No link to a page that would answer "page not found"."""
    sent_with(ks_case, city, slk_officer, deadline, [enclosure])
    client.force_login(karin)
    page = client.get(enclosure.get_absolute_url()).content.decode()
    assert ks_case.registration_number in page
    assert f'href="{ks_case.get_absolute_url()}"' not in page
