"""Reservations and special statements, through their legal life cycle (c.5).

Announced at the meeting by someone who took part (R14) before it closes (R15);
the written text is handed in before the time set for approval of the minutes
(R16); then locked; after approval part of the official minutes.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation, Party, Person
from casework.history import require_reason, save_tracked
from casework.meetings.models import (
    AgendaItem,
    ItemParticipation,
    Meeting,
    Participant,
    Statement,
    StatementClause,
    StatementSignatory,
)
from casework.meetings.services.common import lock
from permissions import meeting_acts, rules

Kind = Statement.Kind
Rule = Organisation.SpecialStatements
PREPARATORY_KINDS = (Kind.PREPARATORY_RESERVATION, Kind.PREPARATORY_STATEMENT)
SPECIAL_KINDS = (Kind.SPECIAL_STATEMENT, Kind.PREPARATORY_STATEMENT)


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _require_kind_fits_body(item: AgendaItem, kind: str) -> None:
    """R20: a body that only prepares takes its own kind of statements."""
    decides = item.meeting.organisation.decides
    if decides and kind in PREPARATORY_KINDS:
        _refuse(_("This kind belongs to the preparatory body."), "kind_not_for_body")
    if not decides and kind not in PREPARATORY_KINDS:
        _refuse(
            _("The preparatory body does not decide; use its own kinds of statement."),
            "kind_not_for_body",
        )


def _participation_status(item: AgendaItem, person: Person):
    return (
        item.participations.filter(participant__person=person)
        .values_list("status", flat=True)
        .first()
    )


def _require_reservation_right(item: AgendaItem, person: Person) -> None:
    """R14: only those who took part in the decision may reserve."""
    if _participation_status(item, person) != ItemParticipation.Status.TOOK_PART:
        _refuse(
            _("%(person)s did not take part in the decision and cannot reserve.")
            % {"person": person},
            "not_a_participant",
        )


def _require_statement_right(item: AgendaItem, kind: str, person: Person) -> None:
    """R18–R19: special statements follow the organisation's own rules."""
    organisation = item.meeting.organisation
    if kind == Kind.SUBSTITUTE_STATEMENT:
        _require_substitute_opinion(item, organisation, person)
        return
    if organisation.special_statements == Rule.NOT_ALLOWED:
        _refuse(
            _("%(organisation)s does not take special statements.")
            % {"organisation": organisation},
            "special_statements_not_allowed",
        )
    if organisation.special_statements == Rule.PARTICIPANTS:
        if _participation_status(item, person) != ItemParticipation.Status.TOOK_PART:
            _refuse(
                _("%(person)s did not take part in the decision.") % {"person": person},
                "not_a_participant",
            )
    elif not item.meeting.participants.filter(person=person, present=True).exists():
        _refuse(
            _("%(person)s was not at the meeting.") % {"person": person}, "not_present"
        )


def _require_substitute_opinion(item, organisation, person) -> None:
    """R19: a non-serving substitute may have an opinion recorded only where the
    council has allowed it."""
    if not organisation.substitutes_may_record_opinion:
        _refuse(
            _("Substitutes may not have an opinion recorded in %(organisation)s.")
            % {"organisation": organisation},
            "substitute_statements_not_allowed",
        )
    is_non_serving_substitute = item.meeting.participants.filter(
        person=person,
        present=True,
        serving=False,
        seat_role=Participant.SeatRole.SUBSTITUTE,
    ).exists()
    if not is_non_serving_substitute:
        _refuse(
            _("Only a non-serving substitute makes a substitute's statement."),
            "not_a_non_serving_substitute",
        )


def _require_party(item: AgendaItem, party: Party, person: Person) -> None:
    """A statement is its party's: every signatory sits for that party."""
    sits_for = item.meeting.participants.filter(person=person).values_list(
        "party_id", flat=True
    )
    if party.pk not in sits_for:
        _refuse(
            _("%(person)s does not sit for %(party)s.")
            % {"person": person, "party": party},
            "signatory_of_other_party",
        )


def _require_signatory(
    item: AgendaItem, kind: str, person: Person, party: Party
) -> None:
    _require_party(item, party, person)
    if kind in Statement.RESERVATION_KINDS:
        _require_reservation_right(item, person)
    else:
        _require_statement_right(item, kind, person)


def _require_open_meeting(meeting: Meeting) -> None:
    """R15: reservations are announced before the meeting is closed."""
    if meeting.is_closed:
        _refuse(
            _("The meeting is closed; a reservation can no longer be announced."),
            "meeting_closed",
        )


def _require_before_approval_time(meeting: Meeting) -> None:
    """R16: the written text is handed in before the time set for approval."""
    if meeting.approval_due_at and clock.now() >= meeting.approval_due_at:
        _refuse(
            _("The time for handing in written statements has passed (%(time)s).")
            % {
                "time": timezone.localtime(meeting.approval_due_at).strftime(
                    "%Y-%m-%d %H:%M"
                )
            },
            "approval_deadline_passed",
        )


def _require_editable(statement: Statement) -> None:
    if not statement.is_editable:
        _refuse(
            _("The statement is “%(state)s” and can no longer change.")
            % {"state": statement.get_state_display()},
            "statement_locked",
        )
    _require_before_approval_time(statement.item.meeting)


def _require_may_edit(actor, statement: Statement) -> None:
    if not rules.can_edit_statement(actor, statement):
        raise PermissionDenied(
            _("Only the party's own people may change its statement.")
        )


def _lock(statement: Statement) -> None:
    """Read the statement again under a row lock: a save and a hand-in at the
    same moment take turns, and the second sees what the first did."""
    statement.refresh_from_db(from_queryset=Statement.objects.select_for_update())


def _take_for_change(actor, statement: Statement) -> None:
    """The actor may change the statement as they saw it; it is then locked
    and read again, and must still be open to change (R16)."""
    _require_may_edit(actor, statement)
    _lock(statement)
    _require_editable(statement)


@transaction.atomic
def announce_statement(
    *,
    item: AgendaItem,
    kind: str,
    party: Party,
    signatories: list[Person],
    actor,
    reason: str,
    party_rendering: str = "",
    signatory_title: str = "",
) -> Statement:
    """Announce a reservation or a statement on a decided item at the meeting.
    ``signatory_title`` is how the minutes name the signatories, e.g.
    "borgarrådet" (plural "borgarråden" is rendered from it)."""
    if not rules.can_announce_statement(actor, item, party):
        raise PermissionDenied(_("You may not announce statements for this party."))
    # Locked and read again: an announcement and the closing of the meeting at
    # the same moment take turns (R15).
    lock(item.meeting)
    _require_open_meeting(item.meeting)
    if not item.is_decided:
        _refuse(_("The item has not been decided yet."), "item_not_decided")
    if hasattr(item, "immediate_approval"):
        _refuse(
            _("The paragraph was approved at the meeting; nothing can be added."),
            "paragraph_approved",
        )
    _require_kind_fits_body(item, kind)
    if not signatories:
        _refuse(_("A statement needs at least one signatory."), "no_signatories")
    for person in signatories:
        _require_signatory(item, kind, person, party)
    statement = Statement(
        item=item,
        kind=kind,
        party=party,
        party_rendering=party_rendering or party.code_on(item.meeting.held_on),
        drafted_by=actor,
        announced_at=clock.now(),
    )
    save_tracked(statement, actor=actor, reason=reason)
    for order, person in enumerate(signatories, start=1):
        _add_signatory(
            statement, person, order, actor=actor, reason=reason, title=signatory_title
        )
    return statement


def _add_signatory(statement, person, order, *, actor, reason, title=""):
    signatory = StatementSignatory(
        statement=statement, person=person, order=order, title=title
    )
    return save_tracked(signatory, actor=actor, reason=reason)


@transaction.atomic
def co_sign(
    *, statement: Statement, person: Person, actor, reason: str, title: str = ""
) -> StatementSignatory:
    """Add a signatory who shares the statement ("båda S", "alla S"; R17). A
    reservation is announced at the meeting: after it closes, only those who
    reserved there sign it (R15)."""
    _take_for_change(actor, statement)
    if statement.kind in Statement.RESERVATION_KINDS:
        lock(statement.item.meeting)
        _require_open_meeting(statement.item.meeting)
    _require_signatory(statement.item, statement.kind, person, statement.party)
    if statement.signatories.filter(person=person).exists():
        _refuse(
            _("%(person)s has already signed.") % {"person": person}, "already_signed"
        )
    order = statement.signatories.count() + 1
    return _add_signatory(
        statement, person, order, actor=actor, reason=reason, title=title
    )


def _require_same_case(statement: Statement, refers_to: Statement) -> None:
    """R17d: a statement refers only to an earlier statement in the same case."""
    same_case = (
        refers_to.item.case_id is not None
        and refers_to.item.case_id == statement.item.case_id
        and refers_to.pk != statement.pk
        and refers_to.item.meeting.held_on <= statement.item.meeting.held_on
    )
    if not same_case:
        _refuse(
            _("A statement may only refer to an earlier statement in the same case."),
            "reference_outside_case",
        )


@transaction.atomic
def write_statement(
    *,
    statement: Statement,
    actor,
    reason: str,
    introduction: str = "",
    text: str = "",
    clauses: list[str] | None = None,
    refers_to: Statement | None = None,
) -> Statement:
    """Write the statement's text: its own numbered clauses and reasoning, or a
    reference to an earlier statement (R17). The draft stays with the party."""
    _take_for_change(actor, statement)
    if refers_to is not None:
        _require_same_case(statement, refers_to)
    statement.introduction = introduction
    statement.text = text
    statement.refers_to = refers_to
    statement.state = Statement.State.DRAFT
    save_tracked(statement, actor=actor, reason=reason)
    _replace_clauses(statement, clauses or [], actor=actor, reason=reason)
    return statement


def _replace_clauses(statement, clauses, *, actor, reason) -> None:
    texts = [text.strip() for text in clauses if text and text.strip()]
    existing = {clause.number: clause for clause in statement.clauses.all()}
    for number, text in enumerate(texts, start=1):
        clause = existing.pop(number, None) or StatementClause(
            statement=statement, number=number
        )
        if clause.text != text:
            clause.text = text
            save_tracked(clause, actor=actor, reason=reason)
    for clause in existing.values():
        # Clauses of a draft are working material of the party (R62): a removed
        # clause goes, and its history row records who removed it and why.
        clause._history_user = actor
        clause._change_reason = reason
        clause.delete()


@transaction.atomic
def submit_statement(*, statement: Statement, actor, reason: str) -> Statement:
    """Hand the written statement to the secretary (sv. inlämnad), before the
    time set for approval of the minutes (R16). Of several hand-ins at the
    same moment one runs; the others are told the statement is handed in."""
    _take_for_change(actor, statement)
    if not (statement.text or statement.refers_to_id or statement.clauses.exists()):
        _refuse(_("Write the statement before handing it in."), "empty_statement")
    statement.state = Statement.State.SUBMITTED
    statement.submitted_at = clock.now()
    return save_tracked(statement, actor=actor, reason=reason)


@transaction.atomic
def lock_statements(*, meeting: Meeting, actor, reason: str) -> int:
    """Lock every statement of the meeting once the time for approval has come;
    a text not handed in is not part of the minutes (R16)."""
    require_reason(reason)
    meeting_acts.require_statement_locker(actor, meeting)
    if meeting.approval_due_at is None or clock.now() < meeting.approval_due_at:
        _refuse(
            _("The time for approval has not come yet."), "approval_time_not_reached"
        )
    count = 0
    for statement in Statement.objects.select_for_update().filter(
        item__meeting=meeting,
        state__in=[
            Statement.State.ANNOUNCED,
            Statement.State.DRAFT,
            Statement.State.SUBMITTED,
        ],
    ):
        statement.state = Statement.State.LOCKED
        save_tracked(statement, actor=actor, reason=reason)
        count += 1
    return count
