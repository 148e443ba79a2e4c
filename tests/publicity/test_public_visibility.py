"""R64, V2: ``published`` is a flag of its own, set by a service; the public
sees ``published OR (official AND NOT confidentiality-marked)``."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.publicity.services import disclosure
from casework.registry import services as registry
from casework.registry.models import Document
from permissions import publicity
from tests.publicity.conftest import SET_UP, mark

pytestmark = pytest.mark.django_db

MARKING = ("none", "active", "lifted")


def expected(published: bool, official: bool, marking: str) -> bool:
    """V2 written out: published OR (official AND NOT marked)."""
    return published or (official and marking != "active")


def _document(case, actor, *, official: bool, marking: str, published: bool):
    direction = Document.Direction.INCOMING if official else Document.Direction.DRAWN_UP
    document = registry.register_document(
        case=case,
        direction=direction,
        title="Handling",
        public_description="Handling",
        counterpart="Avsändare" if official else "",
        actor=actor,
        reason=SET_UP,
    )
    if published:
        disclosure.publish_document(document=document, actor=actor, reason=SET_UP)
    if marking != "none":
        made = mark(document, actor)
        if marking == "lifted":
            registry.lift_confidentiality(marking=made, actor=actor, reason=SET_UP)
    # a document published and marked later: the marking withdraws it (V2)
    return Document.objects.get(pk=document.pk)


def test_is_public_follows_v2_for_every_combination_of_flags(letter, t_registrar):
    """V2, R64: every combination of published, official and marking (none,
    active, lifted) — twelve documents — answers as V2 says, one by one and
    in the queryset the public pages use."""
    combinations = list(itertools.product((False, True), (False, True), MARKING))
    documents = {
        combo: _document(
            letter.case,
            t_registrar,
            published=combo[0],
            official=combo[1],
            marking=combo[2],
        )
        for combo in combinations
    }
    public_ids = set(publicity.public_documents().values_list("pk", flat=True))
    for (published, official, marking), document in documents.items():
        # a marking made after publication takes the document off (V2)
        want = expected(document.published, official, marking)
        assert publicity.is_public(document) is want, (published, official, marking)
        assert (document.pk in public_ids) is want, (published, official, marking)
    assert len(documents) == 12


@pytest.mark.parametrize(
    ("published", "official", "marked", "public"),
    [
        (False, False, False, False),
        (False, True, False, True),
        (False, True, True, False),
        (True, False, False, True),
        (True, True, False, True),
        (True, False, True, True),
        (True, True, True, True),
        (False, False, True, False),
    ],
)
def test_the_rule_itself_reads_only_the_three_flags(
    letter, published, official, marked, public
):
    """V2 as a truth table over an unsaved document's flags (the marking
    looked up by the rule): published wins, otherwise official and unmarked."""
    letter.published = published
    letter.state = Document.State.OFFICIAL if official else Document.State.DRAFT
    if marked:
        mark(letter, letter.registered_by)
        letter.published = published
    assert publicity.is_public(letter) is public
    # the same answer when the caller has read the markings already
    assert publicity.is_public(letter, marked=marked) is public


def test_a_draft_is_published_ahead_of_being_official(draft, t_registrar):
    """R64: publication does not make a draft official: the flags are apart."""
    assert not publicity.is_public(draft)
    disclosure.publish_document(document=draft, actor=t_registrar, reason="published")
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None
    assert draft.state == Document.State.DRAFT
    assert publicity.is_public(draft)
    row = draft.history.latest()
    assert (row.history_user, row.history_change_reason) == (t_registrar, "published")


def test_withdrawing_publication_hides_a_draft_but_not_an_official_document(
    draft, letter, t_registrar
):
    """V2: an official unmarked document stays public without the flag."""
    for document in (draft, letter):
        disclosure.publish_document(document=document, actor=t_registrar, reason="p")
        disclosure.withdraw_publication(
            document=document, actor=t_registrar, reason="w"
        )
    draft.refresh_from_db()
    letter.refresh_from_db()
    assert not draft.published and not publicity.is_public(draft)
    assert not letter.published and publicity.is_public(letter)


def test_a_document_marked_confidential_is_not_published(letter, t_registrar):
    """V2: publication refused under an active marking, nothing written."""
    mark(letter, t_registrar)
    rows = letter.history.count()
    with pytest.raises(ValidationError) as error:
        disclosure.publish_document(document=letter, actor=t_registrar, reason="p")
    assert error.value.code == "confidential_not_published"
    letter.refresh_from_db()
    assert not letter.published and letter.history.count() == rows


def test_marking_a_published_document_withdraws_its_publication(draft, t_registrar):
    """V2: a marked document never stays on the public pages."""
    disclosure.publish_document(document=draft, actor=t_registrar, reason="p")
    mark(draft, t_registrar)
    draft.refresh_from_db()
    assert not draft.published and not publicity.is_public(draft)
    row = draft.history.latest()
    assert row.history_change_reason == "publication withdrawn: confidentiality marked"


def test_publishing_twice_is_refused_with_a_code(draft, t_registrar):
    """The second of two publications finds the flag set and changes nothing."""
    disclosure.publish_document(document=draft, actor=t_registrar, reason="p")
    with pytest.raises(ValidationError) as error:
        disclosure.publish_document(document=draft, actor=t_registrar, reason="p")
    assert error.value.code == "already_published"


def test_only_those_handling_the_case_publish(draft, karin, e_registrar, auditor):
    """The service asks who acts: a case officer, another department's
    registrar and the auditor are refused and nothing is written."""
    for actor in (karin, e_registrar, auditor):
        with pytest.raises(PermissionDenied):
            disclosure.publish_document(document=draft, actor=actor, reason="p")
    draft.refresh_from_db()
    assert not draft.published


def test_the_head_of_department_publishes(draft, t_head):
    disclosure.publish_document(document=draft, actor=t_head, reason="published")
    draft.refresh_from_db()
    assert draft.published
