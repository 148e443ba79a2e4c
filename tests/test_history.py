"""Every write path leaves a history row naming the actor and the reason (R83)."""

import datetime
import inspect

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit import snapshots
from casework.directory import services as directory
from casework.directory.models import User
from casework.registry import services as registry
from casework.registry.models import Document
from tests.builders import Role, make_case, make_document, make_staff, make_user

pytestmark = pytest.mark.django_db

SERVICE_MODULES = (directory, registry)
REASON = "skäl för ändringen"


def write_services():
    """Every public service function: those that take an actor."""
    found = {}
    for module in SERVICE_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(function).parameters:
                found[f"{module.__name__}.{name}"] = function
    return found


@pytest.fixture
def world(city, t_registrar, karin, mp_party, system_user):
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    draft = make_document(case, karin)
    incoming = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    outgoing = make_document(case, karin, direction=Document.Direction.OUTGOING)
    marking = registry.mark_confidential(
        document=incoming,
        provision="OSL 26 kap. 1 §",
        marked_on=datetime.date(2016, 8, 20),
        authority=city.tk,
        actor=t_registrar,
        reason="test set-up",
    )
    other_case = make_case(city.ks_register, system_user)
    person = directory.create_person(
        first_name="Per", last_name="Bolund", actor=system_user, reason="test set-up"
    )
    seat = directory.appoint(
        person=person,
        organisation=city.ks,
        role="member",
        party=mp_party,
        valid_from=datetime.date(2011, 1, 1),
        actor=system_user,
        reason="test set-up",
    )
    return locals()


def _with_file(document, actor):
    registry.add_attachment(
        document=document,
        upload=SimpleUploadedFile("bilaga.pdf", b"%PDF-1.7 bilaga"),
        actor=actor,
        reason="test set-up",
    )
    return document


SCENARIOS = {
    "casework.directory.services.create_organisation": lambda w, a: (
        directory.create_organisation(
            code="sbn",
            name="Stadsbyggnadsnämnden",
            kind="committee",
            actor=a,
            reason=REASON,
        )
    ),
    "casework.directory.services.update_organisation_rules": lambda w, a: (
        directory.update_organisation_rules(
            organisation=w["city"].ks,
            special_statements="participants",
            substitutes_may_record_opinion=True,
            actor=a,
            reason=REASON,
        )
    ),
    "casework.directory.services.create_party": lambda w, a: directory.create_party(
        code="V", name="Vänsterpartiet", actor=a, reason=REASON
    ),
    "casework.directory.services.add_party_designation": lambda w, a: (
        directory.add_party_designation(
            party=w["mp_party"],
            code="mp",
            name="Miljöpartiet",
            valid_from=datetime.date(1990, 1, 1),
            valid_to=datetime.date(2010, 12, 31),
            actor=a,
            reason=REASON,
        )
    ),
    "casework.directory.services.create_person": lambda w, a: directory.create_person(
        first_name="Karin", last_name="Wanngård", actor=a, reason=REASON
    ),
    "casework.directory.services.link_user": lambda w, a: directory.link_user(
        person=w["person"], user=make_user(), actor=a, reason=REASON
    ),
    "casework.directory.services.create_user": lambda w, a: directory.create_user(
        username="ny.anvandare",
        first_name="Ny",
        last_name="Användare",
        email="ny@example.invalid",
        password=None,
        actor=a,
        reason=REASON,
    ),
    "casework.directory.services.appoint": lambda w, a: directory.appoint(
        person=w["person"],
        organisation=w["city"].trn,
        role="substitute",
        party=w["mp_party"],
        valid_from=datetime.date(2015, 1, 1),
        actor=a,
        reason=REASON,
    ),
    "casework.directory.services.end_assignment": lambda w, a: directory.end_assignment(
        assignment=w["seat"],
        ended_on=datetime.date(2014, 12, 31),
        actor=a,
        reason=REASON,
    ),
    "casework.directory.services.grant_staff_role": lambda w, a: (
        directory.grant_staff_role(
            user=make_user(), role=Role.AUDITOR, actor=a, reason=REASON
        )
    ),
    "casework.directory.services.revoke_staff_role": lambda w, a: (
        directory.revoke_staff_role(
            staff_role=w["karin"].staff_roles.get(), actor=a, reason=REASON
        )
    ),
    "casework.directory.services.create_group": lambda w, a: directory.create_group(
        name="Systemförvaltare i test",
        permissions=["signin.unlock_login"],
        actor=a,
        reason=REASON,
    ),
    "casework.directory.services.admit_to_administration": lambda w, a: (
        directory.admit_to_administration(
            user=make_user(), groups=[], actor=a, reason=REASON
        )
    ),
    "casework.registry.services.create_register": lambda w, a: registry.create_register(
        organisation=w["city"].expk,
        code="sbk",
        name="Stadsbyggnadskontorets diarium",
        number_format="S-Dp {year}-{seq:05}",
        number_pattern=r"S-Dp (?P<year>\d{4})-(?P<seq>\d{5})",
        actor=a,
        reason=REASON,
    ),
    "casework.registry.services.register_case": lambda w, a: registry.register_case(
        register=w["city"].t_register, title="Ny remiss", actor=a, reason=REASON
    ),
    "casework.registry.services.import_case": lambda w, a: registry.import_case(
        register=w["city"].t_register,
        registration_number="T2016-01906",
        title="Internationell strategi",
        registered_on=datetime.date(2016, 8, 17),
        actor=a,
        reason=REASON,
    ),
    "casework.registry.services.update_case": lambda w, a: registry.update_case(
        case=w["case"], title="Ny titel", actor=a, reason=REASON
    ),
    "casework.registry.services.assign_case_officer": lambda w, a: (
        registry.assign_case_officer(
            case=w["case"], officer=w["t_registrar"], actor=a, reason=REASON
        )
    ),
    "casework.registry.services.link_cases": lambda w, a: registry.link_cases(
        from_case=w["case"],
        to_case=w["other_case"],
        kind="referral",
        actor=a,
        reason=REASON,
    ),
    "casework.registry.services.close_case": lambda w, a: [
        registry.close_case(case=w["case"], actor=a, reason=REASON),
        Document.objects.get(pk=w["draft"].pk),
    ],
    "casework.registry.services.register_document": lambda w, a: (
        registry.register_document(
            case=w["case"],
            direction="drawn_up",
            title="PM",
            public_description="Promemoria",
            actor=a,
            reason=REASON,
        )
    ),
    "casework.registry.services.revise_document": lambda w, a: registry.revise_document(
        document=w["incoming"],
        title="Remiss",
        body="ny version",
        actor=a,
        reason=REASON,
    ),
    "casework.registry.services.make_official": lambda w, a: registry.make_official(
        document=w["outgoing"], because="dispatched", actor=a, reason=REASON
    ),
    "casework.registry.services.correct_registration": lambda w, a: (
        registry.correct_registration(
            document=w["incoming"],
            counterpart="Kommunstyrelsen",
            public_description="Remiss",
            protected_description="",
            actor=a,
            reason=REASON,
        )
    ),
    "casework.registry.services.add_attachment": lambda w, a: registry.add_attachment(
        document=w["draft"],
        upload=SimpleUploadedFile("tu.pdf", b"%PDF-1.7 tu"),
        actor=a,
        reason=REASON,
    ),
    "casework.registry.services.copy_attachments": lambda w, a: (
        registry.copy_attachments(
            source=_with_file(w["draft"], w["karin"]).versions.latest("number"),
            target=w["incoming"].versions.latest("number"),
            actor=a,
            reason=REASON,
        )
    ),
    "casework.registry.services.mark_confidential": lambda w, a: (
        registry.mark_confidential(
            document=w["draft"],
            provision="OSL 21 kap. 1 §",
            marked_on=datetime.date(2016, 9, 1),
            authority=w["city"].tk,
            actor=a,
            reason=REASON,
        )
    ),
    "casework.registry.services.lift_confidentiality": lambda w, a: (
        registry.lift_confidentiality(marking=w["marking"], actor=a, reason=REASON)
    ),
}


def test_every_write_service_has_a_history_scenario():
    """A new service without a scenario here fails this test."""
    assert set(write_services()) == set(SCENARIOS)


# Who changes the directory and opens registers (permissions.administration).
ADMINISTERED = ("casework.directory.services.", "casework.registry.services.create_reg")


def _actor_for(name: str, world):
    """A superuser for the directory's services; for every other service a
    registrar of the case's organisation, whom they admit."""
    if name.startswith(ADMINISTERED):
        administrator = make_user("administrator")
        User.objects.filter(pk=administrator.pk).update(is_superuser=True)
        return User.objects.get(pk=administrator.pk)
    return make_staff("handlande", Role.REGISTRAR, world["city"].tk)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_write_path_records_the_actor_and_the_reason(world, name):
    """R83: every change is logged with actor, time and reason."""
    actor = _actor_for(name, world)
    result = SCENARIOS[name](world, actor)
    changed = result if isinstance(result, list) else [result]
    for record in changed:
        if not hasattr(record, "history"):
            # a group has no history of its own: its snapshot names both
            snapshot = snapshots.latest(snapshots.subject_of(record), record.pk)
            assert snapshot is not None, f"{name} left no snapshot of {record!r}"
            assert (snapshot.actor_id, snapshot.reason) == (actor.pk, REASON)
            continue
        latest = record.history.order_by("-history_id").first()
        assert latest is not None, f"{name} left no history on {record!r}"
        assert latest.history_user_id == actor.pk
        assert latest.history_change_reason == REASON
