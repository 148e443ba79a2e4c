"""An agenda item (§) and the secretary's steps while it is handled: open it,
disqualification and abstention, motions, a roll-call vote, the decision, tabling
or referral back; the extract of its paragraph; announcing a statement."""

from collections import Counter
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.directory.models import Organisation, Party
from casework.meetings import forms, printed, rendering
from casework.meetings.models import (
    AgendaItem,
    Ballot,
    ItemParticipation,
    Meeting,
    Statement,
)
from casework.meetings.services import meetings as services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import proceedings
from casework.meetings.services import statements as statement_services
from casework.meetings.views.common import (
    form_page,
    meeting_title,
    posted,
    require,
    require_get_or_post,
    statements_by_item,
)
from permissions import rules

ItemState = AgendaItem.State
Kind = Statement.Kind


def item_title(item) -> str:
    if item.paragraph_number:
        return _("§ %(number)s %(title)s") % {
            "number": item.paragraph_number,
            "title": item.title,
        }
    return item.title


def _votes(item) -> list[dict]:
    """Each vote with its ballots and the count of each choice (R8, R23)."""
    votes = item.votes.prefetch_related("ballots__participant__person")
    rows = []
    for vote in votes:
        ballots = list(vote.ballots.all())
        counts = {c: sum(1 for b in ballots if b.choice == c) for c in ("yes", "no")}
        counts["abstain"] = len(ballots) - counts["yes"] - counts["no"]
        rows.append({"vote": vote, "ballots": ballots, "counts": counts})
    return rows


def motions_to_put(item):
    """The item's motions the chair has not refused to put (R12)."""
    return item.motions.exclude(
        refusal__isnull=False, refusal__overruled_at__isnull=True
    ).select_related("mover__person")


def _item_actions(item, keeps: bool) -> dict:
    if not keeps:
        return {}
    dissent = item.administrative_appeal and not item.is_dispatched
    actions = {
        "dissent": dissent and item.state in (ItemState.OPEN, ItemState.DECIDED),
        "dispatch": item.is_decided and not item.is_dispatched,
    }
    if item.meeting.state != Meeting.State.IN_PROGRESS:
        return actions
    handle = item.state == ItemState.OPEN
    council = item.meeting.organisation.kind == Organisation.Kind.COUNCIL
    return {
        **actions,
        "open": item.state == ItemState.PENDING,
        "handle": handle,
        "overrule": handle and council,
        "consent": council
        and not item.announced
        and not hasattr(item, "unanimous_consent")
        and item.state in (ItemState.PENDING, ItemState.OPEN),
    }


def _item_page_context(user, item) -> dict:
    meeting = item.meeting
    keeps = rules.can_keep_minutes(user, meeting)
    rows = statements_by_item(user, item=item, keeps_minutes=keeps)
    minutes = getattr(meeting, "minutes", None)
    approved = bool(minutes and minutes.is_approved)
    may_announce = item.is_decided and not meeting.is_closed
    approval = getattr(item, "immediate_approval", None)
    in_progress = meeting.state == Meeting.State.IN_PROGRESS
    return {
        "approval": approval,
        "paragraph_notice": getattr(approval, "notice", None) if approval else None,
        "executions": item.executions.all(),
        "item": item,
        "meeting": meeting,
        "title": item_title(item),
        "meeting_title": meeting_title(meeting),
        "clauses": item.proposal.clauses.all() if item.proposal else [],
        "participations": item.participations.select_related(
            "participant__person", "participant__party"
        ).order_by("participant__person__last_name", "participant__person__first_name"),
        "motions": item.motions.select_related("mover__person", "refusal"),
        "postponement": getattr(item, "postponement", None),
        "dissents": item.dissents.select_related("person"),
        "votes": _votes(item),
        "statement_rows": rows.get(item.pk, []),
        "case_visible": bool(item.case) and rules.can_view_case(user, item.case),
        "may": {
            "keep": keeps,
            "actions": _item_actions(item, keeps),
            "announce": may_announce
            and approval is None
            and bool(_parties_for(user, item)),
            "extract": item.paragraph_number is not None
            and (
                approved
                or approval is not None
                or rules.can_read_draft_minutes(user, meeting)
            ),
            "file_extract": keeps
            and (approved or approval is not None)
            and item.case_id is not None,
            "approve_now": keeps and in_progress and item.is_decided and not approval,
            "post_paragraph_notice": keeps
            and approval is not None
            and not hasattr(approval, "notice"),
            "execute": keeps and item.is_decided,
        },
    }


@login_required
@require_safe
def item_detail(request, pk):
    item = rules.get_item_for_user_or_404(request.user, pk)
    context = _item_page_context(request.user, item)
    return render(request, "meetings/item_detail.html", context)


def kept_item(request, pk) -> AgendaItem:
    item = rules.get_item_for_user_or_404(request.user, pk)
    require(rules.can_keep_minutes(request.user, item.meeting))
    return item


def item_context(item, heading, submit_label, **extra) -> dict:
    return {
        "heading": heading,
        "item": item,
        "meeting": item.meeting,
        "item_title": item_title(item),
        "submit_label": submit_label,
        "cancel_url": item.get_absolute_url(),
        **extra,
    }


def taking_part(item):
    """The participants who take part in the decision of the item (R7)."""
    return (
        item.meeting.participants.filter(
            participations__item=item,
            participations__status=ItemParticipation.Status.TOOK_PART,
        )
        .select_related("person", "party")
        .order_by("person__last_name", "person__first_name")
    )


@login_required
@require_get_or_post
def item_open(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.ConfirmForm(*posted(request), reason="item opened"),
        partial(services.open_item, item=item),
        message=_("The item is being handled."),
        done=item,
        context=item_context(
            item,
            _("Open the item"),
            _("Open the item"),
            notes=[
                _(
                    "The item gets the next paragraph number; everyone present and "
                    "serving is recorded as taking part in the decision (KL 5 kap. "
                    "66–67 §§)."
                )
            ],
        ),
    )


def _declare(*, item, participant, declaration, actor, reason):
    """Disqualification (R50–R51) or abstention (R9), each through its service."""
    if declaration == forms.DeclarationForm.DISQUALIFIED:
        service = services.declare_disqualified
    else:
        service = services.declare_abstention
    return service(item=item, participant=participant, actor=actor, reason=reason)


@login_required
@require_get_or_post
def item_declaration(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.DeclarationForm(*posted(request), participants=taking_part(item)),
        partial(_declare, item=item),
        message=_("The declaration was recorded."),
        done=item,
        context=item_context(
            item,
            _("Disqualification or abstention"),
            _("Record"),
            notes=[
                _(
                    "A disqualified member leaves the item; a member who does not "
                    "take part in the decision cannot reserve (KL 4 kap. 25 och 27 "
                    "§§, 6 kap. 28 §)."
                )
            ],
        ),
    )


@login_required
@require_get_or_post
def motion_create(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.MotionForm(*posted(request), participants=taking_part(item)),
        partial(proceedings.put_forward_motion, item=item),
        message=_("The motion was recorded."),
        done=item,
        context=item_context(item, _("Record a motion"), _("Record the motion")),
    )


def _vote_recorded(vote) -> str:
    """The count and what won, as the minutes will say it (R8)."""
    counts = Counter(vote.ballots.values_list("choice", flat=True))
    won = vote.yes_means if vote.result == vote.Result.YES else vote.no_means
    return _(
        "The vote was recorded: %(yes)d yes, %(no)d no, %(abstain)d abstaining. "
        "Result: %(won)s."
    ) % {
        "yes": counts[Ballot.Choice.YES],
        "no": counts[Ballot.Choice.NO],
        "abstain": counts[Ballot.Choice.ABSTAIN],
        "won": won,
    }


@login_required
@require_get_or_post
def vote_create(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.VoteForm(
            *posted(request),
            participants=list(taking_part(item)),
            motions=motions_to_put(item),
        ),
        partial(proceedings.record_vote, item=item),
        message=_vote_recorded,
        done=item,
        template="meetings/vote_form.html",
        context=item_context(
            item,
            _("Roll-call vote"),
            _("Record the vote"),
            notes=[
                _(
                    "Votes are open; on a tie the chair has the casting vote (KL 5 "
                    "kap. 56 §)."
                )
            ],
        ),
    )


@login_required
@require_get_or_post
def item_decide(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.DecisionForm(*posted(request)),
        partial(services.decide, item=item),
        message=_("The decision was recorded."),
        done=item,
        context=item_context(
            item,
            _("Record the decision"),
            _("Record the decision"),
            clauses=item.proposal.clauses.all() if item.proposal else [],
        ),
    )


# --- the extract --------------------------------------------------------------


def extract_context(user, pk) -> dict:
    """The paragraph as an extract of the minutes (sv. protokollsutdrag): for
    everyone who sees the meeting once the minutes or the paragraph itself are
    approved (R24, R25), before that for those who read the draft. A paragraph
    approved at the meeting is set out in sections while those read as the text
    approved, and shown as that text otherwise."""
    item = rules.get_item_for_user_or_404(user, pk)
    meeting = item.meeting
    minutes = getattr(meeting, "minutes", None)
    approval = getattr(item, "immediate_approval", None)
    approved = bool(minutes and minutes.is_approved)
    if item.paragraph_number is None:
        raise Http404
    require(
        approved or approval is not None or rules.can_read_draft_minutes(user, meeting)
    )
    loaded = rendering.meeting_for_minutes(meeting.pk)
    with translation.override("sv"):
        text = rendering.extract_text(loaded, item.paragraph_number)
    changed = approval is not None and approval.digest != rendering.digest(text)
    return {
        "item": item,
        "meeting": meeting,
        "title": item_title(item),
        "text": approval.content if changed else text,
        "heading": text.splitlines()[0],
        "paragraph": None
        if changed
        else printed.printed_paragraph(loaded, item.paragraph_number),
        "approved": approved,
        "approved_at_meeting": approval is not None,
        "minutes": minutes,
    }


@login_required
@require_safe
def extract_detail(request, pk):
    """The extract of the minutes on screen."""
    context = extract_context(request.user, pk)
    return render(request, "meetings/extract_detail.html", context)


@login_required
@require_get_or_post
def extract_file(request, pk):
    item = kept_item(request, pk)
    return form_page(
        request,
        forms.ConfirmForm(*posted(request), reason="extract filed"),
        partial(minutes_services.file_extract, item=item),
        message=lambda document: (
            _("The extract was filed in the case as document %(designation)s.")
            % {"designation": document.designation}
        ),
        done=item,
        context=item_context(
            item,
            _("File the extract in the case"),
            _("File the extract"),
            notes=[
                _(
                    "The extract of the approved paragraph becomes an official "
                    "document in the case (TF 2 kap. 10 §)."
                )
            ],
        ),
    )


# --- announcing a statement ---------------------------------------------------


def _parties_for(user, item) -> list[Party]:
    """The parties at the meeting the user may announce statements for."""
    meeting = item.meeting
    parties = Party.objects.filter(
        pk__in=meeting.participants.values("party_id")
    ).order_by("code")
    return [p for p in parties if rules.can_announce_statement(user, item, p)]


def statement_kinds(organisation: Organisation) -> list[tuple[str, str]]:
    """The kinds of statement the body takes (R18–R20)."""
    if not organisation.decides:
        kinds = [Kind.PREPARATORY_RESERVATION, Kind.PREPARATORY_STATEMENT]
    else:
        kinds = [Kind.RESERVATION]
        allowed = organisation.special_statements
        if allowed != Organisation.SpecialStatements.NOT_ALLOWED:
            kinds.append(Kind.SPECIAL_STATEMENT)
        if organisation.substitutes_may_record_opinion:
            kinds.append(Kind.SUBSTITUTE_STATEMENT)
    return [(kind.value, kind.label) for kind in kinds]


def _announce_form(request, item, parties):
    meeting = item.meeting
    participants = (
        meeting.participants.filter(present=True, party__in=parties)
        .select_related("person", "party")
        .order_by("party__code", "person__last_name", "person__first_name")
    )
    return forms.AnnounceStatementForm(
        *posted(request),
        kinds=statement_kinds(meeting.organisation),
        parties=Party.objects.filter(pk__in=[p.pk for p in parties]),
        participants=participants,
    )


def _announce_notes(meeting) -> list[str]:
    notes = [
        _(
            "A reservation is announced before the meeting is closed, by those who "
            "took part in the decision (KL 4 kap. 27 §)."
        )
    ]
    if meeting.is_closed:
        notes.append(
            _("The meeting is closed; a reservation can no longer be announced.")
        )
    return notes


@login_required
@require_get_or_post
def statement_announce(request, pk):
    user = request.user
    item = rules.get_item_for_user_or_404(user, pk)
    parties = _parties_for(user, item)
    require(bool(parties))

    def done(statement):
        if rules.can_view_statement(user, statement):
            return reverse("meetings:statement_detail", args=[statement.pk])
        return item.get_absolute_url()

    return form_page(
        request,
        _announce_form(request, item, parties),
        partial(statement_services.announce_statement, item=item),
        message=_("The statement was announced."),
        done=done,
        context=item_context(
            item,
            _("Announce a reservation or statement"),
            _("Announce"),
            notes=_announce_notes(item.meeting),
        ),
    )
