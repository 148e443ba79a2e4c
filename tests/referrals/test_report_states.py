"""An officer report is shown as it is: the report's own state and its
document's legal state, and actions only where that state allows them; the
report's document is written through the report, never revised beside it
(R42, R78, TF 2:10 and 2:12, rules.md c.2 TU_UTKAST → TU_FASTSTÄLLD →
expedierad)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.referrals import reports
from casework.registry import services as registry
from permissions import rules
from tests.builders import make_document
from tests.referrals.test_views import (  # noqa: F401
    trn_answered,
    trn_approved,
    trn_draft,
)

pytestmark = pytest.mark.django_db


def page_of(client, user, address) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def test_the_answered_reports_document_is_official_when_it_is_sent_R61c(
    trn_answered,  # noqa: F811
):
    """A committee's answer to the board is dispatched (R61c, TF 2:10): the
    report went with it and is an official document from then on."""
    trn_answered.document.refresh_from_db()
    assert trn_answered.document.is_official


def test_an_approved_and_answered_report_shows_no_draft_and_no_revise_button(
    client,
    trn_answered,  # noqa: F811
    karin,
):
    document_page = page_of(client, karin, trn_answered.document.get_absolute_url())
    assert "Allmän handling" in document_page
    assert ">Utkast<" not in document_page
    revise = reverse("registry:document_revise", args=[trn_answered.document.pk])
    assert revise not in document_page
    assert trn_answered.get_absolute_url() in document_page

    report_page = page_of(client, karin, trn_answered.get_absolute_url())
    assert "Godkänt" in report_page
    assert "Allmän handling" in report_page
    assert ">Utkast<" not in report_page


def test_an_approved_report_not_yet_sent_is_approved_but_still_working_material(
    client,
    trn_approved,  # noqa: F811
    karin,
):
    """TU_FASTSTÄLLD: approved by the head, not yet official (R61a)."""
    page = page_of(client, karin, trn_approved.get_absolute_url())
    assert "Godkänt" in page
    assert "Inte allmän handling ännu" in page


def test_the_reports_document_is_never_revised_beside_the_report(
    client,
    trn_draft,  # noqa: F811
    karin,
    t_registrar,
):
    """Its text follows the report; the report's own editor changes it, and
    only while the report is a draft. Even the case's own officer, who may
    revise the case's other documents, is not offered it."""
    registry.assign_case_officer(
        case=trn_draft.case, officer=karin, actor=t_registrar, reason="tilldelad"
    )
    other = make_document(trn_draft.case, karin)
    assert rules.can_revise_document(karin, other)
    document = trn_draft.document
    assert not rules.can_revise_document(karin, document)
    client.force_login(karin)
    address = reverse("registry:document_revise", args=[document.pk])
    assert client.get(address).status_code == 403


def test_an_approved_report_refuses_the_drafts_actions(
    trn_approved,  # noqa: F811
    karin,
    jonas,
):
    """The services refuse what the pages no longer offer."""
    for action in (
        lambda: reports.revise_officer_report(
            report=trn_approved, title="Ny", actor=karin, reason="ändrad"
        ),
        lambda: reports.submit_for_review(
            report=trn_approved, actor=karin, reason="klar"
        ),
        lambda: reports.approve_report(
            report=trn_approved, actor=jonas, reason="godkänd"
        ),
    ):
        with pytest.raises(ValidationError):
            action()
