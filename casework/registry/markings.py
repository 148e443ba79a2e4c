"""The checks of a confidentiality marking (R65, OSL 5:5): who marks, which
provision, in whose name."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from casework.directory.models import Organisation
from casework.records import field_error
from casework.registry import osl
from casework.registry.models import Document
from permissions import rules


def require_marker(actor, document: Document) -> None:
    if not rules.can_mark_confidential(actor, document):
        raise PermissionDenied(
            _("Only staff handling the case's organisation mark confidentiality.")
        )


def secrecy_provision(text: str) -> str:
    """The provision written as the register keeps it, when it is a section of
    OSL with secrecy rules (R65); text not written as chapter and section is
    left to the model's check of the form."""
    parsed = osl.parse(text)
    if parsed is None:
        return text.strip()
    chapter, section, _letter, _rest = parsed
    if not osl.exists(chapter, section):
        raise field_error(
            "provision",
            _(
                "OSL has no secrecy provision in %(chapter)s kap. %(section)s §; "
                "secrecy rules are in chapters 15–40."
            )
            % {"chapter": chapter, "section": section},
            code="unknown_provision",
        )
    return osl.normalised(*parsed)


def require_handling_authority(document: Document, authority) -> None:
    """The marking is made by the organisation handling the case or the board
    it serves (R65: the authority that made it)."""
    if authority is None:
        return
    handling = document.case.organisation_id
    if not Organisation.objects.filter(
        Q(pk=handling) | Q(departments=handling), pk=authority.pk
    ).exists():
        raise field_error(
            "authority",
            _("The marking is made by the organisation handling the case."),
            code="authority_not_handling",
        )
