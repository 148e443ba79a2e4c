import pytest
from django.utils.translation import gettext as t

from casework.audit import records
from casework.audit.timeline import timeline
from casework.referrals import reports, services
from casework.registry import services as registry
from casework.registry.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(received, karin, jonas, t_registrar, city):
    case = received.committee_case
    registry.assign_case_officer(
        case=case, officer=karin, actor=t_registrar, reason="tilldelad"
    )
    report = reports.draft_officer_report(
        case=case,
        addressed_to=city.trn,
        title="Internationell strategi. Remiss",
        clauses=["Trafiknämnden överlämnar och åberopar kontorets tjänsteutlåtande."],
        actor=karin,
        reason="utkast",
    )
    reports.submit_for_review(report=report, actor=karin, reason="klar")
    reports.approve_report(report=report, actor=jonas, reason="godkänd")
    services.dispatch_response(
        recipient=received,
        documents=[report.document],
        stance="with_comments",
        decision_text="Trafiknämnden överlämnar …",
        actor=t_registrar,
        reason="expedierat",
    )
    return received


def test_the_timeline_follows_the_case_across_bodies(answered):
    """The auditor reads registration → referral → report → answer in order."""
    events = timeline(answered.referral.case)
    whats = [e.what for e in events]
    assert whats.index(t("Case registered")) < whats.index(t("Referral sent"))
    assert whats.index(t("Referral sent")) < whats.index(t("Officer report approved"))
    assert whats.index(t("Officer report approved")) < whats.index(t("Answer sent"))
    numbers = {e.case_number for e in events if e.what == t("Case registered")}
    assert answered.committee_case.registration_number in numbers
    assert answered.referral.case.registration_number in numbers


def test_the_timeline_is_the_same_from_either_case(answered):
    from_ks = timeline(answered.referral.case)
    from_committee = timeline(answered.committee_case)
    assert [e.what for e in from_ks] == [e.what for e in from_committee]


def test_a_records_history_shows_who_changed_which_field_and_why(ks_case, registrar):
    registry.update_case(
        case=ks_case, title="Ny titel", actor=registrar, reason="felstavat"
    )
    created, changed = records.record_history(ks_case)
    assert created.kind == "created" and created.changes == ()
    assert changed.user == "Rolf Registrator (registrator)"
    assert changed.reason == "felstavat"
    (change,) = changed.changes
    assert (change.old, change.new) == (
        "Internationell strategi för Stockholms stad",
        "Ny titel",
    )


def test_history_exports_as_csv_and_json(ks_case, registrar, city):
    registry.update_case(
        case=ks_case, title="Ny titel", actor=registrar, reason="felstavat"
    )
    rows = records.history_rows("case", organisation=city.ks, user=registrar)
    items = records.versions(rows, "case")
    csv_text = records.to_csv(items)
    assert "felstavat" in csv_text and "Ny titel" in csv_text
    assert '"reason": "felstavat"' in records.to_json(items)
    assert not records.history_rows("case", organisation=city.tk).exists()


def test_documents_filter_by_the_organisation_of_their_case(received, city):
    rows = records.history_rows("document", organisation=city.trn)
    assert {r.case_id for r in rows} == {received.committee_case_id}
    assert Document.objects.filter(case=received.committee_case).exists()


def test_the_auditor_reads_the_timeline_history_and_exports(client, answered, auditor):
    case = answered.referral.case
    client.force_login(auditor)
    response = client.get(f"/granskning/arenden/{case.pk}/tidslinje/")
    assert response.status_code == 200
    assert answered.committee_case.registration_number in response.content.decode()
    assert client.get(f"/granskning/historik/case/{case.pk}/").status_code == 200
    listing = client.get("/granskning/historik/", {"record": "case"})
    assert listing.status_code == 200
    export = client.get("/granskning/historik/export.csv", {"record": "document"})
    assert export["Content-Type"].startswith("text/csv")
    assert "expedierad" in export.content.decode()
    as_json = client.get("/granskning/historik/export.json", {"record": "case"})
    assert as_json.json()[0]["record"] == "case"


def test_the_audit_pages_are_for_auditors_only(client, answered, karin):
    client.force_login(karin)
    case = answered.committee_case
    assert client.get(f"/granskning/arenden/{case.pk}/tidslinje/").status_code == 403
    assert (
        client.get("/granskning/historik/export.csv", {"record": "case"}).status_code
        == 403
    )


def test_a_reversed_period_is_a_form_error(client, auditor):
    client.force_login(auditor)
    response = client.get(
        "/granskning/historik/",
        {"record": "case", "since": "2020-02-01", "until": "2020-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    bad = client.get("/granskning/historik/export.csv", {"record": "nonsense"})
    assert bad.status_code == 400


def test_the_csv_export_never_starts_a_cell_with_a_formula(ks_case, registrar):
    registry.update_case(
        case=ks_case, title="=HYPERLINK(1)", actor=registrar, reason="+x"
    )
    items = records.record_history(ks_case)
    text = records.to_csv(items)
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
    assert "'+x" in text


def test_the_history_narrows_to_what_belongs_to_one_case_R83(answered):
    committee_case = answered.committee_case
    ks_case = answered.referral.case

    cases = records.history_rows("case", cases=[committee_case.pk])
    documents = records.history_rows("document", cases=[committee_case.pk])

    assert {row.id for row in cases} == {committee_case.pk}
    assert {row.case_id for row in documents} == {committee_case.pk}
    assert set(Document.objects.filter(case=ks_case)) and not (
        records.history_rows("document", cases=[committee_case.pk])
        .filter(case_id=ks_case.pk)
        .exists()
    )


def test_the_auditor_exports_one_cases_history_by_its_number_R83(
    client, answered, auditor
):
    committee_case = answered.committee_case
    client.force_login(auditor)

    export = client.get(
        "/granskning/historik/export.json",
        {"record": "document", "case": committee_case.registration_number},
    )

    exported = {row["record_id"] for row in export.json()}
    assert exported == set(
        Document.objects.filter(case=committee_case).values_list("pk", flat=True)
    )


def test_an_unknown_registration_number_is_a_form_error_R83(client, auditor):
    client.force_login(auditor)

    response = client.get(
        "/granskning/historik/", {"record": "case", "case": "999-1/1999"}
    )

    assert response.context["form"].errors.as_data()["case"][0].code == "unknown_case"
