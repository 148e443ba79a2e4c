"""The Stockholm demo data loaded by ``manage.py load_demo`` (rules.md (e))."""

import datetime
import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from casework.directory import services as directory
from casework.directory.models import (
    Assignment,
    Organisation,
    Party,
    Person,
    StaffRole,
    User,
)
from casework.registry.models import Case, CaseLink, Document, NumberSequence, Register

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [
    "registrator",
    "karin.dhakal",
    "jonas.eliasson",
    "anders.hallberg",
    "ann-charlotte.bergqvist",
    "hakan.falk",
    "sekreterare.trn",
    "sekreterare.expn",
    "sekreterare.ks",
    "partisekreterare.mp",
    "partisekreterare.v",
    "partisekreterare.s",
    "partisekreterare.m",
    "revisor",
]
SEED_CASES = {
    ("ks", "006-652/2011"): "Rapport avseende stadens internationella arbete 2010",
    ("ks", "006-5201/2007"): (
        "Stockholms stads medlemskap i internationella organisationer"
    ),
    ("ks", "106-1031/2016"): "Internationell strategi för Stockholms stad",
    ("tk", "T2016-01906"): (
        "Internationell strategi för Stockholms stad. Remiss från kommunstyrelsen"
    ),
}

GUEST_DATA = """
[load]
actor = "system"
reason = "Demodata: test"

[people]
"Gustav Gäst" = {}

[[users]]
username = "gast"
person = "Gustav Gäst"
description = "gäst"
roles = [{ role = "case_officer", organisation = "tk", valid_from = 2016-01-01 }]
"""


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load shared by the module's tests, rolled back when they are done.

    Each test runs in a savepoint inside this transaction, so what a test
    writes is undone before the next one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def case(number: str) -> Case:
    return Case.objects.get(registration_number=number)


def body(document: Document) -> str:
    return document.versions.order_by("-number").first().body


def tracked_models():
    """Every model with django-simple-history, paired with its history model."""
    return [
        (model, model.history.model)
        for model in apps.get_models()
        if hasattr(model, "history") and hasattr(model.history, "model")
    ]


def row_counts() -> dict[str, int]:
    counts = {}
    for model, history in tracked_models():
        counts[model._meta.label] = model._default_manager.count()
        counts[history._meta.label] = history.objects.count()
    counts["sequences"] = sum(
        NumberSequence.objects.values_list("last_value", flat=True)
    )
    return counts


def test_load_demo_creates_every_demo_user_with_the_demo_password(demo):
    for username in DEMO_USERNAMES:
        user = User.objects.get(username=username)
        assert user.check_password(settings.DEMO_PASSWORD), username
    assert f"Lösenord för alla demoanvändare: {settings.DEMO_PASSWORD}" in demo
    assert all(username in demo for username in DEMO_USERNAMES)


def test_the_password_option_sets_the_password_of_new_demo_users(demo, tmp_path):
    data = tmp_path / "gast.toml"
    data.write_text(GUEST_DATA, encoding="utf-8")
    output = load_demo("--data", str(data), "--password", "ett-annat-losenord")
    guest = User.objects.get(username="gast")
    assert guest.check_password("ett-annat-losenord")
    assert not guest.check_password(settings.DEMO_PASSWORD)
    assert "Lösenord för alla demoanvändare: ett-annat-losenord" in output


def test_a_second_load_keeps_the_passwords_of_existing_users(demo):
    output = load_demo("--password", "ett-annat-losenord")
    karin = User.objects.get(username="karin.dhakal")
    assert karin.check_password(settings.DEMO_PASSWORD)
    assert "har kvar sina lösenord" in output


def test_the_system_user_that_loads_the_data_cannot_log_in(demo):
    assert not User.objects.get(username="system").has_usable_password()


def test_every_demo_user_has_a_staff_role_a_seat_or_a_group_that_works_today(demo):
    """Staff work through their roles, politicians through their seats (R2),
    the system administrator through the rights of a group in the
    administration (issue 10.4)."""
    today = datetime.date.today()
    printed = re.findall(r"^  (\S+)  ", demo, flags=re.MULTILINE)
    assert set(DEMO_USERNAMES) < set(printed)
    for username in printed:
        roles = StaffRole.objects.active(today).filter(user__username=username)
        seats = Assignment.objects.active(today).filter(person__user__username=username)
        groups = User.objects.filter(
            username=username, is_staff=True, groups__isnull=False
        )
        assert roles.exists() or seats.exists() or groups.exists(), username


def test_demo_users_are_linked_to_their_people(demo):
    karin = Person.objects.get(user__username="karin.dhakal")
    assert (karin.full_name, karin.phone) == ("Karin Dhakal", "08-508 261 85")
    assert Person.objects.get(user__username="registrator").full_name == (
        "Rolf Registrator"
    )


def test_the_seed_cases_exist_with_their_exact_numbers_and_titles(demo):
    for (register, number), title in SEED_CASES.items():
        found = Case.objects.get(register__code=register, registration_number=number)
        assert found.title == title


def test_the_committee_cases_are_linked_to_the_ks_referral_case(demo):
    ks_case = case("106-1031/2016")
    for number in ("T2016-01906", "E2016-01205"):
        link = CaseLink.objects.get(from_case=case(number), to_case=ks_case)
        assert link.kind == CaseLink.Kind.REFERRAL


def test_document_bodies_are_the_seed_texts(demo):
    t_report = case("T2016-01906").documents.get(
        kind=Document.Kind.OFFICER_REPORT, direction=Document.Direction.DRAWN_UP
    )
    assert "Trafiknämnden överlämnar och åberopar kontorets" in body(t_report)
    e_report = case("E2016-01205").documents.get(
        kind=Document.Kind.OFFICER_REPORT, direction=Document.Direction.DRAWN_UP
    )
    assert "Exploateringskontoret har inget att erinra" in body(e_report)
    memorandum = case("006-652/2011").documents.get(kind=Document.Kind.MEMORANDUM)
    assert "Föredragande borgarrådet Sten Nordin anför följande." in body(memorandum)
    assert "Stadesledningskontoret" in body(memorandum)
    appendix = case("006-652/2011").documents.get(kind=Document.Kind.APPENDIX)
    assert "EUROCITIES är en samarbetsorganisation" in body(appendix)
    old = case("006-5201/2007").documents.get(kind=Document.Kind.MEMORANDUM)
    assert "KRISTINA AXÉN OLIN" in body(old)


def test_the_trafikkontoret_report_is_official_because_the_committee_decided(demo):
    """R59: a drawn-up document becomes official when decided (TF 2:10)."""
    report = case("T2016-01906").documents.get(
        kind=Document.Kind.OFFICER_REPORT, direction=Document.Direction.DRAWN_UP
    )
    assert report.is_official
    assert report.official_because == Document.OfficialBecause.DECIDED
    assert report.dated == datetime.date(2016, 9, 22)


def test_the_documents_of_the_closed_seed_cases_are_official(demo):
    """R59b: concluding a case makes its drawn-up documents official."""
    for number in ("006-652/2011", "006-5201/2007"):
        closed = case(number)
        assert closed.status == Case.Status.CLOSED
        assert not closed.documents.filter(state=Document.State.DRAFT).exists()


def test_the_case_officers_of_the_referral_responses_are_set(demo):
    assert case("T2016-01906").case_officer.username == "karin.dhakal"
    assert case("E2016-01205").case_officer.username == "anders.hallberg"


def test_a_demo_letter_carries_a_confidentiality_marking(demo):
    """R65: a marking names provision, date and authority (OSL 5:5)."""
    letter = case("T2016-01906").documents.get(kind=Document.Kind.LETTER)
    marking = letter.confidentiality_markings.get()
    assert marking.provision == "OSL 21 kap. 3 §"
    assert marking.authority.code == "trn"
    assert letter.protected_description


def test_running_load_demo_twice_creates_nothing_new(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    assert "inget nytt skapades" in output


def test_no_head_of_department_sits_in_the_committee_the_department_serves(demo):
    """R3: a förvaltningschef holds no seat in the nämnd served (KL 7:3)."""
    assert not Assignment.objects.filter(
        person__user__username="jonas.eliasson", organisation__code="trn"
    ).exists()
    assert not Assignment.objects.filter(
        person__user__username="hakan.falk", organisation__code="expn"
    ).exists()
    for head in StaffRole.objects.filter(role=StaffRole.Role.HEAD_OF_DEPARTMENT):
        assert not Assignment.objects.filter(
            person__user=head.user, organisation=head.organisation.serves
        ).exists()


def test_the_demo_directory_refuses_jonas_eliasson_a_seat_in_trafiknamnden(demo):
    """R3: the user–person link in the demo data lets the services enforce KL 7:3."""
    system = User.objects.get(username="system")
    with pytest.raises(ValidationError) as refused:
        directory.appoint(
            person=Person.objects.get(user__username="jonas.eliasson"),
            organisation=Organisation.objects.get(code="trn"),
            role=Assignment.Role.SUBSTITUTE,
            valid_from=datetime.date(2016, 1, 1),
            actor=system,
            reason="test",
        )
    assert refused.value.error_dict["__all__"][0].code == (
        "head_of_department_in_own_committee"
    )


# What anyone may do without logging in or giving a name (TF 2:18, R63): ask
# for documents and ask for a decision on a refusal. These rows name no user.
ANONYMOUS_ACTS = {"request received", "decision requested"}


def test_every_demo_record_has_history_naming_an_actor_and_a_reason(demo):
    for _model, history in tracked_models():
        if not any(f.name == "history_user" for f in history._meta.fields):
            continue
        anonymous = history.objects.filter(
            Q(history_user__isnull=True)
            | Q(history_change_reason__isnull=True)
            | Q(history_change_reason="")
        )
        if history._meta.label == "publicity.HistoricalDocumentRequest":
            anonymous = anonymous.exclude(history_change_reason__in=ANONYMOUS_ACTS)
        assert not anonymous.exists(), history._meta.label


def test_every_demo_record_has_a_history_row(demo):
    for model, history in tracked_models():
        if not any(f.name == "history_user" for f in history._meta.fields):
            continue
        pk_name = model._meta.pk.attname
        recorded = set(history.objects.values_list(pk_name, flat=True))
        existing = set(model._default_manager.values_list("pk", flat=True))
        assert existing <= recorded, model._meta.label


def test_fp_renders_as_fp_in_2014_and_as_l_in_2016(demo):
    """R77: FP became L in 2015; historical records keep FP."""
    liberals = Party.objects.get(code="L")
    assert liberals.code_on(datetime.date(2014, 6, 1)) == "FP"
    assert liberals.code_on(datetime.date(2016, 6, 1)) == "L"


def test_the_two_committees_have_thirteen_members_with_chair_and_vice_chair(demo):
    """R2: seats with role, party and period in trafiknämnden and
    exploateringsnämnden."""
    day = datetime.date(2016, 9, 22)
    seats = (Assignment.Role.MEMBER, Assignment.Role.CHAIR, Assignment.Role.VICE_CHAIR)
    for code in ("trn", "expn"):
        active = Assignment.objects.active(day).filter(
            organisation__code=code, role__in=seats
        )
        roles = sorted(active.values_list("role", flat=True))
        assert len(roles) == 13, code
        assert roles.count("chair") == roles.count("vice_chair") == 1
        assert not active.filter(party__isnull=True).exists()


def test_ks_and_brb_allow_special_statements_and_brb_does_not_decide(demo):
    """R18, R20: särskilt uttalande in KS and BRB (SEED 000); BRB only prepares."""
    ks = Organisation.objects.get(code="ks")
    brb = Organisation.objects.get(code="brb")
    for organisation in (ks, brb):
        assert (
            organisation.special_statements
            == Organisation.SpecialStatements.PARTICIPANTS
        )
    assert ks.decides and not brb.decides


def test_each_register_reads_its_own_number_format(demo):
    """R75: numbers are validated per register, never by one global pattern."""
    ks = Register.objects.get(code="ks")
    tk = Register.objects.get(code="tk")
    assert ks.parse_number("006-652/2011") == (2011, 652)
    assert tk.parse_number("T2016-01906") == (2016, 1906)
    assert tk.parse_number("006-652/2011") is None
