"""Access to a document follows what it is (issue 10 point 1, rules.md (d)
TU_UTKAST, PM_UTKAST): the draft of an officer report or a memorandum is read,
revised and made official only by those its record admits, through every page
of the document and through the services themselves; a department's registrar
keeps doing its normal job on the registered documents of its cases."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.referrals import reports
from casework.registry import services as registry
from casework.registry.models import Document
from permissions import rules
from tests.builders import make_document
from tests.referrals.conftest import (  # noqa: F401
    deadline,
    dispatched,
    e_registrar,
    ks_case,
    received,
    referral,
    slk_officer,
    trn_recipient,
)
from tests.referrals.test_memorandum_pages import (  # noqa: F401
    compiled,
    memorandum,
    rotel,
)
from tests.referrals.test_views import (  # noqa: F401
    committee_secretary,
    trn_answered,
    trn_approved,
    trn_draft,
)

pytestmark = pytest.mark.django_db

SECRET = "Trafikkontoret ställer sig i huvudsak positiv"


def text_file(name="bilaga.txt"):
    return SimpleUploadedFile(name, b"Bilagans text", "text/plain")


def document_urls(document) -> list[tuple[str, str]]:
    """(method, address) for every page that shows, versions, revises or
    changes the state of ``document``, and downloads its files."""
    pk = document.pk
    urls = [
        ("GET", reverse("registry:document_detail", args=[pk])),
        ("GET", reverse("audit:record_history", args=["document", pk])),
    ]
    for version in document.versions.all():
        urls.append(
            ("GET", reverse("registry:document_version", args=[pk, version.number]))
        )
        for attachment in version.attachments.all():
            urls.append(
                ("GET", reverse("registry:attachment_download", args=[attachment.pk]))
            )
    for name in (
        "document_revise",
        "document_make_official",
        "attachment_add",
        "document_mark_confidential",
    ):
        address = reverse(f"registry:{name}", args=[pk])
        urls += [("GET", address), ("POST", address)]
    return urls


POSTED = {
    "title": "Registratorns ändring",
    "body": "Registratorns text",
    "reason": "ändrat av registrator",
    "because": Document.OfficialBecause.DECIDED,
    "provision": "OSL 21 kap. 3 §",
}


def request(client, method, address):
    if method == "POST":
        return client.post(address, {**POSTED, "upload": text_file()})
    return client.get(address)


def snapshot(document) -> tuple:
    document.refresh_from_db()
    versions = list(document.versions.values_list("number", "title", "body"))
    return document.state, versions, document.confidentiality_markings.count()


@pytest.fixture
def under_review(trn_draft, karin):  # noqa: F811
    reports.submit_for_review(report=trn_draft, actor=karin, reason="klar")
    trn_draft.refresh_from_db()
    return trn_draft


@pytest.mark.parametrize("state", ["draft", "under review"])
def test_a_department_registrar_gets_404_on_every_page_of_a_draft_report(
    client, request_fixture, t_registrar, state
):
    """Issue 10 point 1: registrator.tk read the draft's whole text through
    the document pages and could revise it and make it official."""
    report = request_fixture("trn_draft" if state == "draft" else "under_review")
    document = report.document
    before = snapshot(document)
    client.force_login(t_registrar)
    for method, address in document_urls(document):
        response = request(client, method, address)
        expected = 403 if address.startswith("/granskning/") else 404
        assert response.status_code == expected, (method, address)
        assert SECRET not in response.content.decode(errors="replace")
    assert snapshot(document) == before


@pytest.fixture
def request_fixture(request):
    return request.getfixturevalue


def test_the_draft_report_is_not_in_the_registrars_list_of_the_cases_documents(
    client,
    trn_draft,  # noqa: F811
    t_registrar,
    karin,
):
    """The list of a case's documents is the filter form of the same rule."""
    assert not rules.documents_visible_to(t_registrar, trn_draft.case).filter(
        pk=trn_draft.document_id
    )
    assert rules.documents_visible_to(karin, trn_draft.case).filter(
        pk=trn_draft.document_id
    )
    client.force_login(t_registrar)
    page = client.get(trn_draft.case.get_absolute_url()).content.decode()
    assert reverse("registry:document_detail", args=[trn_draft.document_id]) not in (
        page
    )


def test_the_services_refuse_the_registrar_a_draft_report(
    trn_draft,  # noqa: F811
    t_registrar,
):
    """A plain service call does not bypass the rule (issue 10 point 1)."""
    document = trn_draft.document
    before = snapshot(document)
    with pytest.raises(PermissionDenied):
        registry.revise_document(
            document=document, title="x", body="x", actor=t_registrar, reason="x"
        )
    with pytest.raises(PermissionDenied):
        registry.revise_document(
            document=document,
            title="x",
            body="x",
            actor=t_registrar,
            reason="x",
            through_record=True,
        )
    with pytest.raises(PermissionDenied):
        registry.make_official(
            document=document,
            because=Document.OfficialBecause.DECIDED,
            actor=t_registrar,
            reason="x",
        )
    with pytest.raises(PermissionDenied):
        registry.add_attachment(
            document=document, upload=text_file(), actor=t_registrar, reason="x"
        )
    assert snapshot(document) == before


def test_nobody_makes_a_draft_report_official_nor_revises_it_beside_the_report(
    trn_draft,  # noqa: F811
    karin,
    jonas,
):
    """Its author and its heads read it, but a report still in its approval
    chain becomes official only through its answer, and its text changes only
    through the report (rules.md c.2)."""
    document = trn_draft.document
    for user in (karin, jonas):
        assert rules.can_view_document(user, document)
        assert not rules.can_make_document_official(user, document)
        assert not rules.can_revise_document(user, document)
        with pytest.raises(PermissionDenied):
            registry.make_official(
                document=document,
                because=Document.OfficialBecause.DECIDED,
                actor=user,
                reason="x",
            )
    assert rules.can_revise_document(karin, document, through_record=True)
    assert not rules.can_revise_document(jonas, document, through_record=True)


def test_the_author_and_the_heads_read_the_draft_reports_document_pages(
    client,
    under_review,
    karin,
    jonas,
):
    document = under_review.document
    for user in (karin, jonas):
        client.force_login(user)
        for address in (
            reverse("registry:document_detail", args=[document.pk]),
            reverse("registry:document_version", args=[document.pk, 1]),
        ):
            assert client.get(address).status_code == 200, (user, address)


def test_the_document_rule_agrees_with_the_reports_own_page(
    under_review,
    karin,
    jonas,
    t_registrar,
    committee_secretary,  # noqa: F811
    registrar,
    e_registrar,  # noqa: F811
    auditor,
):
    """A report's draft document is read by no one its own page refuses."""
    document = under_review.document
    for user in (
        karin,
        jonas,
        t_registrar,
        committee_secretary,
        registrar,
        e_registrar,
        auditor,
    ):
        if rules.can_view_document(user, document):
            assert rules.can_view_officer_report(user, under_review), user


def test_after_approval_the_registrar_reads_the_report_and_sends_it(
    client,
    trn_approved,  # noqa: F811
    t_registrar,
):
    """TU_FASTSTÄLLD: whoever may see the committee's case reads it; its
    registrar makes it official (decided) when the answer goes (R61c)."""
    document = trn_approved.document
    client.force_login(t_registrar)
    address = reverse("registry:document_detail", args=[document.pk])
    assert client.get(address).status_code == 200
    assert rules.can_make_document_official(t_registrar, document)
    assert not rules.can_revise_document(t_registrar, document)
    response = client.post(
        reverse("registry:document_make_official", args=[document.pk]),
        {"because": Document.OfficialBecause.DECIDED, "reason": "beslutat"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_official


def test_the_registrar_does_its_normal_job_on_registered_documents(
    client,
    received,  # noqa: F811
    t_registrar,
):
    """Incoming documents, and the drafts the registrar registers itself in
    its committee's case: read, revise, attach, make official (R57–R59)."""
    case = received.committee_case
    incoming = case.documents.get(direction=Document.Direction.INCOMING)
    draft = make_document(case, t_registrar, title="Missiv", body="Första lydelsen")
    client.force_login(t_registrar)
    for document in (incoming, draft):
        address = reverse("registry:document_detail", args=[document.pk])
        assert client.get(address).status_code == 200
    revised = client.post(
        reverse("registry:document_revise", args=[draft.pk]),
        {"title": "Missiv", "body": "Andra lydelsen", "reason": "rättat"},
    )
    assert revised.status_code == 302
    attached = client.post(
        reverse("registry:attachment_add", args=[incoming.pk]),
        {"upload": text_file(), "reason": "bilaga inkommen"},
    )
    assert attached.status_code == 302
    official = client.post(
        reverse("registry:document_make_official", args=[draft.pk]),
        {"because": Document.OfficialBecause.DISPATCHED, "reason": "expedierat"},
    )
    assert official.status_code == 200  # a drawn-up missive is not dispatched
    official = client.post(
        reverse("registry:document_make_official", args=[draft.pk]),
        {"because": Document.OfficialBecause.DECIDED, "reason": "beslutat"},
    )
    assert official.status_code == 302
    draft.refresh_from_db()
    assert draft.is_official
    assert draft.versions.get().body == "Andra lydelsen"
    assert incoming.versions.count() == 2


def test_a_memorandum_draft_is_read_only_by_those_drafting_it(
    client,
    memorandum,  # noqa: F811
    registrar,
    slk_officer,  # noqa: F811
):
    """PM_UTKAST: stadsledningskontoret's registrar does not read the draft
    memorandum through its document either; its drafters do."""
    document = memorandum.document
    before = snapshot(document)
    client.force_login(registrar)
    for method, address in document_urls(document):
        expected = 403 if address.startswith("/granskning/") else 404
        assert request(client, method, address).status_code == expected, address
    assert snapshot(document) == before
    assert rules.can_view_document(slk_officer, document)
    client.force_login(slk_officer)
    address = reverse("registry:document_detail", args=[document.pk])
    assert client.get(address).status_code == 200
    with pytest.raises(PermissionDenied):
        registry.make_official(
            document=document,
            because=Document.OfficialBecause.DECIDED,
            actor=slk_officer,
            reason="x",
        )
