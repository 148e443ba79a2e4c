"""The rapporteur commissioner's memorandum can be seen again: it has its page
and its edit page, it is a drawn-up document of the case that follows the
documents' life cycle, and saving twice keeps one memorandum (R76, R79,
TF 2:10, rules.md (d) PM_UTKAST → PM in BRB/KS → after KS's decision)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.meetings.models import Memorandum
from casework.referrals import memoranda
from casework.registry import services as registry
from casework.registry.models import Document
from tests.referrals.test_memorandum_pages import (  # noqa: F401
    compiled,
    ks_meeting,
    ks_secretary,
    memorandum,
    memorandum_form,
    rotel,
)
from tests.referrals.test_views import trn_answered, trn_approved, trn_draft  # noqa: F401

pytestmark = pytest.mark.django_db
TITLE = "Internationell strategi för Stockholms stad"


def edit_form(memorandum, **changes) -> dict:  # noqa: F811
    form = {
        "title": memorandum.title,
        "commissioner_office": memorandum.commissioner_office_id,
        "office_numeral": memorandum.office_numeral,
        "rapporteur": memorandum.rapporteur_id,
        "clauses": "Förslaget godkänns.",
        "opinions": "",
        "revision": memoranda.revision_of(memorandum),
    }
    form.update(changes)
    return form


def on_agenda(memorandum, meeting, secretary):  # noqa: F811
    return memoranda.put_memorandum_on_agenda(
        memorandum=memorandum, meeting=meeting, actor=secretary, reason="dagordning"
    )


def test_the_memorandum_is_a_drawn_up_document_of_the_case_R79(memorandum):  # noqa: F811
    document = memorandum.document
    assert (document.case, document.kind, document.direction) == (
        memorandum.case,
        Document.Kind.MEMORANDUM,
        Document.Direction.DRAWN_UP,
    )
    assert not document.is_official
    body = document.versions.get().body
    assert "1. Förslaget godkänns." in body
    assert memorandum.designation in body


def test_a_case_keeps_one_memorandum_when_it_is_drafted_twice(
    memorandum,  # noqa: F811
    compiled,  # noqa: F811
    rotel,  # noqa: F811
    slk_officer,
):
    office, rapporteur = rotel
    with pytest.raises(ValidationError) as refused:
        memoranda.draw_up_memorandum(
            referral=compiled,
            rapporteur=rapporteur,
            commissioner_office=office,
            office_numeral="I",
            title=TITLE,
            clauses=["Något annat."],
            actor=slk_officer,
            reason="memorandum drafted",
        )
    assert refused.value.code == "memorandum_exists"
    assert Memorandum.objects.count() == 1
    assert compiled.case.documents.filter(kind=Document.Kind.MEMORANDUM).count() == 1


def test_posting_the_draft_form_again_leads_to_the_one_memorandum(
    client,
    compiled,  # noqa: F811
    rotel,  # noqa: F811
    slk_officer,
):
    client.force_login(slk_officer)
    address = reverse("referrals:memorandum_create", args=[compiled.pk])
    first = client.post(address, memorandum_form(rotel))
    created = Memorandum.objects.get()
    assert first["Location"] == reverse(
        "referrals:memorandum_detail", args=[created.pk]
    )
    again = client.post(address, memorandum_form(rotel), follow=True)
    assert Memorandum.objects.count() == 1
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "Promemorian har redan upprättats" in again.content.decode()


def test_the_memorandum_page_shows_the_draft_to_those_drafting_it_only(
    client,
    memorandum,  # noqa: F811
    slk_officer,
    karin,
    auditor,
    mp_secretary,
):
    """rules.md (d) PM_UTKAST: the referring office's case officers; not a
    committee's staff, not a party secretary, not the auditor (V6)."""
    address = reverse("referrals:memorandum_detail", args=[memorandum.pk])
    client.force_login(slk_officer)
    page = client.get(address).content.decode()
    assert TITLE in page and "Förslaget godkänns." in page
    assert reverse("referrals:memorandum_edit", args=[memorandum.pk]) in page
    for user in (karin, auditor, mp_secretary):
        client.force_login(user)
        assert client.get(address).status_code == 404, user.username


def test_the_boards_secretary_reads_the_memorandum_and_puts_it_on_the_agenda(
    client,
    memorandum,  # noqa: F811
    ks_meeting,  # noqa: F811
    ks_secretary,  # noqa: F811
):
    client.force_login(ks_secretary)
    address = reverse("referrals:memorandum_detail", args=[memorandum.pk])
    page = client.get(address).content.decode()
    agenda = reverse("referrals:memorandum_agenda", args=[memorandum.pk])
    assert agenda in page
    response = client.post(agenda, {"meeting": ks_meeting.pk})
    assert response["Location"] == address
    assert ks_meeting.items.get().proposal == memorandum.proposal


def test_editing_the_draft_updates_the_one_memorandum_and_its_document(
    client,
    memorandum,  # noqa: F811
    slk_officer,
):
    client.force_login(slk_officer)
    address = reverse("referrals:memorandum_edit", args=[memorandum.pk])
    assert client.get(address).status_code == 200
    response = client.post(
        address,
        edit_form(
            memorandum,
            title="Ny rubrik",
            clauses="Förslaget godkänns.\nRemissvaren beaktas.",
            opinions="Jag tillstyrker.",
        ),
    )
    assert response.status_code == 302
    memorandum.refresh_from_db()
    assert memorandum.title == "Ny rubrik"
    clauses = list(memorandum.proposal.clauses.values_list("text", flat=True))
    assert clauses == ["Förslaget godkänns.", "Remissvaren beaktas."]
    assert Memorandum.objects.count() == 1
    body = memorandum.document.versions.get().body
    assert "2. Remissvaren beaktas." in body and "Jag tillstyrker." in body
    row = memorandum.history.order_by("-history_id").first()
    assert row.history_user == slk_officer


def test_a_save_over_a_colleagues_newer_save_is_refused_with_a_message(
    client,
    memorandum,  # noqa: F811
    slk_officer,
):
    """Compare-and-set: the page built before the colleague's save loses and
    is told so; nothing of it is saved."""
    stale = memoranda.revision_of(memorandum)
    memoranda.revise_memorandum(
        memorandum=memorandum,
        revision=stale,
        clauses=["Förslaget godkänns."],
        title="Kollegans rubrik",
        actor=slk_officer,
        reason="memorandum revised",
    )
    client.force_login(slk_officer)
    address = reverse("referrals:memorandum_edit", args=[memorandum.pk])
    response = client.post(
        address, {**edit_form(memorandum, title="Min rubrik"), "revision": stale}
    )
    assert response.status_code == 200
    assert "Någon annan sparade promemorian" in response.content.decode()
    memorandum.refresh_from_db()
    assert memorandum.title == "Kollegans rubrik"


def test_the_memorandum_is_not_edited_once_it_is_on_an_agenda(
    client,
    memorandum,  # noqa: F811
    ks_meeting,  # noqa: F811
    ks_secretary,  # noqa: F811
    slk_officer,
):
    on_agenda(memorandum, ks_meeting, ks_secretary)
    client.force_login(slk_officer)
    address = reverse("referrals:memorandum_edit", args=[memorandum.pk])
    assert client.get(address).status_code == 403
    with pytest.raises(PermissionDenied):
        memoranda.revise_memorandum(
            memorandum=memorandum,
            revision=memoranda.revision_of(memorandum),
            clauses=["Annat."],
            actor=slk_officer,
            reason="memorandum revised",
        )


def test_the_memorandum_is_linked_from_the_case_the_referral_and_the_answers(
    client,
    memorandum,  # noqa: F811
    compiled,  # noqa: F811
    slk_officer,
):
    client.force_login(slk_officer)
    address = reverse("referrals:memorandum_detail", args=[memorandum.pk])
    for page in (
        compiled.case.get_absolute_url(),
        compiled.get_absolute_url(),
        reverse("referrals:dashboard", args=[compiled.pk]),
    ):
        assert f'href="{address}"' in client.get(page).content.decode(), page
    referral_page = client.get(compiled.get_absolute_url()).content.decode()
    create = reverse("referrals:memorandum_create", args=[compiled.pk])
    assert create not in referral_page


def test_the_memorandum_becomes_official_when_the_case_is_concluded_TF_2_10(
    client,
    memorandum,  # noqa: F811
    registrar,
    auditor,
):
    registry.close_case(case=memorandum.case, actor=registrar, reason="avslutat")
    memorandum.document.refresh_from_db()
    assert memorandum.document.is_official
    client.force_login(auditor)
    address = reverse("referrals:memorandum_detail", args=[memorandum.pk])
    assert client.get(address).status_code == 200
