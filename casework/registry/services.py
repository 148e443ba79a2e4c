"""The write path for registers, cases, documents, attachments and markings.

Every function is keyword-only, atomic, takes ``actor`` and ``reason`` and leaves a
history row naming both.
"""

import datetime
import inspect

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.records import field_error
from casework.registry.markings import (
    require_handling_authority,
    require_marker,
    secrecy_provision,
)
from casework.registry.models import (
    Attachment,
    Case,
    CaseLink,
    ConfidentialityMarking,
    Document,
    DocumentVersion,
    NumberSequence,
    Register,
)
from casework.registry.timeliness import registration_deadline
from casework.registry.uploads import inspect_upload
from permissions import administration, rules


def _today() -> datetime.date:
    return clock.today()


def _lock(record) -> None:
    """Read a case, document or marking again under a row lock, so that two
    changes at the same moment take turns and the second sees the first."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())


def _allow(actor, allowed: bool, *, loaded: bool = True) -> None:
    """Refuse an actor the rules do not allow, whichever page or flow called;
    with ``loaded``, the data load may also enter the record
    (``permissions.administration``)."""
    if not (allowed or (loaded and administration.may_load_records(actor))):
        raise PermissionDenied(_("You may not do this in the register."))


@transaction.atomic
def create_register(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    number_format: str,
    number_pattern: str,
    requires_classification: bool = False,
    classification_codes: str = "",
    actor,
    reason: str,
) -> Register:
    """Open a new register (diarium) for an organisation (R1, R56, R75)."""
    _allow(actor, administration.can_administer_directory(actor))
    register = Register(
        organisation=organisation,
        code=code,
        name=name,
        number_format=number_format,
        number_pattern=number_pattern,
        requires_classification=requires_classification,
        classification_codes=classification_codes,
    )
    return save_tracked(register, actor=actor, reason=reason)


def _take_sequence(register: Register, year: int) -> int:
    """The next number of a register-year, under a row lock: gap-free and unique."""
    NumberSequence.objects.bulk_create(
        [NumberSequence(register=register, year=year)], ignore_conflicts=True
    )
    sequence = NumberSequence.objects.select_for_update().get(
        register=register, year=year
    )
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


def _raise_sequence_to(register: Register, year: int, value: int) -> None:
    NumberSequence.objects.bulk_create(
        [NumberSequence(register=register, year=year)], ignore_conflicts=True
    )
    sequence = NumberSequence.objects.select_for_update().get(
        register=register, year=year
    )
    if value > sequence.last_value:
        sequence.last_value = value
        sequence.save(update_fields=["last_value"])


def _check_classification(register: Register, classification: str) -> None:
    if register.requires_classification and not classification:
        raise field_error(
            "classification",
            _("This register needs a classification code."),
            code="classification_required",
        )


@transaction.atomic
def register_case(
    *,
    register: Register,
    title: str,
    actor,
    reason: str = "registered",
    classification: str = "",
    organisation: Organisation | None = None,
    case_officer=None,
    registered_on: datetime.date | None = None,
) -> Case:
    """Register a new case and give it the register's next number (sv. diarieföra)."""
    _allow(actor, rules.can_register_case(actor, register))
    _check_classification(register, classification)
    registered_on = registered_on or _today()
    year = registered_on.year
    seq = _take_sequence(register, year)
    case = Case(
        register=register,
        registration_number=register.format_number(
            year=year, seq=seq, classification=classification
        ),
        year=year,
        sequence=seq,
        classification=classification,
        title=title,
        organisation=organisation or register.organisation,
        case_officer=case_officer,
        registered_on=registered_on,
    )
    return save_tracked(case, actor=actor, reason=reason)


@transaction.atomic
def import_case(
    *,
    register: Register,
    registration_number: str,
    title: str,
    registered_on: datetime.date,
    actor,
    reason: str,
    organisation: Organisation | None = None,
    case_officer=None,
) -> Case:
    """Record a case that already has a number, e.g. from an earlier register.

    The register's counter moves past the imported number so that later numbers
    never collide with it.
    """
    _allow(actor, rules.can_register_case(actor, register))
    parsed = register.parse_number(registration_number)
    if parsed is None:
        raise field_error(
            "registration_number",
            _("The number does not match the register's format."),
            code="number_format_mismatch",
        )
    year, seq = parsed
    _raise_sequence_to(register, year, seq)
    classification = (
        registration_number.split("-", 1)[0] if register.requires_classification else ""
    )
    case = Case(
        register=register,
        registration_number=registration_number,
        year=year,
        sequence=seq,
        classification=classification,
        title=title,
        organisation=organisation or register.organisation,
        case_officer=case_officer,
        registered_on=registered_on,
    )
    return save_tracked(case, actor=actor, reason=reason)


@transaction.atomic
def update_case(*, case: Case, actor, reason: str, title: str) -> Case:
    """Correct a case's title; the old title stays in the history (R56)."""
    _allow(actor, rules.can_edit_case(actor, case), loaded=False)
    _lock(case)
    _refuse_if_closed(case)
    case.title = title
    return save_tracked(case, actor=actor, reason=reason)


@transaction.atomic
def assign_case_officer(*, case: Case, officer, actor, reason: str) -> Case:
    """Make ``officer`` responsible for the case (sv. handläggare)."""
    _allow(actor, rules.can_assign_case_officer(actor, case))
    _lock(case)
    _refuse_if_closed(case)
    case.case_officer = officer
    if case.status == Case.Status.OPEN:
        case.status = Case.Status.IN_PROGRESS
    return save_tracked(case, actor=actor, reason=reason)


@transaction.atomic
def link_cases(
    *, from_case: Case, to_case: Case, kind: str, actor, reason: str
) -> CaseLink:
    """Link a case the actor handles to another case, also one of another
    organisation the actor does not see (the sender's case of a referral)."""
    _allow(actor, rules.can_edit_case(actor, from_case))
    return _link_cases(
        from_case=from_case, to_case=to_case, kind=kind, actor=actor, reason=reason
    )


@transaction.atomic
def _link_cases(
    *, from_case: Case, to_case: Case, kind: str, actor, reason: str
) -> CaseLink:
    """Link two cases, e.g. a committee's referral case to the board's case;
    for a service that has checked its own actor (the recipient's registrar
    links to the sender's case)."""
    link = CaseLink(from_case=from_case, to_case=to_case, kind=kind)
    _lock(from_case)
    if from_case.pk == to_case.pk:
        raise ValidationError(_("A case cannot be linked to itself."), code="self_link")
    if CaseLink.objects.filter(from_case=from_case, to_case=to_case).exists():
        raise ValidationError(_("The cases are already linked."), code="already_linked")
    return save_tracked(link, actor=actor, reason=reason)


@transaction.atomic
def close_case(
    *, case: Case, actor, reason: str, closed_on: datetime.date | None = None
) -> Case:
    """The case's registrar concludes it (``_close_case``)."""
    _refuse_if_closed(case)
    _allow(actor, rules.can_close_case(actor, case))
    return _close_case(case=case, actor=actor, reason=reason, closed_on=closed_on)


@transaction.atomic
def _close_case(
    *, case: Case, actor, reason: str, closed_on: datetime.date | None = None
) -> Case:
    """Conclude a case; its remaining drafts become official (TF 2:10, R59b),
    except working notes, which never do (TF 2:12, R60). For a service that
    has checked its own actor (the referring office closes after the
    decision)."""
    _lock(case)
    _refuse_if_closed(case)
    drafts = case.documents.select_for_update().filter(state=Document.State.DRAFT)
    for document in drafts.exclude(kind=Document.Kind.WORKING_NOTE):
        _make_official(
            document,
            because=Document.OfficialBecause.CASE_CONCLUDED,
            actor=actor,
            reason=reason,
        )
    case.status = Case.Status.CLOSED
    case.closed_on = closed_on or _today()
    return save_tracked(case, actor=actor, reason=reason)


def _refuse_if_closed(case: Case) -> None:
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is closed."), code="case_closed")


def _next_document_number(case: Case) -> int:
    highest = case.documents.aggregate(highest=Max("sequence"))["highest"]
    return (highest or 0) + 1


@transaction.atomic
def register_document(*, case: Case, actor, **fields) -> Document:
    """The case's registrars and its own case officer register a document in
    it (``_register_document``, R53). A closed case takes no more documents,
    whoever asks."""
    _refuse_if_closed(case)
    _allow(actor, rules.can_register_document(actor, case))
    return _register_document(case=case, actor=actor, **fields)


@transaction.atomic
def _register_document(
    *,
    case: Case,
    direction: str,
    title: str,
    public_description: str,
    actor,
    reason: str = "registered",
    kind: str = Document.Kind.OTHER,
    dated: datetime.date | None = None,
    counterpart: str = "",
    protected_description: str = "",
    body: str = "",
    upload=None,
    official_because: str = "",
    sender_protected: bool = False,
    late_reason: str = "",
) -> Document:
    """Register a document in a case with the OSL 5:2 fields (R53, R54), with
    an optional file.

    An incoming document is official at once (TF 2:9, R58), and so is one
    registered by the act that makes it official (``official_because``: a
    letter dispatched as it is registered, an extract of approved minutes;
    R59); any other drawn-up or outgoing one starts as a draft. One registered
    after the working day after it arrived needs ``late_reason`` (R53); a
    protected sender is kept out of what others see (``sender_protected``, R54).
    For a service that has checked its own actor (a referral's answer is
    filed in the referring body's case).
    """
    _lock(case)
    _refuse_if_closed(case)
    document = Document(
        case=case,
        sequence=_next_document_number(case),
        direction=direction,
        kind=kind,
        dated=dated or _today(),
        counterpart=counterpart,
        sender_protected=bool(sender_protected),
        public_description=public_description,
        protected_description=protected_description,
        late_reason=(late_reason or "").strip(),
        registered_by=actor,
    )
    if direction == Document.Direction.INCOMING:
        document.state = Document.State.OFFICIAL
        document.official_because = Document.OfficialBecause.RECEIVED
        document.official_since = clock.now()
    elif official_because:
        _require_act(document, official_because)
        document.state = Document.State.OFFICIAL
        document.official_because = official_because
        document.official_since = clock.now()
    _require_counterpart(document)
    _require_arrived(document)
    _require_reason_when_late(document)
    save_tracked(document, actor=actor, reason=reason)
    version = DocumentVersion(
        document=document,
        number=1,
        title=title,
        body=body,
        frozen=document.is_official,
        created_by=actor,
    )
    save_tracked(version, actor=actor, reason=reason)
    if upload is not None:
        _attach(version, upload, actor=actor, reason=reason)
    return document


# The public entry takes the fields the helper takes (pages and fuzzing read them).
register_document.__signature__ = inspect.signature(_register_document)


def _require_arrived(document: Document) -> None:
    """An incoming document is dated the day it reached the authority (TF 2:9,
    FL 22 §; R55): a day that has not yet come cannot be it."""
    if document.direction == Document.Direction.INCOMING and document.dated > _today():
        raise field_error(
            "dated",
            _(
                "An incoming document is dated the day it arrived, which cannot be "
                "later than today (FL 22 §)."
            ),
            code="arrival_in_future",
        )


def _require_reason_when_late(document: Document) -> None:
    """An incoming document is registered on the day it arrived or the next
    working day; a later registration records why (OSL 5:1, R53)."""
    if document.registered_late and not document.late_reason:
        raise field_error(
            "late_reason",
            _(
                "The document arrived on %(arrived)s and should have been registered "
                "by %(deadline)s (OSL 5 kap. 1 §); say why it is registered late."
            )
            % {
                "arrived": document.dated,
                "deadline": registration_deadline(document.dated),
            },
            code="late_reason_required",
        )


def _require_counterpart(document: Document) -> None:
    if document.direction != Document.Direction.DRAWN_UP and not document.counterpart:
        raise field_error(
            "counterpart",
            _("State the sender or the recipient."),
            code="counterpart_required",
        )


def current_version(document: Document) -> DocumentVersion:
    return document.versions.order_by("-number").first()


@transaction.atomic
def revise_document(
    *,
    document: Document,
    title: str,
    body: str,
    actor,
    reason: str,
    through_record: bool = False,
) -> DocumentVersion:
    """Change a document's content.

    A draft is edited in place (its history keeps each step); an official document
    is never changed: the change becomes a new version and the old one stays
    readable (TF 2 kap., R57–R61). The text of an officer report's or a
    memorandum's document changes only ``through_record``, by the record's
    own service.

    A draft that became official while it was being revised is not changed:
    the revision is refused, so that it is never lost unseen (R57).
    """
    if not rules.can_revise_document(actor, document, through_record=through_record):
        raise PermissionDenied(_("You may not change this document."))
    seen_official = document.is_official
    _lock(document)
    _refuse_if_closed(Case.objects.get(pk=document.case_id))
    if document.is_official and not seen_official:
        raise ValidationError(
            _(
                "The document became official while you were revising it and can "
                "no longer change. Read it again; a change is then a new version."
            ),
            code="became_official",
        )
    latest = current_version(document)
    if latest.frozen:
        # A change to an official document is itself official: the new version
        # is frozen from the start (R57).
        version = DocumentVersion(
            document=document,
            number=latest.number + 1,
            title=title,
            body=body,
            note=reason,
            frozen=document.is_official,
            created_by=actor,
        )
    else:
        version = latest
        version.title, version.body, version.note = title, body, reason
    return save_tracked(version, actor=actor, reason=reason)


def _make_official(document: Document, *, because: str, actor, reason: str) -> None:
    document.state = Document.State.OFFICIAL
    document.official_because = because
    document.official_since = clock.now()
    save_tracked(document, actor=actor, reason=reason)
    for version in document.versions.select_for_update().filter(frozen=False):
        # Only the flag changes: the version was validated when it was written,
        # and checking its keys and number again would only repeat queries.
        version.frozen = True
        save_tracked(version, actor=actor, reason=reason, validate=False)


OFFICIAL_BY_ACT = {
    Document.OfficialBecause.DISPATCHED,
    Document.OfficialBecause.DECIDED,
    Document.OfficialBecause.APPROVED,
}


@transaction.atomic
def make_official(*, document: Document, because: str, actor, reason: str) -> Document:
    """Make a draft official because it was dispatched, decided or approved
    (sv. expedierad, beslutad, justerad; TF 2:10, R59). Under a row lock:
    a revision at the same moment lands before, or is refused."""
    _lock(document)
    if document.is_official:
        raise ValidationError(
            _("The document is already official."), code="already_official"
        )
    _require_act(document, because)
    if not rules.can_make_document_official(actor, document):
        raise PermissionDenied(_("You may not make this document official."))
    _make_official(document, because=because, actor=actor, reason=reason)
    return document


def _require_act(document: Document, because: str) -> None:
    """``because`` is an act that makes this document official."""
    if because not in OFFICIAL_BY_ACT:
        raise ValidationError(
            _("Not a reason for a document to become official."),
            code="invalid_official_reason",
        )
    if document.kind == Document.Kind.WORKING_NOTE:
        raise ValidationError(
            _("A working note does not become an official document (TF 2 kap. 12 §)."),
            code="working_note_not_official",
        )
    if because == Document.OfficialBecause.DISPATCHED and (
        document.direction != Document.Direction.OUTGOING
    ):
        raise ValidationError(
            _("Only an outgoing document is dispatched."), code="dispatch_not_outgoing"
        )


@transaction.atomic
def correct_registration(
    *,
    document: Document,
    actor,
    reason: str,
    counterpart: str,
    public_description: str,
    protected_description: str,
) -> Document:
    """Correct a document's register entry; the old entry stays in the history and
    nothing is removed from the register (R56)."""
    _allow(actor, rules.can_register_case(actor, document.case.register), loaded=False)
    _lock(document)
    document.counterpart = counterpart
    document.public_description = public_description
    document.protected_description = protected_description
    _require_counterpart(document)
    return save_tracked(document, actor=actor, reason=reason)


@transaction.atomic
def add_attachment(*, document: Document, upload, actor, reason: str) -> Attachment:
    """Attach a checked file to the document's current version; on an official
    document that means a new version, so the official one is unchanged."""
    if not rules.can_revise_document(actor, document):
        raise PermissionDenied(_("You may not change this document."))
    inspect_upload(upload)
    _lock(document)
    latest = current_version(document)
    if latest.frozen:
        latest = revise_document(
            document=document,
            title=latest.title,
            body=latest.body,
            actor=actor,
            reason=reason,
        )
    return _attach(latest, upload, actor=actor, reason=reason)


@transaction.atomic
def copy_attachments(
    *, source: DocumentVersion, target: DocumentVersion, actor, reason: str
) -> list[Attachment]:
    """Who may change the target document copies onto it the files of a
    document they may see (``_copy_attachments``)."""
    if not (
        rules.can_revise_document(actor, target.document)
        and rules.can_view_document(actor, source.document)
    ):
        raise PermissionDenied(_("You may not change this document."))
    return _copy_attachments(source=source, target=target, actor=actor, reason=reason)


@transaction.atomic
def _copy_attachments(
    *, source: DocumentVersion, target: DocumentVersion, actor, reason: str
) -> list[Attachment]:
    """File the checked files of ``source`` on ``target`` too, e.g. on the
    incoming copy of a document another authority sent; for a service that
    has checked its own actor. The stored file is shared: it is named by its
    content and never deleted."""
    copies = []
    for attachment in source.attachments.order_by("id"):
        copy = Attachment(
            version=target,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            sha256=attachment.sha256,
            uploaded_by=actor,
        )
        copies.append(save_tracked(copy, actor=actor, reason=reason))
    return copies


def _attach(version: DocumentVersion, upload, *, actor, reason: str) -> Attachment:
    inspected = inspect_upload(upload)
    attachment = Attachment(
        version=version,
        original_name=inspected.name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save(inspected.sha256, ContentFile(upload.read()), save=False)
    return save_tracked(attachment, actor=actor, reason=reason)


@transaction.atomic
def mark_confidential(
    *,
    document: Document,
    provision: str,
    marked_on: datetime.date,
    authority: Organisation,
    actor,
    reason: str,
    note: str = "",
) -> ConfidentialityMarking:
    """Put a confidentiality marking on a document: provision, date, authority
    (sv. sekretessmarkering, OSL 5:5, R65). Only staff handling the case's
    organisation mark, in its name, citing a secrecy provision OSL has."""
    _allow(actor, rules.can_mark_confidential(actor, document))
    require_marker(actor, document)
    provision = secrecy_provision(provision or "")
    require_handling_authority(document, authority)
    if marked_on and marked_on > _today():
        raise field_error(
            "marked_on",
            _("A marking cannot be dated in the future."),
            code="marked_in_future",
        )
    marking = ConfidentialityMarking(
        document=document,
        provision=provision,
        marked_on=marked_on,
        authority=authority,
        note=note,
    )
    save_tracked(marking, actor=actor, reason=reason)
    _withdraw_publication_of_marked(document, actor=actor)
    return marking


def _withdraw_publication_of_marked(document: Document, *, actor) -> None:
    """A marked document is not published (V2, R64): marking withdraws it."""
    current = Document.objects.select_for_update().get(pk=document.pk)
    if current.published:
        current.published = False
        current.published_at = None
        document.published, document.published_at = False, None
        save_tracked(
            current,
            actor=actor,
            reason="publication withdrawn: confidentiality marked",
        )


@transaction.atomic
def lift_confidentiality(
    *, marking: ConfidentialityMarking, actor, reason: str, lifted_on=None
) -> ConfidentialityMarking:
    """Lift a marking; the marking stays on record with the date it was lifted.
    Only staff handling the case's organisation lift it (R65)."""
    _allow(actor, rules.can_mark_confidential(actor, marking.document))
    require_marker(actor, marking.document)
    _lock(marking)
    if not marking.is_active:
        raise ValidationError(
            _("The marking is already lifted."), code="already_lifted"
        )
    marking.lifted_on = lifted_on or _today()
    return save_tracked(marking, actor=actor, reason=reason)
