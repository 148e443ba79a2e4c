"""What the authority chooses to show: masked renditions of documents (R66),
publication ahead of or beside the legal state (R64) and the secrecy of a
paragraph, masked in the published minutes (R67).

Every function is keyword-only and atomic, asks ``permissions.publicity`` who
acts and locks the row it changes. Nothing here changes a document's content, a
version or the approved minutes: a mask is a separate record linked to its
original.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings.models import AgendaItem
from casework.publicity.masking import apply_masks, normalise_provision, valid_provision
from casework.publicity.models import MaskedRendition, ParagraphSecrecy
from casework.records import field_error
from casework.registry.models import Document
from permissions import publicity as access


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def create_masked_rendition(
    *,
    document: Document,
    marked_text: str,
    actor,
    reason: str,
    default_provision: str = "",
) -> MaskedRendition:
    """A masked copy of the document's current version: each passage between
    [[ and ]] replaced by "[sekretess enligt OSL …]" (R66). The original and
    its versions are not touched; only an official document, whose content is
    frozen, is masked."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(
        access.can_mask(actor, document),
        _("Only the registrars and heads handling the case mask its documents."),
    )
    version = document.versions.order_by("-number").first()
    masked = apply_masks(
        marked_text, original=version.body, default_provision=default_provision
    )
    rendition = MaskedRendition(
        original=document,
        version=version,
        body=masked.body,
        provisions="; ".join(masked.provisions),
        masks=masked.masks,
        source_digest=digest(version.body),
        created_by=actor,
    )
    return save_tracked(rendition, actor=actor, reason=reason)


@transaction.atomic
def publish_document(*, document: Document, actor, reason: str) -> Document:
    """Publish a document of the authority's own choosing, e.g. meeting papers
    ahead of the meeting (R64). A document under an active confidentiality
    marking is never published (V2)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(
        access.can_publish(actor, document),
        _("Only the registrars and heads handling the case publish its documents."),
    )
    if document.published:
        raise ValidationError(
            _("The document is already published."), code="already_published"
        )
    if document.confidentiality_markings.filter(lifted_on__isnull=True).exists():
        raise ValidationError(
            _("A document marked confidential is not published."),
            code="confidential_not_published",
        )
    document.published = True
    document.published_at = clock.now()
    return save_tracked(document, actor=actor, reason=reason)


@transaction.atomic
def withdraw_publication(*, document: Document, actor, reason: str) -> Document:
    """Take a published document off the public pages. An official document
    without a marking stays public all the same (V2)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(
        access.can_publish(actor, document),
        _("Only the registrars and heads handling the case publish its documents."),
    )
    if not document.published:
        raise ValidationError(_("The document is not published."), code="not_published")
    document.published = False
    document.published_at = None
    return save_tracked(document, actor=actor, reason=reason)


@transaction.atomic
def mark_paragraph_secret(
    *, item: AgendaItem, provision: str, actor, reason: str
) -> ParagraphSecrecy:
    """Record that a paragraph holds information under secrecy: the published
    minutes show its number and heading and mask the rest (R67). Such a
    paragraph is handled behind closed doors (KL 6:25, R13)."""
    item = (
        AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    )
    _require(
        access.can_mark_paragraph_secret(actor, item),
        _("Only the secretary who keeps the minutes marks a paragraph."),
    )
    if item.is_public:
        raise ValidationError(
            _(
                "The item was handled in public; a paragraph with information under "
                "secrecy is handled behind closed doors (KL 6 kap. 25 §)."
            ),
            code="paragraph_public",
        )
    secrecy = ParagraphSecrecy.objects.select_for_update().filter(item=item).first()
    if secrecy is not None and secrecy.is_active:
        raise ValidationError(
            _("The paragraph is already marked."), code="already_marked"
        )
    if not valid_provision(provision):
        raise field_error(
            "provision",
            _(
                "State the provision as chapter and section of OSL, "
                "e.g. “OSL 21 kap. 1 §”."
            ),
            code="provision_format",
        )
    secrecy = secrecy or ParagraphSecrecy(item=item)
    secrecy.provision = normalise_provision(provision)
    secrecy.marked_by = actor
    secrecy.marked_at = clock.now()
    secrecy.lifted_at = secrecy.lifted_by = None
    return save_tracked(secrecy, actor=actor, reason=reason)


@transaction.atomic
def unmark_paragraph_secret(
    *, item: AgendaItem, actor, reason: str
) -> ParagraphSecrecy:
    """Lift the marking of a paragraph, e.g. one marked by mistake: the
    published minutes show it in full again (R67). The marking stays on record
    with who lifted it, when and why."""
    item = (
        AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    )
    _require(
        access.can_mark_paragraph_secret(actor, item),
        _("Only the secretary who keeps the minutes unmarks a paragraph."),
    )
    secrecy = ParagraphSecrecy.objects.select_for_update().filter(item=item).first()
    if secrecy is None or not secrecy.is_active:
        raise ValidationError(_("The paragraph is not marked."), code="not_marked")
    secrecy.lifted_at = clock.now()
    secrecy.lifted_by = actor
    return save_tracked(secrecy, actor=actor, reason=reason)
