"""The register's forms: the choices they offer and the input they refuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import Select
from django.test import override_settings
from django.utils import timezone

from casework.directory import services as directory
from casework.registry import forms
from casework.registry import services as registry
from casework.registry.models import Document
from casework.registry.uploads import EXECUTABLE_MAGIC
from tests.builders import Role, administrator, make_case, make_document, make_staff

pytestmark = pytest.mark.django_db


def codes(form) -> dict[str, set[str]]:
    return {
        field: {error.code for error in errors}
        for field, errors in form.errors.as_data().items()
    }


@pytest.fixture
def t_case(city, t_registrar, karin):
    return make_case(city.t_register, t_registrar, case_officer=karin)


def case_data(register, **overrides):
    data = {
        "register": register.pk,
        "classification": "",
        "title": "Remiss om cykelplan",
        "registered_on": "2016-08-17",
    }
    data.update(overrides)
    return data


def test_the_case_form_offers_only_the_registers_the_user_may_register_in(
    city, registrar, t_registrar
):
    assert list(forms.CaseForm(user=registrar).fields["register"].queryset) == [
        city.ks_register
    ]
    assert list(forms.CaseForm(user=t_registrar).fields["register"].queryset) == [
        city.t_register
    ]


def test_the_case_form_offers_as_case_officers_only_staff_handling_those_registers(
    city, t_registrar, karin, jonas, anders, mp_secretary
):
    officers = set(forms.CaseForm(user=t_registrar).fields["case_officer"].queryset)
    assert officers == {t_registrar, karin, jonas}


def test_a_register_numbered_by_classification_needs_a_fitting_code(city, registrar):
    """R75: the executive board numbers its cases "106-1906/2016"."""
    missing = forms.CaseForm(case_data(city.ks_register), user=registrar)
    wrong = forms.CaseForm(
        case_data(city.ks_register, classification="1O6"), user=registrar
    )
    right = forms.CaseForm(
        case_data(city.ks_register, classification="106"), user=registrar
    )
    assert codes(missing) == {"classification": {"classification_required"}}
    assert codes(wrong) == {"classification": {"classification_format"}}
    assert right.is_valid()


def test_a_register_without_classification_accepts_a_case_without_one(
    city, t_registrar
):
    assert forms.CaseForm(case_data(city.t_register), user=t_registrar).is_valid()


def test_a_case_cannot_be_registered_in_the_future(city, t_registrar):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = forms.CaseForm(
        case_data(city.t_register, registered_on=tomorrow.isoformat()),
        user=t_registrar,
    )
    assert codes(form) == {"registered_on": {"in_future"}}


def test_the_case_form_refuses_a_case_officer_it_did_not_offer(city, registrar, karin):
    form = forms.CaseForm(
        case_data(city.ks_register, classification="106", case_officer=karin.pk),
        user=registrar,
    )
    assert codes(form) == {"case_officer": {"invalid_choice"}}


def test_a_registrar_of_two_organisations_cannot_mix_their_staff(city, karin):
    """Karin works at trafikkontoret: she cannot handle a case of the executive
    board, even when the registrar registers in both."""
    both = make_staff("registrator.tva", Role.REGISTRAR, city.slk)
    directory.grant_staff_role(
        user=both,
        role=Role.REGISTRAR,
        organisation=city.tk,
        valid_from=datetime.date(2010, 1, 1),
        actor=administrator(),
        reason="test set-up",
    )
    form = forms.CaseForm(
        case_data(city.ks_register, classification="106", case_officer=karin.pk),
        user=both,
    )
    assert codes(form) == {"case_officer": {"officer_outside_organisation"}}


def upload(name, content):
    return SimpleUploadedFile(name, content, "application/pdf")


def document_form(**files):
    data = {
        "direction": "drawn_up",
        "kind": "officer_report",
        "dated": "2016-08-17",
        "public_description": "Tjänsteutlåtande",
        "title": "TU",
    }
    return forms.DocumentForm(data, files)


@pytest.mark.parametrize("magic", EXECUTABLE_MAGIC)
def test_an_executable_renamed_to_pdf_is_refused_by_the_document_form(magic):
    form = document_form(upload=upload("report.pdf", magic + b"payload"))
    assert codes(form) == {"upload": {"type_mismatch"}}


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_an_upload_over_the_size_limit_is_refused_by_the_document_form():
    form = document_form(upload=upload("report.pdf", b"%PDF-1.4 and more"))
    assert codes(form) == {"upload": {"file_too_large"}}


def test_the_document_form_accepts_a_document_without_a_file():
    assert document_form().is_valid()


def test_only_an_outgoing_document_can_be_made_official_by_dispatch(t_case, karin):
    """R59a: dispatch is what makes an outgoing document official."""
    drawn_up = make_document(t_case, karin)
    outgoing = make_document(t_case, karin, direction=Document.Direction.OUTGOING)
    choices = {
        document.direction: [
            value
            for value, _label in forms.MakeOfficialForm(document=document)
            .fields["because"]
            .choices
        ]
        for document in (drawn_up, outgoing)
    }
    assert choices == {
        "drawn_up": ["decided", "approved"],
        "outgoing": ["dispatched", "decided", "approved"],
    }


def test_a_marking_can_be_made_by_the_department_or_the_committee_it_serves(
    city, t_case, karin
):
    document = make_document(t_case, karin)
    form = forms.MarkConfidentialForm(document=document)
    assert set(form.fields["authority"].queryset) == {city.tk, city.trn}


def test_the_assign_form_offers_only_staff_handling_the_cases_organisation(
    city, t_case, t_registrar, karin, jonas, anders, hakan, auditor
):
    form = forms.AssignCaseOfficerForm(case=t_case)
    assert set(form.fields["officer"].queryset) == {t_registrar, karin, jonas}


def test_a_staff_member_whose_role_was_revoked_is_not_offered(city, t_case):
    former = make_staff("tidigare.handlaggare", Role.CASE_OFFICER, city.tk)
    directory.revoke_staff_role(
        staff_role=former.staff_roles.get(), actor=administrator(), reason="slutat"
    )
    form = forms.AssignCaseOfficerForm(case=t_case)
    assert former not in form.fields["officer"].queryset


def test_a_reason_of_only_spaces_is_no_reason():
    form = forms.CloseCaseForm({"reason": "   "})
    assert codes(form) == {"reason": {"required"}}


def test_a_service_refusal_lands_on_its_field_or_above_the_form():
    form = forms.ReviseDocumentForm({"title": "TU", "body": "", "reason": "r"})
    assert form.is_valid()
    form.add_service_error(
        ValidationError(
            {
                "title": ValidationError("för lång", code="max_length"),
                "registration_number": ValidationError("fel", code="number"),
            }
        )
    )
    form.add_service_error(ValidationError("stängt", code="case_closed"))
    assert codes(form) == {
        "title": {"max_length"},
        "__all__": {"number", "case_closed"},
    }


@pytest.fixture
def planned_registers(city, system_user):
    """Two registers of kommunstyrelsen with a classification plan each (R75)."""

    def create(code, name, plan):
        return registry.create_register(
            organisation=city.ks,
            code=code,
            name=name,
            number_format="{classification}-{seq}/{year}",
            number_pattern=r"(?P<classification>\d{3})-(?P<seq>\d{1,5})/(?P<year>\d{4})",
            requires_classification=True,
            classification_codes=plan,
            actor=system_user,
            reason="test set-up",
        )

    return (
        create("ks-a", "A-diariet", "006 Internationellt arbete\n106\n"),
        create("ks-b", "B-diariet", "316 Trafik"),
    )


def test_the_case_form_offers_the_classification_codes_of_each_registers_plan_R75(
    registrar, planned_registers
):
    field = forms.CaseForm(user=registrar).fields["classification"]

    assert isinstance(field.widget, Select)
    assert field.choices[1:] == [
        ("A-diariet", [("006", "006 Internationellt arbete"), ("106", "106")]),
        ("B-diariet", [("316", "316 Trafik")]),
    ]


def test_a_code_from_another_registers_plan_is_refused_R75(
    registrar, planned_registers
):
    a_register, _b_register = planned_registers

    form = forms.CaseForm(case_data(a_register, classification="316"), user=registrar)

    assert codes(form) == {"classification": {"classification_not_in_plan"}}


def test_a_code_from_the_registers_plan_numbers_the_case_R75(
    registrar, planned_registers
):
    a_register, _b_register = planned_registers

    form = forms.CaseForm(case_data(a_register, classification="106"), user=registrar)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["classification"] == "106"
