"""The register's web pages over HTTP: access, query counts, forms and history."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

from casework.registry import filters, services
from casework.registry.models import (
    Attachment,
    Case,
    ConfidentialityMarking,
    Document,
    DocumentVersion,
)
from tests.builders import Role, make_case, make_document, make_staff

pytestmark = pytest.mark.django_db

DAY = datetime.date(2016, 8, 17)
PDF = b"%PDF-1.4\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03 a Windows program"
LIST_QUERIES = 7
# One of them reads the case's drafts written through an officer report or a
# memorandum, which follow their record's own rule (issue 10 point 1).
DETAIL_QUERIES = 12


def pdf(name="yttrande.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def url(name, *args):
    return reverse(f"registry:{name}", args=args)


def error_codes(response) -> dict[str, set[str]]:
    """The error codes of the page's form, by field ("__all__" for the form)."""
    errors = response.context["form"].errors.as_data()
    return {field: {error.code for error in errs} for field, errs in errors.items()}


def latest_history(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def assert_recorded(obj, user, reason=None):
    row = latest_history(obj)
    assert row.history_user == user
    assert row.history_change_reason
    if reason is not None:
        assert row.history_change_reason == reason


@pytest.fixture
def t_case(city, t_registrar, karin):
    return make_case(
        city.t_register,
        t_registrar,
        title="Trafiksäkerhet vid skolor",
        case_officer=karin,
        registered_on=DAY,
    )


@pytest.fixture
def draft(t_case, karin):
    return make_document(
        t_case,
        karin,
        body="Första utkastet",
        protected_description="Namn på den enskilde",
    )


@pytest.fixture
def letter(t_case, t_registrar):
    return make_document(
        t_case,
        t_registrar,
        direction=Document.Direction.INCOMING,
        public_description="Skrivelse från boende",
        counterpart="Boende på Götgatan",
    )


@pytest.fixture
def attachment(draft, karin):
    return services.add_attachment(
        document=draft, upload=pdf(), actor=karin, reason="bilaga"
    )


@pytest.fixture
def marking(letter, city, t_registrar):
    return services.mark_confidential(
        document=letter,
        provision="OSL 26 kap. 1 §",
        marked_on=DAY,
        authority=city.trn,
        actor=t_registrar,
        reason="personuppgifter",
    )


@pytest.fixture
def secretary(city):
    """A committee secretary of trafiknämnden: sees the department's cases, but
    handles none of them."""
    return make_staff("namndsekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)


@pytest.fixture
def pages(t_case, draft, attachment, marking):
    """Every page of the register, as (name, args)."""
    return {
        "case_list": (),
        "case_create": (),
        "case_detail": (t_case.pk,),
        "case_assign": (t_case.pk,),
        "case_close": (t_case.pk,),
        "document_create": (t_case.pk,),
        "document_detail": (draft.pk,),
        "document_version": (draft.pk, 1),
        "document_revise": (draft.pk,),
        "document_make_official": (draft.pk,),
        "attachment_add": (draft.pk,),
        "attachment_download": (attachment.pk,),
        "document_mark_confidential": (draft.pk,),
        "marking_lift": (marking.pk,),
    }


PAGE_NAMES = [
    "case_list",
    "case_create",
    "case_detail",
    "case_assign",
    "case_close",
    "document_create",
    "document_detail",
    "document_version",
    "document_revise",
    "document_make_official",
    "attachment_add",
    "attachment_download",
    "document_mark_confidential",
    "marking_lift",
]
WRITE_PAGES = [
    "case_assign",
    "case_close",
    "document_create",
    "document_revise",
    "document_make_official",
    "attachment_add",
    "document_mark_confidential",
    "marking_lift",
]


# --- logging in -----------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_logged_out_user_is_sent_to_log_in_for_every_page(client, pages, name):
    address = url(name, *pages[name])
    for response in (client.get(address), client.post(address)):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(address)}"


def test_the_login_page_logs_a_user_in_and_leads_to_the_case_list(client, karin):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(
        reverse("login"),
        {"username": "karin.dhakal", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("case_list")
    assert client.get(url("case_list")).context["user"] == karin


def test_a_wrong_password_shows_the_login_form_again_with_an_error(client, karin):
    response = client.post(
        reverse("login"), {"username": "karin.dhakal", "password": "fel"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert b'role="alert"' in response.content


def test_logging_out_is_a_post_button_in_the_header_and_ends_the_session(client, karin):
    client.force_login(karin)
    page = client.get(url("case_list")).content.decode()
    assert re.search(
        rf'<form method="post" action="{reverse("logout")}"[^>]*>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        page,
    )
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(url("case_list")).status_code == 302


# --- the layout -----------------------------------------------------------------


def test_every_page_has_a_language_a_skip_link_a_main_region_and_a_status_region(
    client, karin, t_case
):
    client.force_login(karin)
    page = client.get(t_case.get_absolute_url()).content.decode()
    assert '<html lang="sv">' in page
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert 'role="status"' in page
    assert "Karin Dhakal" in page
    assert f'action="{reverse("set_language")}"' in page


def test_the_language_switch_changes_the_page_language(client, karin):
    client.force_login(karin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url("case_list")).content.decode()
    assert '<html lang="en">' in page


def test_user_data_is_escaped_on_the_page(client, city, t_registrar):
    case = make_case(city.t_register, t_registrar, title="<script>alert(1)</script>")
    client.force_login(t_registrar)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_page_uses_the_404_template(client, karin):
    client.force_login(karin)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_the_500_template_renders_without_a_request_or_context():
    page = render_to_string("500.html")
    assert '<main id="main">' in page
    assert 'lang="' in page


# --- the case list --------------------------------------------------------------


def register_cases(register, actor, count, **extra):
    return [
        make_case(register, actor, title=f"Ärende nummer {n}", **extra)
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [10, 200])
def test_the_case_list_runs_a_constant_number_of_queries(
    client, city, t_registrar, karin, django_assert_max_num_queries, count
):
    register_cases(city.t_register, t_registrar, count, case_officer=karin)
    client.force_login(t_registrar)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url("case_list"), {"status": "open", "q": "Ärende"})
    assert len(response.context["page"].object_list) == min(count, 50)


def test_the_case_list_shows_the_columns_of_each_case(client, t_case, karin):
    client.force_login(karin)
    page = client.get(url("case_list")).content.decode()
    for text in (
        t_case.registration_number,
        "Trafiksäkerhet vid skolor",
        "Trafikkontoret",
        "Karin Dhakal",
        '<time datetime="2016-08-17">',
        "<caption>",
        'scope="col"',
    ):
        assert text in page


def test_the_case_list_shows_only_the_cases_the_user_may_see(
    client, city, t_registrar, anders
):
    ours = make_case(city.t_register, t_registrar)
    e_registrar = make_staff(
        "registrator.e", Role.REGISTRAR, city.e_register.organisation
    )
    theirs = make_case(city.e_register, e_registrar)
    client.force_login(anders)
    cases = list(client.get(url("case_list")).context["page"].object_list)
    assert cases == [theirs]
    assert ours not in cases


def test_a_search_finds_cases_by_registration_number_or_by_words_in_the_title(
    client, city, t_registrar
):
    school = make_case(city.t_register, t_registrar, title="Trafiksäkerhet vid skolor")
    bikes = make_case(city.t_register, t_registrar, title="Cykelplan för Söder")
    client.force_login(t_registrar)

    def found(q):
        response = client.get(url("case_list"), {"q": q})
        return list(response.context["page"].object_list)

    assert found(bikes.registration_number) == [bikes]
    assert found("skolor trafiksäkerhet") == [school]
    assert found("cykelplan") == [bikes]
    assert found("tunnelbana") == []


def test_the_filters_narrow_the_list_by_register_organisation_and_status(
    client, city, t_registrar, registrar, auditor, karin
):
    t_case = make_case(city.t_register, t_registrar)
    ks_case = make_case(city.ks_register, registrar)
    services.assign_case_officer(
        case=t_case, officer=karin, actor=t_registrar, reason="fördelning"
    )
    client.force_login(auditor)

    def found(**params):
        response = client.get(url("case_list"), params)
        return list(response.context["page"].object_list)

    assert found(register=city.ks_register.pk) == [ks_case]
    assert found(organisation=city.tk.pk) == [t_case]
    assert found(status=Case.Status.IN_PROGRESS) == [t_case]
    assert found(status=Case.Status.OPEN) == [ks_case]


def test_the_filters_offer_only_registers_and_organisations_the_user_may_see(
    client, city, karin
):
    client.force_login(karin)
    form = client.get(url("case_list")).context["filter"].form
    assert _offered(form, "register") == {city.t_register.pk}
    assert _offered(form, "organisation") == {city.tk.pk, city.trn.pk}


def _offered(form, name) -> set[int]:
    return {value for value, _label in form.fields[name].choices if value != ""}


def test_a_filter_naming_another_organisations_register_is_refused_not_obeyed(
    client, city, karin
):
    client.force_login(karin)
    response = client.get(url("case_list"), {"register": city.ks_register.pk})
    assert response.status_code == 200
    assert "register" in response.context["filter"].form.errors


def test_the_filter_choices_are_in_swedish_alphabetical_order():
    names = ["Östermalm", "Älvsjö", "Årsta", "Zon", "Enskede"]
    assert sorted(names, key=filters.swedish_order) == [
        "Enskede",
        "Zon",
        "Årsta",
        "Älvsjö",
        "Östermalm",
    ]


def test_the_case_list_is_paginated_fifty_a_page_and_keeps_the_search(
    client, city, t_registrar
):
    register_cases(city.t_register, t_registrar, 60)
    client.force_login(t_registrar)
    first = client.get(url("case_list"), {"q": "Ärende"})
    second = client.get(url("case_list"), {"q": "Ärende", "page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10
    page = first.content.decode()
    assert 'aria-current="page"' in page
    assert "?q=%C3%84rende&amp;page=2" in page


# --- the case page --------------------------------------------------------------


def add_documents(case, actor, count):
    for n in range(count):
        make_document(case, actor, title=f"Handling {n}", body="text")


@pytest.mark.parametrize("count", [1, 30])
def test_the_case_page_runs_a_constant_number_of_queries_in_its_documents(
    client, t_case, karin, django_assert_max_num_queries, count
):
    add_documents(t_case, karin, count)
    client.force_login(karin)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(t_case.get_absolute_url())
    assert len(response.context["documents"]) == count


@pytest.mark.parametrize("changes", [1, 40])
def test_the_case_page_runs_a_constant_number_of_queries_in_its_history(
    client, t_case, t_registrar, django_assert_max_num_queries, changes
):
    for n in range(changes):
        services.update_case(
            case=t_case, title=f"Titel {n}", actor=t_registrar, reason=f"rättelse {n}"
        )
    client.force_login(t_registrar)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(t_case.get_absolute_url())
    assert len(response.context["history"]) == changes + 1


def test_the_case_page_shows_metadata_documents_and_their_legal_state(
    client, t_case, draft, letter, marking, karin
):
    client.force_login(karin)
    response = client.get(t_case.get_absolute_url())
    page = response.content.decode()
    documents = {d.pk: d for d in response.context["documents"]}
    assert documents[draft.pk].version_count == 1
    assert not documents[draft.pk].confidential
    assert documents[letter.pk].confidential
    assert draft.designation in page and letter.designation in page
    assert "Boende på Götgatan" in page
    assert "Namn på den enskilde" in page
    assert "badge--draft" in page and "badge--official" in page
    assert "badge--confidential" in page


def test_the_case_page_lists_each_change_with_user_reason_and_fields(
    client, t_case, t_registrar, karin
):
    services.update_case(
        case=t_case, title="Ny titel", actor=t_registrar, reason="stavfel"
    )
    client.force_login(karin)
    newest = client.get(t_case.get_absolute_url()).context["history"][0]
    assert newest["row"].history_user == t_registrar
    assert newest["row"].history_change_reason == "stavfel"
    assert newest["changed"] == [capfirst(gettext("title"))]


def test_a_case_page_shows_no_drafts_or_protected_text_to_one_not_handling_it(
    client, t_case, draft, letter, marking, secretary
):
    """R54: the protected part of an entry is only for those handling the case."""
    client.force_login(secretary)
    response = client.get(t_case.get_absolute_url())
    page = response.content.decode()
    assert list(response.context["documents"]) == []
    assert "Namn på den enskilde" not in page
    assert response.context["may"] == {
        "register_document": False,
        "assign": False,
        "close": False,
        "refer": False,
        "record_motion": False,
    }


def test_action_links_appear_only_when_the_rule_allows_them(
    client, t_case, karin, t_registrar
):
    client.force_login(karin)
    page = client.get(t_case.get_absolute_url()).content.decode()
    assert url("document_create", t_case.pk) in page
    assert url("case_close", t_case.pk) not in page
    client.force_login(t_registrar)
    page = client.get(t_case.get_absolute_url()).content.decode()
    assert url("case_close", t_case.pk) in page
    assert url("case_assign", t_case.pk) in page


def test_a_linked_case_is_a_link_only_when_the_user_may_see_it(
    client, city, t_case, registrar, t_registrar, karin, auditor
):
    ks_case = make_case(city.ks_register, registrar, title="Remiss från KS")
    services.link_cases(
        from_case=t_case,
        to_case=ks_case,
        kind="referral",
        actor=t_registrar,
        reason="r",
    )
    client.force_login(karin)
    page = client.get(t_case.get_absolute_url()).content.decode()
    assert ks_case.registration_number in page
    assert ks_case.get_absolute_url() not in page
    assert "Remiss från KS" not in page
    client.force_login(auditor)
    page = client.get(t_case.get_absolute_url()).content.decode()
    assert f'href="{ks_case.get_absolute_url()}"' in page


# --- the document page ----------------------------------------------------------


@pytest.mark.parametrize("count", [1, 15])
def test_the_document_page_runs_a_constant_number_of_queries(
    client, city, letter, t_registrar, django_assert_max_num_queries, count
):
    for n in range(count):
        services.add_attachment(
            document=letter,
            upload=pdf(f"bilaga-{n}.pdf"),
            actor=t_registrar,
            reason="b",
        )
        marking = services.mark_confidential(
            document=letter,
            provision="OSL 21 kap. 1 §",
            marked_on=DAY,
            authority=city.trn,
            actor=t_registrar,
            reason="m",
        )
        services.lift_confidentiality(marking=marking, actor=t_registrar, reason="l")
    client.force_login(t_registrar)
    # +1: the check whether the read must be logged (V5).
    with django_assert_max_num_queries(DETAIL_QUERIES + 2):
        response = client.get(letter.get_absolute_url())
    # Each file added to an official document is a new, frozen version (R57).
    assert response.context["shown"].number == count + 1


def test_the_document_page_shows_the_registration_fields_and_markings(
    client, letter, marking, t_registrar
):
    """R54, R65: date, designation, sender, description; provision, date, authority."""
    client.force_login(t_registrar)
    page = client.get(letter.get_absolute_url()).content.decode()
    for text in (
        letter.designation,
        "Boende på Götgatan",
        "Skrivelse från boende",
        "OSL 26 kap. 1 §",
        "Trafiknämnden",
        '<time datetime="2016-08-17">',
        url("marking_lift", marking.pk),
    ):
        assert text in page


def test_the_document_page_shows_the_protected_description_only_to_those_handling(
    client, t_case, karin, secretary, t_registrar
):
    """R54: the protected description is kept from those not handling the case."""
    official = make_document(
        t_case,
        t_registrar,
        direction=Document.Direction.INCOMING,
        protected_description="Skyddad uppgift",
    )
    client.force_login(karin)
    assert "Skyddad uppgift" in client.get(official.get_absolute_url()).content.decode()
    client.force_login(secretary)
    response = client.get(official.get_absolute_url())
    assert response.status_code == 200
    assert "Skyddad uppgift" not in response.content.decode()


def test_every_version_of_a_document_stays_readable(client, draft, karin):
    """R57: an official document's content never changes; old versions stay."""
    services.make_official(
        document=draft, because="decided", actor=karin, reason="nämndens beslut"
    )
    services.revise_document(
        document=draft, title="TU", body="Rättad text", actor=karin, reason="rättelse"
    )
    client.force_login(karin)
    latest = client.get(draft.get_absolute_url())
    first = client.get(url("document_version", draft.pk, 1))
    assert latest.context["shown"].number == 2
    assert "Rättad text" in latest.content.decode()
    assert "Första utkastet" in first.content.decode()
    assert client.get(url("document_version", draft.pk, 3)).status_code == 404


def test_an_attachment_downloads_with_its_name_type_and_no_sniffing(
    client, draft, karin
):
    attachment = services.add_attachment(
        document=draft,
        upload=pdf('svar "slutlig" på remiss.pdf'),
        actor=karin,
        reason="bilaga",
    )
    client.force_login(karin)
    response = client.get(url("attachment_download", attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''svar%20%22slutlig%22%20p%C3%A5%20remiss.pdf"
    )


# --- who may not ----------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_NAMES[2:])
def test_a_user_of_another_department_gets_404_for_everything_in_the_case(
    client, pages, anders, name
):
    client.force_login(anders)
    address = url(name, *pages[name])
    assert client.get(address).status_code == 404
    if name in WRITE_PAGES:
        assert client.post(address, {"reason": "försök"}).status_code == 404


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_a_user_who_sees_the_case_but_may_not_act_gets_403(
    client, city, t_case, t_registrar, secretary, name
):
    official = make_document(t_case, t_registrar, direction="incoming", counterpart="X")
    marking = services.mark_confidential(
        document=official,
        provision="OSL 26 kap. 1 §",
        marked_on=DAY,
        authority=city.trn,
        actor=t_registrar,
        reason="r",
    )
    services.lift_confidentiality(marking=marking, actor=t_registrar, reason="r")
    args = {
        "case_assign": (t_case.pk,),
        "case_close": (t_case.pk,),
        "document_create": (t_case.pk,),
        "marking_lift": (marking.pk,),
    }.get(name, (official.pk,))
    client.force_login(secretary)
    assert client.get(url(name, *args)).status_code == 403
    assert client.post(url(name, *args), {"reason": "försök"}).status_code == 403
    assert "403.html" in [t.name for t in client.get(url(name, *args)).templates]


def test_only_a_registrar_may_open_the_case_registration_page(client, karin, registrar):
    client.force_login(karin)
    assert client.get(url("case_create")).status_code == 403
    client.force_login(registrar)
    assert client.get(url("case_create")).status_code == 200


def test_a_confidential_document_is_hidden_from_those_not_handling_it(
    client, letter, marking, secretary
):
    """R65, (d): a marked document is seen only by those handling the case."""
    client.force_login(secretary)
    assert client.get(letter.get_absolute_url()).status_code == 404


# --- bad input: a 200 with the error, and nothing written -----------------------


def post(client, user, address, data):
    client.force_login(user)
    return client.post(address, data)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": ""}, "title", "required"),
        ({"classification": ""}, "classification", "classification_required"),
        ({"classification": "abc"}, "classification", "classification_format"),
        ({"registered_on": "2016-02-30"}, "registered_on", "invalid"),
        ({"registered_on": "2999-01-01"}, "registered_on", "in_future"),
        ({"register": "t_register"}, "register", "invalid_choice"),
    ],
)
def test_bad_input_when_registering_a_case_is_shown_and_nothing_is_created(
    client, city, registrar, overrides, field, code
):
    """R56: a register entry is only made from complete, valid input."""
    data = {
        "register": "ks_register",
        "classification": "106",
        "title": "Remiss om trafiksäkerhet",
        "registered_on": "2016-08-17",
        **overrides,
    }
    data["register"] = getattr(city, data["register"]).pk
    response = post(client, registrar, url("case_create"), data)
    assert response.status_code == 200
    assert code in error_codes(response)[field]
    assert b'role="alert"' in response.content
    assert f'href="#id_{field}"'.encode() in response.content
    assert Case.objects.count() == 0


def document_data(**overrides):
    data = {
        "direction": "incoming",
        "kind": "letter",
        "dated": "2016-08-17",
        "counterpart": "Kommunstyrelsen",
        "public_description": "Remiss om trafiksäkerhet",
        "title": "Remiss",
        "body": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"public_description": ""}, "public_description", "required"),
        ({"title": ""}, "title", "required"),
        ({"dated": "17/8 2016"}, "dated", "invalid"),
        ({"dated": "2999-01-01"}, "dated", "in_future"),
        ({"direction": "sideways"}, "direction", "invalid_choice"),
        ({"counterpart": ""}, "counterpart", "counterpart_required"),
        ({"upload": pdf("report.pdf", EXE)}, "upload", "type_mismatch"),
        ({"upload": pdf("program.exe", EXE)}, "upload", "type_not_allowed"),
    ],
)
def test_bad_input_when_registering_a_document_is_shown_and_nothing_is_created(
    client, t_case, t_registrar, overrides, field, code
):
    """R54: a document is registered with date, sender and description."""
    address = url("document_create", t_case.pk)
    response = post(client, t_registrar, address, document_data(**overrides))
    assert response.status_code == 200
    assert code in error_codes(response)[field]
    assert Document.objects.count() == 0
    assert Attachment.objects.count() == 0


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_an_oversize_upload_is_refused_before_anything_is_created(
    client, t_case, t_registrar
):
    data = document_data(upload=pdf(content=PDF * 2))
    response = post(client, t_registrar, url("document_create", t_case.pk), data)
    assert response.status_code == 200
    assert error_codes(response)["upload"] == {"file_too_large"}
    assert Document.objects.count() == 0


def test_a_revision_without_a_reason_is_refused(client, draft, karin):
    address = url("document_revise", draft.pk)
    data = {"title": "TU", "body": "Ny text", "reason": "  "}
    response = post(client, karin, address, data)
    assert response.status_code == 200
    assert error_codes(response) == {"reason": {"required"}}
    assert DocumentVersion.objects.get(document=draft).body == "Första utkastet"


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"because": "decided", "reason": ""}, "reason", "required"),
        ({"because": "dispatched", "reason": "skickad"}, "because", "invalid_choice"),
        ({"because": "received", "reason": "kom in"}, "because", "invalid_choice"),
    ],
)
def test_bad_input_when_making_a_draft_official_is_refused(
    client, draft, karin, data, field, code
):
    """R59: only an outgoing document is dispatched."""
    response = post(client, karin, url("document_make_official", draft.pk), data)
    assert response.status_code == 200
    assert code in error_codes(response)[field]
    draft.refresh_from_db()
    assert draft.state == Document.State.DRAFT


def test_a_working_note_cannot_be_made_official_over_http(client, t_case, karin):
    """R60: a working note never becomes an official document (TF 2:12)."""
    note = make_document(t_case, karin, kind=Document.Kind.WORKING_NOTE)
    data = {"because": "approved", "reason": "klar"}
    response = post(client, karin, url("document_make_official", note.pk), data)
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": {"working_note_not_official"}}
    note.refresh_from_db()
    assert note.state == Document.State.DRAFT


@pytest.mark.parametrize(
    ("upload", "reason", "field", "code"),
    [
        (pdf("report.pdf", EXE), "bilaga", "upload", "type_mismatch"),
        (pdf(), "", "reason", "required"),
        (None, "bilaga", "upload", "required"),
    ],
)
def test_bad_input_when_attaching_a_file_is_refused(
    client, draft, karin, upload, reason, field, code
):
    data = {"reason": reason, **({"upload": upload} if upload else {})}
    response = post(client, karin, url("attachment_add", draft.pk), data)
    assert response.status_code == 200
    assert code in error_codes(response)[field]
    assert Attachment.objects.count() == 0


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_an_oversize_attachment_is_refused(client, draft, karin):
    data = {"upload": pdf(content=PDF * 2), "reason": "bilaga"}
    response = post(client, karin, url("attachment_add", draft.pk), data)
    assert response.status_code == 200
    assert error_codes(response) == {"upload": {"file_too_large"}}
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"provision": "hemligt"}, "provision", "provision_format"),
        ({"provision": ""}, "provision", "required"),
        ({"provision": "OSL 21 kap. 99 §"}, "provision", "unknown_provision"),
        ({"provision": "OSL 5:1"}, "provision", "unknown_provision"),
        ({"marked_on": "2999-01-01"}, "marked_on", "in_future"),
        ({"marked_on": "igår"}, "marked_on", "invalid"),
        ({"authority": "expk"}, "authority", "invalid_choice"),
    ],
)
def test_bad_input_when_marking_confidentiality_is_refused(
    client, city, letter, t_registrar, overrides, field, code
):
    """R65: a marking states a provision of OSL, a date and the authority."""
    data = {"provision": "OSL 21 kap. 1 §", "marked_on": "2016-08-20", "note": ""}
    data.update(overrides)
    data["authority"] = getattr(city, data.get("authority", "trn")).pk
    address = url("document_mark_confidential", letter.pk)
    response = post(client, t_registrar, address, data)
    assert response.status_code == 200
    assert code in error_codes(response)[field]
    assert ConfidentialityMarking.objects.count() == 0


def test_lifting_a_marking_needs_a_reason_and_an_active_marking(
    client, marking, t_registrar
):
    address = url("marking_lift", marking.pk)
    response = post(client, t_registrar, address, {"reason": ""})
    assert error_codes(response) == {"reason": {"required"}}
    services.lift_confidentiality(marking=marking, actor=t_registrar, reason="r")
    response = post(client, t_registrar, address, {"reason": "igen"})
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": {"already_lifted"}}


def test_bad_input_when_assigning_a_case_officer_is_refused(
    client, t_case, t_registrar, anders, karin
):
    address = url("case_assign", t_case.pk)
    response = post(client, t_registrar, address, {"officer": anders.pk, "reason": "r"})
    assert error_codes(response) == {"officer": {"invalid_choice"}}
    response = post(client, t_registrar, address, {"officer": karin.pk, "reason": ""})
    assert error_codes(response) == {"reason": {"required"}}
    assert latest_history(t_case).history_type == "+"


def test_closing_a_case_needs_a_reason(client, t_case, t_registrar):
    response = post(client, t_registrar, url("case_close", t_case.pk), {"reason": ""})
    assert response.status_code == 200
    assert error_codes(response) == {"reason": {"required"}}
    t_case.refresh_from_db()
    assert t_case.status == Case.Status.OPEN


# --- the happy path of every form -----------------------------------------------


def test_a_registrar_registers_a_case_in_the_executive_boards_register(
    client, city, registrar, jonas
):
    """R1: a case gets the register's next number."""
    data = {
        "register": city.ks_register.pk,
        "classification": "106",
        "title": "Remiss om trafiksäkerhet",
        "registered_on": "2016-08-17",
    }
    response = post(client, registrar, url("case_create"), data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.registration_number == "106-1/2016"
    assert case.organisation == city.ks
    assert_recorded(case, registrar)
    page = client.get(response["Location"]).content.decode()
    assert "106-1/2016" in page


def test_a_case_officer_registers_a_document_with_its_file(client, t_case, karin):
    """R53–R54: registration with date, counterpart, descriptions and the file."""
    data = document_data(
        direction="outgoing",
        protected_description="Namn",
        upload=pdf("Yttrande.pdf"),
    )
    response = post(client, karin, url("document_create", t_case.pk), data)
    document = Document.objects.get()
    assert response["Location"] == document.get_absolute_url()
    assert (document.counterpart, document.protected_description) == (
        "Kommunstyrelsen",
        "Namn",
    )
    attachment = Attachment.objects.get()
    assert attachment.version.document == document
    assert attachment.original_name == "Yttrande.pdf"
    assert_recorded(document, karin)
    assert_recorded(attachment, karin)


def test_revising_a_draft_changes_it_in_place(client, draft, karin):
    data = {"title": "TU", "body": "Andra utkastet", "reason": "språkgranskning"}
    response = post(client, karin, url("document_revise", draft.pk), data)
    assert response["Location"] == draft.get_absolute_url()
    version = DocumentVersion.objects.get(document=draft)
    assert version.body == "Andra utkastet"
    assert_recorded(version, karin, "språkgranskning")


def test_revising_an_official_document_over_http_creates_version_2(
    client, draft, karin
):
    """R57–R61: the official version stays as it was and stays readable."""
    services.make_official(
        document=draft, because="decided", actor=karin, reason="nämndens beslut"
    )
    client.force_login(karin)
    form_page = client.get(url("document_revise", draft.pk))
    assert form_page.context["latest"].frozen
    data = {"title": "TU", "body": "Rättad text", "reason": "rättelse av årtal"}
    client.post(url("document_revise", draft.pk), data)
    first, second = DocumentVersion.objects.filter(document=draft).order_by("number")
    assert (first.number, first.body) == (1, "Första utkastet")
    assert (second.number, second.body, second.note) == (
        2,
        "Rättad text",
        "rättelse av årtal",
    )
    assert_recorded(second, karin, "rättelse av årtal")
    old = client.get(url("document_version", draft.pk, 1)).content.decode()
    assert "Första utkastet" in old


def test_a_case_officer_makes_an_outgoing_draft_official_by_dispatching_it(
    client, t_case, karin
):
    """R59a: a drawn-up document becomes official when it is dispatched."""
    outgoing = make_document(t_case, karin, direction=Document.Direction.OUTGOING)
    data = {"because": "dispatched", "reason": "skickat till KS"}
    response = post(client, karin, url("document_make_official", outgoing.pk), data)
    assert response.status_code == 302
    outgoing.refresh_from_db()
    assert outgoing.state == Document.State.OFFICIAL
    assert outgoing.official_because == Document.OfficialBecause.DISPATCHED
    assert_recorded(outgoing, karin, "skickat till KS")


def test_a_file_attached_to_an_official_document_goes_into_a_new_version(
    client, letter, t_registrar
):
    data = {"upload": pdf("skanning.pdf"), "reason": "inskannad"}
    response = post(client, t_registrar, url("attachment_add", letter.pk), data)
    assert response["Location"] == letter.get_absolute_url()
    attachment = Attachment.objects.get()
    assert attachment.version.number == 2
    assert not DocumentVersion.objects.get(document=letter, number=1).attachments.all()
    assert_recorded(attachment, t_registrar, "inskannad")


def test_a_registrar_marks_a_document_confidential_and_lifts_the_marking(
    client, city, letter, t_registrar
):
    """R65: provision, date and authority; the lifted marking stays on record."""
    data = {
        "provision": "OSL 21 kap. 1 §",
        "marked_on": "2016-08-20",
        "authority": city.trn.pk,
        "note": "Hälsouppgifter",
    }
    post(client, t_registrar, url("document_mark_confidential", letter.pk), data)
    marking = ConfidentialityMarking.objects.get()
    assert (marking.provision, marking.marked_on, marking.authority) == (
        "OSL 21 kap. 1 §",
        datetime.date(2016, 8, 20),
        city.trn,
    )
    assert_recorded(marking, t_registrar)
    data = {"reason": "Ny sekretessprövning"}
    response = post(client, t_registrar, url("marking_lift", marking.pk), data)
    assert response["Location"] == letter.get_absolute_url()
    marking.refresh_from_db()
    assert marking.lifted_on is not None
    assert_recorded(marking, t_registrar, "Ny sekretessprövning")


def test_a_head_of_department_assigns_a_case_officer(client, t_case, jonas, karin):
    data = {"officer": jonas.pk, "reason": "omfördelning"}
    response = post(client, jonas, url("case_assign", t_case.pk), data)
    assert response["Location"] == t_case.get_absolute_url()
    t_case.refresh_from_db()
    assert t_case.case_officer == jonas
    assert_recorded(t_case, jonas, "omfördelning")


def test_a_registrar_closes_a_case_and_its_drafts_become_official(
    client, t_case, draft, t_registrar
):
    """R59b: a draft becomes official when the case is concluded."""
    client.force_login(t_registrar)
    assert client.get(url("case_close", t_case.pk)).context["draft_count"] == 1
    response = client.post(url("case_close", t_case.pk), {"reason": "avslutat"})
    assert response["Location"] == t_case.get_absolute_url()
    t_case.refresh_from_db()
    draft.refresh_from_db()
    assert t_case.status == Case.Status.CLOSED
    assert draft.official_because == Document.OfficialBecause.CASE_CONCLUDED
    assert_recorded(t_case, t_registrar, "avslutat")


def test_a_success_message_is_shown_in_the_status_region(client, t_case, t_registrar):
    client.force_login(t_registrar)
    response = client.post(
        url("case_close", t_case.pk), {"reason": "avslutat"}, follow=True
    )
    assert re.search(
        r'role="status"[^>]*>\s*<p class="message message--success">',
        response.content.decode(),
    )
