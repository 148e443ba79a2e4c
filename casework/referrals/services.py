"""The write path of the remiss round trip: prepare, dispatch, receive, extend,
remind, decline, answer, compile (R39–R45, life cycles c.1 and c.2)."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from casework import clock, dates
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.records import field_error
from casework.referrals import enclosures
from casework.referrals.models import Extension, Referral, ReferralRecipient, Reminder
from casework.referrals.reminders import addresses_for_referral
from casework.registry import services as registry
from casework.registry.models import CaseLink, Document, Register
from permissions import administration, rules

State = ReferralRecipient.State
logger = logging.getLogger(__name__)


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _require(allowed: bool, message) -> None:
    """Refuse an actor the rules do not allow, whichever page or flow called."""
    if not allowed:
        raise PermissionDenied(message)


def _lock(record) -> None:
    """Read a referral, recipient or extension again under a row lock: two
    changes at the same moment take turns, and the second sees the first."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())


def _require_state(referral: Referral, *states) -> None:
    """The referral, locked and read again, is in one of ``states``."""
    _lock(referral)
    if referral.state not in states:
        _refuse(
            _("Not possible while the referral is “%(state)s”.")
            % {"state": referral.get_state_display()},
            "wrong_referral_state",
        )


def _require_question(question) -> None:
    """A referral says what the answer concerns (R40): words, not blanks."""
    if not isinstance(question, str) or not any(c.isalnum() for c in question):
        raise field_error(
            "question",
            _("State what the answer to the referral concerns (cf. FL 26 §)."),
            code="question_required",
        )


@transaction.atomic
def prepare_referral(
    *,
    case,
    question: str,
    response_deadline: datetime.date | None,
    recipients: list[Organisation],
    actor,
    reason: str,
    documents=(),
    reminder_offsets: list[int] | None = None,
    confidential_confirmed: bool = False,
) -> Referral:
    """Prepare a referral: what it concerns, the deadline (required, R40), the
    recipients and the documents that go with it. A document under a
    confidentiality marking goes only when the sender confirms it (R65); the
    referral records the confirmation."""
    _require(
        rules.can_prepare_referral(actor, case),
        _("Only the case's own office prepares a referral."),
    )
    _require_question(question)
    if not response_deadline:
        _refuse(
            _("A referral must state the date the answer is due (cf. FL 26 §)."),
            "deadline_required",
        )
    if response_deadline <= clock.today():
        _refuse(_("The response deadline must lie ahead."), "deadline_in_past")
    dates.refuse_far_deadline(response_deadline, field="response_deadline")
    if not recipients:
        _refuse(_("Choose at least one recipient."), "no_recipients")
    sends_confidential = enclosures.any_confidential(documents)
    if sends_confidential and not confidential_confirmed:
        raise field_error(
            "documents",
            _(
                "A chosen document is marked as confidential: confirm that it "
                "goes with the referral, or leave it out."
            ),
            code="confidential_not_confirmed",
        )
    referral = Referral(
        case=case,
        question=question,
        response_deadline=response_deadline,
        prepared_by=actor,
        confidential_confirmed=sends_confidential,
    )
    if reminder_offsets is not None:
        referral.reminder_offsets = sorted(set(reminder_offsets))
    save_tracked(referral, actor=actor, reason=reason)
    referral.documents.set(documents)
    for organisation in recipients:
        add_recipient(
            referral=referral, organisation=organisation, actor=actor, reason=reason
        )
    return referral


@transaction.atomic
def add_recipient(
    *, referral: Referral, organisation: Organisation, actor, reason: str
) -> ReferralRecipient:
    """Add one more organisation to a referral that is not yet sent."""
    _require(
        rules.can_prepare_referral(actor, referral.case),
        _("Only the case's own office prepares a referral."),
    )
    _require_state(referral, Referral.State.DRAFT)
    if referral.recipients.filter(organisation=organisation).exists():
        _refuse(
            _("%(organisation)s is already a recipient.")
            % {"organisation": organisation},
            "duplicate_recipient",
        )
    register_of(organisation)
    recipient = ReferralRecipient(
        referral=referral,
        organisation=organisation,
        deadline=referral.response_deadline,
    )
    return save_tracked(recipient, actor=actor, reason=reason)


def register_of(organisation: Organisation) -> Register:
    """The register a recipient keeps: its own, or that of the department
    serving it (trafikkontoret keeps trafiknämndens cases)."""
    register = (
        Register.objects.filter(
            Q(organisation=organisation) | Q(organisation__serves=organisation)
        )
        .order_by("id")
        .first()
    )
    if register is None:
        _refuse(
            _("%(organisation)s keeps no register to receive the referral in.")
            % {"organisation": organisation},
            "no_register_for_recipient",
        )
    return register


@transaction.atomic
def dispatch_referral(*, referral: Referral, actor, reason: str) -> Referral:
    """Send the referral: the letter is registered as an outgoing, official
    document in the case (sv. expediera, R59a) and every branch starts."""
    _require(
        rules.can_prepare_referral(actor, referral.case),
        _("Only the case's own office sends the referral."),
    )
    _require_state(referral, Referral.State.DRAFT)
    if not referral.response_deadline:
        _refuse(
            _("A referral must state the date the answer is due (cf. FL 26 §)."),
            "deadline_required",
        )
    names = ", ".join(
        r.organisation.name for r in referral.recipients.select_related("organisation")
    )
    letter = registry._register_document(
        case=referral.case,
        direction=Document.Direction.OUTGOING,
        kind=Document.Kind.REFERRAL,
        title=_("Referral: %(title)s") % {"title": referral.case.title},
        public_description=_("Referral, respond by %(date)s")
        % {"date": referral.response_deadline},
        counterpart=names,
        body=referral.question,
        official_because=Document.OfficialBecause.DISPATCHED,
        actor=actor,
        reason=reason,
    )
    referral.letter = letter
    referral.state = Referral.State.DISPATCHED
    referral.dispatched_at = clock.now()
    return save_tracked(referral, actor=actor, reason=reason)


@transaction.atomic
def receive_referral(
    *, recipient: ReferralRecipient, actor, reason: str, classification: str = ""
):
    """The recipient's registrar registers the referral in its own register under
    its own number, linked to the sender's case; the letter is official on
    arrival (TF 2:9, R42, c.2)."""
    _lock(recipient)
    if recipient.committee_case_id:
        _refuse(_("The referral is already registered."), "already_received")
    register = register_of(recipient.organisation)
    if not rules.can_register_case(actor, register):
        raise PermissionDenied(
            _("Only the recipient's registrar registers the referral.")
        )
    referral = recipient.referral
    case = registry.register_case(
        register=register,
        title=referral.case.title,
        classification=classification,
        organisation=recipient.organisation,
        actor=actor,
        reason=reason,
    )
    registry._link_cases(
        from_case=case,
        to_case=referral.case,
        kind=CaseLink.Kind.REFERRAL,
        actor=actor,
        reason=reason,
    )
    registry._register_document(
        case=case,
        direction=Document.Direction.INCOMING,
        kind=Document.Kind.REFERRAL,
        title=_("Referral from %(sender)s") % {"sender": referral.case.organisation},
        public_description=_("Referral %(number)s, respond by %(date)s")
        % {"number": referral.case.registration_number, "date": recipient.deadline},
        counterpart=str(referral.case.organisation),
        body=referral.question,
        actor=actor,
        reason=reason,
    )
    enclosures.receive(recipient, case, actor=actor, reason=reason)
    recipient.committee_case = case
    recipient.state = State.RECEIVED
    save_tracked(recipient, actor=actor, reason=reason)
    return case


@transaction.atomic
def receive_into_existing_case(
    *, recipient: ReferralRecipient, case, actor, reason: str
) -> ReferralRecipient:
    """Record that the recipient registered the referral in a case it already
    has (e.g. registered before the referral was recorded here): the case must
    be in the recipient's register; it is linked to the sender's case."""
    if recipient.committee_case_id:
        _refuse(_("The referral is already registered."), "already_received")
    if case.register_id != register_of(recipient.organisation).pk:
        _refuse(
            _("The case is not in the recipient's register."), "case_not_in_register"
        )
    if not rules.can_register_case(actor, case.register):
        raise PermissionDenied(
            _("Only the recipient's registrar registers the referral.")
        )
    sender_case = recipient.referral.case
    if not CaseLink.objects.filter(from_case=case, to_case=sender_case).exists():
        registry._link_cases(
            from_case=case,
            to_case=sender_case,
            kind=CaseLink.Kind.REFERRAL,
            actor=actor,
            reason=reason,
        )
    enclosures.receive(recipient, case, actor=actor, reason=reason)
    recipient.committee_case = case
    if recipient.state == State.SENT:
        recipient.state = State.RECEIVED
    return save_tracked(recipient, actor=actor, reason=reason)


def _require_open(recipient: ReferralRecipient) -> None:
    """The recipient's part, locked and read again, is still open."""
    _lock(recipient)
    if not recipient.is_open:
        _refuse(
            _("The recipient's part is closed (“%(state)s”).")
            % {"state": recipient.get_state_display()},
            "recipient_closed",
        )


@transaction.atomic
def request_extension(
    *,
    recipient: ReferralRecipient,
    requested_until: datetime.date,
    reason_given: str,
    actor,
    reason: str,
) -> Extension:
    """The recipient asks for a later deadline with a reason (sv. anstånd)."""
    _require(
        rules.can_answer_referral(actor, recipient),
        _("Only the recipient's staff ask for an extension."),
    )
    _require_open(recipient)
    if requested_until <= recipient.deadline:
        _refuse(_("Ask for a date after the current deadline."), "extension_not_later")
    dates.refuse_far_deadline(requested_until, field="requested_until")
    if not reason_given.strip():
        _refuse(_("Give a reason for the extension."), "extension_reason_required")
    if recipient.extensions.filter(state=Extension.State.REQUESTED).exists():
        _refuse(
            _("An extension request is already waiting for a decision."),
            "extension_pending",
        )
    extension = Extension(
        recipient=recipient,
        requested_until=requested_until,
        reason=reason_given.strip(),
        requested_by=actor,
    )
    return save_tracked(extension, actor=actor, reason=reason)


@transaction.atomic
def decide_extension(
    *, extension: Extension, grant: bool, actor, reason: str, note: str = ""
) -> Extension:
    """The sender's case officer grants or refuses; a grant moves that
    recipient's deadline and is recorded."""
    _require(
        rules.can_handle_referral(actor, extension.recipient.referral),
        _("Only the referring office decides on an extension."),
    )
    _lock(extension)
    if extension.state != Extension.State.REQUESTED:
        _refuse(_("The request has already been decided."), "extension_decided")
    extension.state = Extension.State.GRANTED if grant else Extension.State.REFUSED
    extension.decided_by = actor
    extension.decided_at = clock.now()
    extension.decision_note = note
    save_tracked(extension, actor=actor, reason=reason)
    if grant:
        recipient = extension.recipient
        _lock(recipient)
        recipient.deadline = extension.requested_until
        if recipient.state == State.OVERDUE or recipient.state in (
            State.SENT,
            State.RECEIVED,
        ):
            recipient.state = State.EXTENSION_GRANTED
        save_tracked(recipient, actor=actor, reason=reason)
    return extension


@transaction.atomic
def decline_referral(
    *, recipient: ReferralRecipient, reason_given: str, actor, reason: str
) -> ReferralRecipient:
    """The recipient declines to answer, with a reason; its branch completes."""
    _require(
        rules.can_answer_referral(actor, recipient),
        _("Only the recipient's staff decline to answer."),
    )
    _require_open(recipient)
    if not reason_given.strip():
        _refuse(_("Give a reason for declining."), "decline_reason_required")
    recipient.state = State.DECLINED
    recipient.declined_reason = reason_given.strip()
    recipient.answered_at = clock.now()
    return save_tracked(recipient, actor=actor, reason=reason)


def reminders_due(
    recipient: ReferralRecipient, today: datetime.date
) -> list[tuple[int, datetime.date]]:
    """The configured reminders for this recipient that are due by ``today``."""
    offsets = recipient.referral.reminder_offsets or []
    due = []
    for offset in offsets:
        day = recipient.deadline + datetime.timedelta(days=offset)
        if day <= today:
            due.append((offset, day))
    return due


@dataclass
class ReminderRun:
    """What a run of the reminders did: how many were sent, and the recipients
    whose reminders failed (each logged with its error)."""

    sent: int = 0
    failed: list[ReferralRecipient] = field(default_factory=list)


def send_due_reminders(
    *, today: datetime.date | None = None, actor, reason: str
) -> ReminderRun:
    """Send every reminder that has come due and not yet been sent: by e-mail to
    the recipient's registrars and case officer, after the commit. Each
    recipient's reminders are sent in a transaction of their own, so that one
    that fails is logged and the others are still sent."""
    administration.require_job_runner(actor)
    today = today or clock.today()
    run = ReminderRun()
    recipients = ReferralRecipient.objects.open().select_related(
        "referral__case", "organisation", "committee_case__case_officer"
    )
    for recipient in recipients:
        try:
            with transaction.atomic():
                run.sent += _remind(recipient, today, actor=actor, reason=reason)
        except Exception:
            logger.exception(
                "Reminders of referral %s to %s failed",
                recipient.referral.case.registration_number,
                recipient.organisation,
            )
            run.failed.append(recipient)
    return run


def _remind(recipient: ReferralRecipient, today, *, actor, reason: str) -> int:
    sent = 0
    for offset, day in reminders_due(recipient, today):
        if recipient.reminders.filter(offset_days=offset, due_on=day).exists():
            continue
        reminder = Reminder(recipient=recipient, offset_days=offset, due_on=day)
        save_tracked(reminder, actor=actor, reason=reason)
        _mail_reminder(recipient)
        sent += 1
    return sent


def _mail_reminder(recipient: ReferralRecipient) -> None:
    addresses = sorted(addresses_for_referral(recipient))
    if not addresses:
        return
    subject = _("Reminder: referral %(number)s, respond by %(date)s") % {
        "number": recipient.referral.case.registration_number,
        "date": recipient.deadline,
    }
    body = _(
        "%(organisation)s is asked to answer the referral “%(title)s” by %(date)s."
    ) % {
        "organisation": recipient.organisation,
        "title": recipient.referral.case.title,
        "date": recipient.deadline,
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, None, addresses, fail_silently=True)
    )


@transaction.atomic
def mark_overdue(*, today: datetime.date | None = None, actor, reason: str) -> int:
    """Mark open recipients past their deadline as overdue."""
    administration.require_job_runner(actor, or_referral_handler=True)
    today = today or clock.today()
    count = 0
    for recipient in (
        ReferralRecipient.objects.open()
        .select_for_update()
        .filter(deadline__lt=today)
        .exclude(state=State.OVERDUE)
    ):
        recipient.state = State.OVERDUE
        save_tracked(recipient, actor=actor, reason=reason)
        count += 1
    return count


@transaction.atomic
def give_up_waiting(
    *, recipient: ReferralRecipient, actor, reason: str
) -> ReferralRecipient:
    """Close an overdue recipient's branch without an answer."""
    _require(
        rules.can_handle_referral(actor, recipient.referral),
        _("Only the referring office closes a branch without an answer."),
    )
    _lock(recipient)
    if not recipient.is_overdue():
        _refuse(_("The recipient's deadline has not passed."), "not_overdue")
    recipient.state = State.NOT_RECEIVED
    return save_tracked(recipient, actor=actor, reason=reason)


def _follows_recipient(actor, recipient: ReferralRecipient) -> bool:
    """The recipient's staff, the secretary of its committee, and the load."""
    return (
        rules.can_answer_referral(actor, recipient)
        or rules.organisations_for_minutes_keeper(actor)
        .filter(pk=recipient.organisation_id)
        .exists()
        or administration.may_load_records(actor)
    )


@transaction.atomic
def record_progress(
    *, recipient: ReferralRecipient, state: str, actor, reason: str
) -> ReferralRecipient:
    """Move a recipient's branch to "on the agenda" or "decided" as the committee
    side proceeds."""
    _require(
        _follows_recipient(actor, recipient),
        _("Only the recipient's staff and secretary record its progress."),
    )
    if state not in (State.ON_AGENDA, State.DECIDED):
        _refuse(_("Not a progress state."), "invalid_progress_state")
    _require_open(recipient)
    recipient.state = state
    return save_tracked(recipient, actor=actor, reason=reason)


@transaction.atomic
def dispatch_response(
    *,
    recipient: ReferralRecipient,
    documents: list[Document],
    stance: str,
    decision_text: str,
    actor,
    reason: str,
) -> ReferralRecipient:
    """Send the answer: the extract and the officer report are registered as
    outgoing in the recipient's register and as incoming in the sender's case
    under its number; the branch completes (R42, R61c)."""
    _require(
        rules.can_answer_referral(actor, recipient),
        _("Only the recipient's staff send its answer."),
    )
    _require_open(recipient)
    if not documents:
        _refuse(
            _("Send at least the minutes extract with the answer."),
            "no_response_documents",
        )
    if stance not in ReferralRecipient.Stance.values:
        _refuse(_("Choose the recipient's stance."), "stance_required")
    sender_case = recipient.referral.case
    for document in documents:
        _send_document(document, recipient, sender_case, actor=actor, reason=reason)
    recipient.state = State.ANSWERED
    recipient.stance = stance
    recipient.decision_text = decision_text
    recipient.answered_at = clock.now()
    return save_tracked(recipient, actor=actor, reason=reason)


def _send_document(document, recipient, sender_case, *, actor, reason) -> None:
    if not document.is_official:
        # The committee has decided and its answer leaves the authority: the
        # officer report sent with it is official from now on (R61c, TF 2:10).
        registry.make_official(
            document=document,
            because=Document.OfficialBecause.DECIDED,
            actor=actor,
            reason=reason,
        )
    version = document.versions.order_by("-number").first()
    registry._register_document(
        case=recipient.committee_case,
        direction=Document.Direction.OUTGOING,
        kind=document.kind,
        title=version.title,
        public_description=_("Answer to referral: %(description)s")
        % {"description": document.public_description},
        counterpart=str(sender_case.organisation),
        body=version.body,
        official_because=Document.OfficialBecause.DISPATCHED,
        actor=actor,
        reason=reason,
    )
    registry._register_document(
        case=sender_case,
        direction=Document.Direction.INCOMING,
        kind=document.kind,
        title=version.title,
        public_description=_("Answer from %(organisation)s: %(description)s")
        % {
            "organisation": recipient.organisation,
            "description": document.public_description,
        },
        counterpart=str(recipient.organisation),
        body=version.body,
        actor=actor,
        reason=reason,
    )


def all_branches_closed(referral: Referral, today: datetime.date | None = None) -> bool:
    """The join condition: every recipient answered, declined or past its
    deadline."""
    today = today or clock.today()
    return all(not r.is_open or r.deadline < today for r in referral.recipients.all())


@transaction.atomic
def compile_answers(
    *, referral: Referral, summary: str, actor, reason: str
) -> Referral:
    """Record the compiled summary stadsledningskontoret builds its report on."""
    _require(
        rules.can_handle_referral(actor, referral),
        _("Only the referring office compiles the answers."),
    )
    _require_state(referral, Referral.State.DISPATCHED, Referral.State.COMPILED)
    if not summary.strip():
        _refuse(_("Write the summary."), "summary_required")
    referral.summary = summary.strip()
    referral.state = Referral.State.COMPILED
    return save_tracked(referral, actor=actor, reason=reason)
