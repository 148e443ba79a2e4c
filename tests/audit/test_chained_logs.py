"""What has no history of its own is chained too: access grants with who gave
them and why, users' rights, workflow records, decisions to extend a broken
chain (issue 10, points 3 and 6; V6, R83)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from casework.audit import chain
from casework.audit.models import AccessGrant, ChainDecision, HistoryLink, Snapshot
from casework.registry.models import Case
from permissions import codes, grants
from tests.audit.tampering import run
from tests.builders import Role, make_case, make_document, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def chained(row) -> bool:
    name = type(row)._meta.label_lower
    return HistoryLink.objects.filter(model=name, history_id=row.pk).exists()


@pytest.fixture
def letter(city, t_registrar, karin):
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    return make_document(case, karin)


@pytest.fixture
def officer(city):
    return make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)


def test_a_grant_and_its_withdrawal_keep_who_gave_them_and_why_and_are_chained(
    letter, officer, t_registrar
):
    """Issue 10 point 6: grants keep actor and reason."""
    grants.open_confidential_document(
        document=letter, to_user=officer, actor=t_registrar, reason="beslut 12/2016"
    )
    grants.close_confidential_document(
        document=letter, to_user=officer, actor=t_registrar, reason="ärendet avslutat"
    )
    logged = list(AccessGrant.objects.values_list("action", "actor", "reason"))
    assert logged == [
        ("granted", t_registrar.pk, "beslut 12/2016"),
        ("withdrawn", t_registrar.pk, "ärendet avslutat"),
    ]
    assert all(chained(g) for g in AccessGrant.objects.all())
    assert chain.verify() == []


def test_a_grant_without_a_reason_or_an_actor_is_refused(letter, officer, t_registrar):
    """Issue 10 point 6: no grant without who and why."""
    with pytest.raises(ValidationError) as refused:
        grants.open_confidential_document(
            document=letter, to_user=officer, actor=t_registrar, reason=""
        )
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    with pytest.raises(ValueError):
        grants.open_confidential_document(
            document=letter, to_user=officer, actor=None, reason="beslut"
        )
    assert not AccessGrant.objects.exists()


def test_a_permission_removed_behind_the_grant_log_is_named(
    letter, officer, t_registrar
):
    """Issue 10 point 3: the grant in force whose permission row vanished."""
    grants.open_confidential_document(
        document=letter, to_user=officer, actor=t_registrar, reason="beslut"
    )
    run("DELETE FROM guardian_userobjectpermission")
    (finding,) = chain.verify()
    assert (finding.model, finding.history_id) == (
        "audit.accessgrant",
        AccessGrant.objects.get().pk,
    )


def test_rights_changed_through_the_application_are_logged_and_verify_clean(
    officer, t_registrar
):
    """Issue 10 point 3: superuser and staff flags, groups and permissions
    given through the ORM (the administration, createsuperuser) are
    snapshotted with who acted and chained; nothing is reported."""
    group = Group.objects.create(name="Granskare")
    group.permissions.add(Permission.objects.first())
    officer.groups.add(group)
    officer.user_permissions.add(Permission.objects.last())
    officer.is_superuser = True
    officer._history_user = t_registrar
    officer.save()
    group.user_set.remove(officer)
    last = Snapshot.objects.filter(
        subject="directory.user", object_id=officer.pk
    ).last()
    assert '"is_superuser":true' in last.state and '"groups":[]' in last.state
    assert Snapshot.objects.filter(actor=t_registrar).exists()
    assert all(chained(s) for s in Snapshot.objects.all())
    assert chain.verify() == []


def test_group_membership_and_permissions_changed_in_the_database_are_named(
    officer,
):
    """Issue 10 point 3: a user put in a group, a group given a permission."""
    group = Group.objects.create(name="Granskare")
    run(
        "INSERT INTO directory_user_groups (user_id, group_id) VALUES (%s, %s)",
        [officer.pk, group.pk],
    )
    run(
        "INSERT INTO auth_group_permissions (group_id, permission_id) VALUES (%s, %s)",
        [group.pk, Permission.objects.first().pk],
    )
    found = {(f.model, f.history_id, f.problem) for f in chain.verify()}
    assert found == {
        ("directory.user", officer.pk, "differs from its last snapshot"),
        ("auth.group", group.pk, "differs from its last snapshot"),
    }


def test_re_chaining_a_broken_chain_is_refused_without_a_logged_decision(
    city, t_registrar, capsys
):
    """Issue 10 point 3: a history row altered and then re-chained is still
    found; extending a broken chain needs --accept-breaks and a reason, and
    the decision is logged and chained."""
    case = make_case(city.t_register, t_registrar)
    row = case.history.get()
    table = Case.history.model._meta.db_table
    run(f"UPDATE {table} SET title = 'x' WHERE history_id = %s", [row.pk])
    run("DELETE FROM audit_historylink")
    with pytest.raises(CommandError):
        call_command("chain_history", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("chain_history", "--accept-breaks", stdout=StringIO())
    assert not ChainDecision.objects.exists()
    assert {f.problem for f in chain.verify()} >= {"was removed (a link of the chain)"}

    call_command(
        "chain_history",
        "--accept-breaks",
        "--reason",
        "Återställd efter incident 7",
        "--by",
        "it-chef",
        stdout=StringIO(),
    )
    decision = ChainDecision.objects.get()
    assert (decision.decided_by, decision.reason) == (
        "it-chef",
        "Återställd efter incident 7",
    )
    assert "audit.historylink" in decision.accepted
    assert chained(decision)
    assert chain.verify() == []
    out = StringIO()
    call_command("verify_history", stdout=out)
    assert "accepted by a recorded decision" in out.getvalue()


def test_a_chain_rewritten_from_scratch_is_found_with_the_head_kept_outside(
    city, t_registrar
):
    """Issue 10 point 3: rewriting the whole chain after an alteration is found
    against the head kept outside the database."""
    case = make_case(city.t_register, t_registrar)
    out = StringIO()
    call_command("verify_history", stdout=out)
    kept = out.getvalue().splitlines()[-1].removeprefix("head ")
    table = Case.history.model._meta.db_table
    run(
        f"UPDATE {table} SET title = 'x' WHERE history_id = %s", [case.history.get().pk]
    )
    run("UPDATE registry_case SET title = 'x' WHERE id = %s", [case.pk])
    run("DELETE FROM audit_historylink")
    run("DELETE FROM audit_chainhead")
    call_command("chain_history", stdout=StringIO())
    call_command("verify_history", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("verify_history", "--head", kept, stdout=StringIO())


def test_only_the_handling_organisations_registrars_and_heads_grant_access(
    letter, officer, karin
):
    """Issue 10 point 6; services ask who acts: a case officer cannot open a
    confidential document to a colleague, and nothing is logged."""
    with pytest.raises(PermissionDenied):
        grants.open_confidential_document(
            document=letter, to_user=officer, actor=karin, reason="beslut"
        )
    assert not AccessGrant.objects.exists()
    assert not officer.has_perm(codes.VIEW_CONFIDENTIAL_DOCUMENT, letter)
