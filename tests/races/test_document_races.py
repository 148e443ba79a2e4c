"""Revising a document while it is made official (issue 10, point 2; R57–R61):
an official document and its versions never change again, and a revision is
never silently lost: it lands before the document becomes official (and the
official version is the revised one) or it is refused with a message."""

import pytest

from casework.registry import services
from casework.registry.models import Document, DocumentVersion
from tests.builders import make_case, make_document
from tests.races.conftest import TRIALS, report

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT = "Utkast till tjänsteutlåtande"
TOO_LATE = "became_official"


def revising(pk, actor, body):
    def call(wait):
        document = Document.objects.get(pk=pk)
        wait()
        services.revise_document(
            document=document, title="TU", body=body, actor=actor, reason="revidering"
        )
        return body

    return call


def making_official(pk, actor):
    def call(wait):
        document = Document.objects.get(pk=pk)
        wait()
        services.make_official(
            document=document,
            because=Document.OfficialBecause.DECIDED,
            actor=actor,
            reason="nämndens beslut",
        )
        return pk

    return call


def lost_in_revise_vs_official(document, revise, official, body) -> list[str]:
    document.refresh_from_db()
    versions = list(document.versions.order_by("number"))
    problems = [o.error for o in (revise, official) if o.error]
    if revise.refused and (revise.code != TOO_LATE or not revise.message):
        problems.append(f"the revision was refused without the reason: {revise}")
    if not official.ok:
        problems.append(f"making it official was refused: {official}")
    if official.ok and not document.is_official:
        problems.append("made official, but the document is a draft")
    if any(not version.frozen for version in versions) and document.is_official:
        problems.append("an official document has a version that can change")
    bodies = [version.body for version in versions]
    if revise.ok and bodies != [body]:
        problems.append(f"the revision is not the official version: {bodies}")
    if revise.refused and bodies != [DRAFT]:
        problems.append(f"the refused revision left traces: {bodies}")
    return problems


def test_a_revision_racing_make_official_lands_before_it_or_is_refused(
    city, t_registrar, karin, arena
):
    """Issue 10 point 2, R57: no official document with an editable version,
    no revision silently lost."""
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    lost, failures = 0, []
    with arena:
        for trial in range(TRIALS):
            document = make_document(case, karin, body=DRAFT)
            body = f"Reviderad lydelse {trial}"
            revise, official = arena.at_once(
                revising(document.pk, karin, body),
                making_official(document.pk, karin),
            )
            problems = lost_in_revise_vs_official(document, revise, official, body)
            if problems:
                lost += 1
                failures.append(problems)
    report("document revision vs make official", TRIALS, lost)
    assert lost == 0, failures[:3]


def test_a_version_of_an_official_document_refuses_every_save(city, t_registrar, karin):
    """Issue 10 point 2, R57: even a version still marked unfrozen cannot be
    saved once its document is official."""
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    document = make_document(case, karin, body=DRAFT)
    version = DocumentVersion.objects.get(document=document)
    services.make_official(
        document=document,
        because=Document.OfficialBecause.DECIDED,
        actor=karin,
        reason="nämndens beslut",
    )
    version.body = "ändrad efteråt"
    version.frozen = False
    with pytest.raises(Exception) as error:
        version.save()
    assert getattr(error.value, "code", None) == "version_frozen"
    assert DocumentVersion.objects.get(pk=version.pk).body == DRAFT
