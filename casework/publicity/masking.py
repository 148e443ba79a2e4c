"""Masks in a document's text (R66): the registrar encloses each secret passage
in double brackets, ``[[passage]]`` under the default provision or
``[[OSL 21 kap. 1 §: passage]]`` under its own, and the passage becomes
"[sekretess enligt OSL 21 kap. 1 §]". Outside the brackets the text must be the
original's, word for word: a mask hides, it never rewrites."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework.registry.models import OSL_PROVISION

MASK = re.compile(
    r"\[\[(?:\s*(?P<provision>(?:OSL\s+)?\d{1,2}\s*kap\.\s*\d{1,3}\s*[a-z]?\s*§)"
    r"\s*:\s*)?(?P<passage>.*?)\]\]",
    re.DOTALL | re.IGNORECASE,
)
MARKER = "[sekretess enligt {provision}]"


@dataclass(frozen=True)
class Masked:
    body: str
    provisions: list[str]
    masks: int


def normalise_provision(provision: str) -> str:
    """ "21 kap. 1 §" and "OSL 21 kap. 1 §" are the same provision."""
    provision = " ".join(provision.split())
    if not provision.upper().startswith("OSL"):
        provision = f"OSL {provision}"
    return "OSL" + provision[3:]


def normalise_text(text: str) -> str:
    """Line ends as one newline: a text area sends CR LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def valid_provision(provision: str) -> bool:
    return bool(provision) and OSL_PROVISION.match(provision.strip()) is not None


def apply_masks(marked_text: str, *, original: str, default_provision: str) -> Masked:
    """The masked text of ``marked_text``; refused (ValidationError with a
    code) if it has no mask, a mask without a valid provision, an unclosed
    bracket, or text outside the masks that differs from ``original``."""
    marked_text = normalise_text(marked_text)
    provisions: list[str] = []
    unmasked: list[str] = []
    pieces: list[str] = []
    position = 0
    for match in MASK.finditer(marked_text):
        pieces.append(marked_text[position : match.start()])
        unmasked.append(marked_text[position : match.start()] + match["passage"])
        provision = _provision_of(match["provision"] or default_provision)
        provisions.append(provision)
        pieces.append(MARKER.format(provision=provision))
        position = match.end()
    pieces.append(marked_text[position:])
    unmasked.append(marked_text[position:])
    _check(provisions, "".join(unmasked), original, "".join(pieces))
    return Masked(
        body="".join(pieces),
        provisions=list(dict.fromkeys(provisions)),
        masks=len(provisions),
    )


def _provision_of(provision: str) -> str:
    if not valid_provision(provision or ""):
        raise ValidationError(
            _(
                "Each masked passage needs a provision of OSL, e.g. “OSL 21 kap. "
                "1 §”: give a default provision or write it in the mask."
            ),
            code="mask_provision",
        )
    return normalise_provision(provision)


def _check(provisions, unmasked: str, original: str, body: str) -> None:
    if not provisions:
        raise ValidationError(
            _("Mark at least one secret passage with [[ and ]]."), code="no_mask"
        )
    if "[[" in body or "]]" in body:
        raise ValidationError(
            _("A mask is opened with [[ and must be closed with ]]."),
            code="mask_unclosed",
        )
    if unmasked != normalise_text(original):
        raise ValidationError(
            _(
                "Outside the masks the text must be the original's, unchanged: a "
                "mask hides a passage, it does not rewrite the document."
            ),
            code="mask_changes_text",
        )
