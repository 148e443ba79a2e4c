"""R66: secrecy applies to information, not whole documents: a masked copy,
linked to its original, replaces the secret passages with a marker citing the
provision; the original stays intact."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.publicity.masking import apply_masks
from casework.publicity.models import MaskedRendition
from casework.publicity.services import disclosure
from tests.publicity.conftest import LETTER, SECRET

pytestmark = pytest.mark.django_db

MARKED = LETTER.replace(SECRET, f"[[OSL 21 kap. 1 §: {SECRET}]]")


def test_a_masked_copy_replaces_the_passage_and_keeps_the_rest(letter, t_registrar):
    """R66: the secret passage becomes "[sekretess enligt OSL 21 kap. 1 §]",
    the rest is the original's, and the copy names its original and version."""
    rendition = disclosure.create_masked_rendition(
        document=letter,
        marked_text=MARKED,
        actor=t_registrar,
        reason="masked copy made",
    )
    assert rendition.body == LETTER.replace(
        SECRET, "[sekretess enligt OSL 21 kap. 1 §]"
    )
    assert SECRET not in rendition.body
    assert (rendition.original, rendition.version.number) == (letter, 1)
    assert rendition.provisions == "OSL 21 kap. 1 §" and rendition.masks == 1
    assert list(letter.masked_renditions.all()) == [rendition]


def test_the_original_stays_intact(letter, t_registrar):
    """R66: masking writes nothing to the original or its versions, and the
    copy keeps the SHA-256 of the text it masked."""
    version = letter.versions.get()
    before = (version.body, version.history.count(), letter.history.count())
    rendition = disclosure.create_masked_rendition(
        document=letter, marked_text=MARKED, actor=t_registrar, reason="m"
    )
    version.refresh_from_db()
    assert (version.body, version.history.count(), letter.history.count()) == before
    assert version.body == LETTER
    assert rendition.source_digest == disclosure.digest(LETTER)


def test_a_mask_without_its_own_provision_takes_the_default(letter, t_registrar):
    marked = LETTER.replace(SECRET, f"[[{SECRET}]]").replace(
        "Hornsgatan", "[[Hornsgatan]]"
    )
    rendition = disclosure.create_masked_rendition(
        document=letter,
        marked_text=marked.replace("\n", "\r\n"),
        default_provision="26 kap. 1 §",
        actor=t_registrar,
        reason="m",
    )
    assert rendition.masks == 2
    assert rendition.body.count("[sekretess enligt OSL 26 kap. 1 §]") == 2


@pytest.mark.parametrize(
    ("marked", "default", "code"),
    [
        (LETTER, "OSL 21 kap. 1 §", "no_mask"),
        (LETTER.replace(SECRET, f"[[{SECRET}]]"), "", "mask_provision"),
        (LETTER.replace(SECRET, f"[[hemligt: {SECRET}]]"), "", "mask_provision"),
        (LETTER.replace(SECRET, f"[[{SECRET}"), "OSL 21 kap. 1 §", "no_mask"),
        (
            LETTER.replace(SECRET, f"[[{SECRET}]] och [[ mer"),
            "OSL 21 kap. 1 §",
            "mask_unclosed",
        ),
        (
            LETTER.replace(SECRET, "[[En annan text.]]"),
            "OSL 21 kap. 1 §",
            "mask_changes_text",
        ),
        (
            MARKED.replace("Hornsgatan", "Götgatan"),
            "OSL 21 kap. 1 §",
            "mask_changes_text",
        ),
    ],
)
def test_a_mask_that_rewrites_or_lacks_a_provision_is_refused(
    letter, t_registrar, marked, default, code
):
    """R66: a mask hides, never rewrites; each cites a provision of OSL."""
    with pytest.raises(ValidationError) as error:
        disclosure.create_masked_rendition(
            document=letter,
            marked_text=marked,
            default_provision=default,
            actor=t_registrar,
            reason="m",
        )
    assert error.value.code == code
    assert not MaskedRendition.objects.exists()


def test_only_an_official_document_is_masked(draft, t_registrar):
    """R66: a draft's content still changes, so it has no masked copy."""
    with pytest.raises(PermissionDenied):
        disclosure.create_masked_rendition(
            document=draft,
            marked_text="[[Utkast]] till svar",
            actor=t_registrar,
            default_provision="OSL 21 kap. 1 §",
            reason="m",
        )


def test_only_the_registrars_and_heads_handling_the_case_mask(
    letter, karin, e_registrar, auditor, t_head
):
    """The service asks who acts; the head of department may, others not."""
    for actor in (karin, e_registrar, auditor):
        with pytest.raises(PermissionDenied):
            disclosure.create_masked_rendition(
                document=letter, marked_text=MARKED, actor=actor, reason="m"
            )
    assert not MaskedRendition.objects.exists()
    disclosure.create_masked_rendition(
        document=letter, marked_text=MARKED, actor=t_head, reason="m"
    )


def test_masking_is_pure_text_work():
    masked = apply_masks(
        "a [[21 kap. 1 §:b]] c", original="a b c", default_provision=""
    )
    assert masked.body == "a [sekretess enligt OSL 21 kap. 1 §] c"
