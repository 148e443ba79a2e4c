"""What a referral sends its recipients: the documents that go with it, filed
as incoming copies, files and confidentiality markings included, in the case
each recipient registers the referral in (R42, R65)."""

from django.utils.translation import gettext as _

from casework import clock
from casework.referrals.models import Referral
from casework.registry import services as registry
from casework.registry.models import ConfidentialityMarking, Document


def any_confidential(documents) -> bool:
    """Whether a document among ``documents`` is under a confidentiality
    marking (R65)."""
    pks = [document.pk for document in documents]
    return ConfidentialityMarking.objects.filter(
        document_id__in=pks, lifted_on__isnull=True
    ).exists()


def _version_sent(document: Document, referral: Referral):
    """The version of ``document`` current when the referral was sent."""
    versions = document.versions.order_by("-number")
    if referral.dispatched_at:
        sent = versions.filter(created_at__lte=referral.dispatched_at).first()
        if sent is not None:
            return sent
    return versions.first()


def receive(recipient, case, *, actor, reason: str) -> None:
    """Register each document sent with the referral as incoming in the
    recipient's case, with its files; a confidential one is marked there by
    the recipient under the same provision (R42, R65)."""
    referral = recipient.referral
    sender = referral.case.organisation
    for document in referral.documents.official().order_by("sequence"):
        version = _version_sent(document, referral)
        copy = registry._register_document(
            case=case,
            direction=Document.Direction.INCOMING,
            kind=document.kind,
            title=version.title,
            public_description=document.public_description,
            protected_description=document.protected_description,
            counterpart=str(sender),
            body=version.body,
            actor=actor,
            reason=reason,
        )
        registry._copy_attachments(
            source=version, target=copy.versions.get(), actor=actor, reason=reason
        )
        _mark_copy(document, copy, recipient, actor=actor, reason=reason)


def _mark_copy(document, copy, recipient, *, actor, reason: str) -> None:
    for marking in document.confidentiality_markings.filter(lifted_on__isnull=True):
        registry.mark_confidential(
            document=copy,
            provision=marking.provision,
            marked_on=clock.today(),
            authority=recipient.organisation,
            note=_("Marked by %(sender)s on %(date)s.")
            % {"sender": marking.authority, "date": marking.marked_on},
            actor=actor,
            reason=reason,
        )
