import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.referrals import reports
from casework.referrals.models import OfficerReport
from tests.builders import Role, make_staff

pytestmark = pytest.mark.django_db
State = OfficerReport.State


@pytest.fixture
def report(received, karin, city):
    received.committee_case.case_officer = karin
    received.committee_case.save()
    return reports.draft_officer_report(
        case=received.committee_case,
        addressed_to=city.trn,
        title="Internationell strategi för Stockholms stad. Remiss från kommunstyrelsen",
        clauses=[
            "Trafiknämnden överlämnar och åberopar kontorets tjänsteutlåtande som svar på remissen från kommunstyrelsen."
        ],
        phone="08-508 261 85",
        unit="Stab",
        summary="Trafikkontoret ställer sig i huvudsak positiv till förslaget.",
        actor=karin,
        reason="utkast",
    )


def test_a_drafted_report_is_a_draft_document_with_its_sections(report):
    """R60, R78: the report is not official while it is drafted."""
    assert report.state == State.DRAFT
    assert not report.document.is_official
    body = report.document.versions.get().body
    assert "1. Trafiknämnden överlämnar" in body
    assert report.department.code == "tk"


def test_another_departments_officer_cannot_draft_the_report(received, anders, city):
    with pytest.raises(PermissionDenied):
        reports.draft_officer_report(
            case=received.committee_case,
            addressed_to=city.trn,
            title="x",
            clauses=["x"],
            actor=anders,
            reason="x",
        )


def test_the_head_of_department_approves_and_signs(report, karin, jonas):
    reports.submit_for_review(report=report, actor=karin, reason="klar")
    reports.approve_report(report=report, actor=jonas, reason="godkänd")
    report.refresh_from_db()
    assert report.state == State.APPROVED
    assert report.department_head == jonas and report.approved_at


def test_with_divisions_the_head_of_division_approves_first(report, karin, jonas, city):
    head_of_division = make_staff("avdelningschef.tk", Role.HEAD_OF_DIVISION, city.tk)
    reports.revise_officer_report(
        report=report, needs_division_review=True, actor=karin, reason="x"
    )
    reports.submit_for_review(report=report, actor=karin, reason="klar")
    with pytest.raises(PermissionDenied):
        reports.approve_report(report=report, actor=jonas, reason="för tidigt")
    reports.approve_report(report=report, actor=head_of_division, reason="ok")
    reports.approve_report(report=report, actor=jonas, reason="ok")
    report.refresh_from_db()
    assert (report.division_head, report.department_head, report.state) == (
        head_of_division,
        jonas,
        State.APPROVED,
    )


def test_a_returned_report_goes_back_to_the_officer_with_the_comment(
    report, karin, jonas
):
    reports.submit_for_review(report=report, actor=karin, reason="klar")
    with pytest.raises(ValidationError):
        reports.return_report(report=report, comment=" ", actor=jonas, reason="x")
    reports.return_report(
        report=report, comment="Förtydliga synpunkterna.", actor=jonas, reason="åter"
    )
    report.refresh_from_db()
    assert report.state == State.DRAFT
    assert report.comments.get().text == "Förtydliga synpunkterna."
    reports.revise_officer_report(
        report=report,
        opinions="Tydligare.",
        clauses=["Ny lydelse."],
        actor=karin,
        reason="rättat",
    )
    assert list(report.proposal.clauses.values_list("text", flat=True)) == [
        "Ny lydelse."
    ]


def test_another_departments_head_cannot_approve(report, karin, hakan):
    reports.submit_for_review(report=report, actor=karin, reason="klar")
    with pytest.raises(PermissionDenied):
        reports.approve_report(report=report, actor=hakan, reason="x")


def test_an_approved_report_cannot_be_edited(report, karin, jonas):
    reports.submit_for_review(report=report, actor=karin, reason="klar")
    reports.approve_report(report=report, actor=jonas, reason="ok")
    with pytest.raises(ValidationError) as error:
        reports.revise_officer_report(
            report=report, summary="ändrat", actor=karin, reason="x"
        )
    assert error.value.code == "report_not_draft"
