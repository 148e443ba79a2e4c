import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from casework.records import DeletionRefused
from casework.registry.models import (
    Case,
    ConfidentialityMarking,
    Document,
    DocumentVersion,
)
from tests.builders import make_case, make_document, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(city, t_registrar):
    case = make_case(city.t_register, t_registrar)
    document = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    return case, document


def counts():
    return (
        Case.objects.count(),
        Document.objects.count(),
        DocumentVersion.objects.count(),
        Case.history.count(),
        Document.history.count(),
    )


def test_a_case_cannot_be_deleted(filed):
    """R68: no deletion of official records outside a disposal decision."""
    case, _document = filed
    before = counts()
    with pytest.raises(DeletionRefused):
        case.delete()
    with pytest.raises(DeletionRefused):
        Case.objects.filter(pk=case.pk).delete()
    assert counts() == before


def test_an_official_document_and_its_versions_cannot_be_deleted(filed):
    """R68: official documents are never hard-deleted."""
    _case, document = filed
    before = counts()
    for attempt in (
        document.delete,
        Document.objects.all().delete,
        DocumentVersion.objects.all().delete,
        document.versions.get().delete,
        ConfidentialityMarking.objects.all().delete,
    ):
        with pytest.raises(DeletionRefused):
            attempt()
    assert counts() == before


def test_the_refusal_explains_why(filed):
    case, _document = filed
    with pytest.raises(DeletionRefused) as error:
        case.delete()
    assert "disposal" in str(error.value) or "gallring" in str(error.value)


@pytest.mark.parametrize(
    "model", [Case, Document, DocumentVersion, ConfidentialityMarking]
)
def test_the_administration_offers_no_deletion(model):
    """R68: the admin is a path too."""
    superuser = make_user("admin")
    superuser.is_superuser = superuser.is_staff = True
    request = RequestFactory().get("/")
    request.user = superuser
    assert site._registry[model].has_delete_permission(request) is False


def test_an_admin_delete_request_is_refused_and_nothing_is_lost(client, filed):
    """R68: even a superuser posting to the admin's delete page gets a refusal."""
    case, _document = filed
    superuser = make_user("admin")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    client.force_login(superuser)
    before = counts()
    response = client.post(
        f"/admin/registry/case/{case.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.status_code == 403
    assert counts() == before
