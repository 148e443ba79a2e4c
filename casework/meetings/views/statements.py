"""Reservations and special statements (c.5): the party's workspace, reading a
statement with its clause comparison, writing, co-signing and handing it in."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.meetings import comparison, forms, rendering
from casework.meetings.models import Statement
from casework.meetings.services import statements as services
from casework.meetings.views.common import (
    form_page,
    meeting_title,
    posted,
    require,
    require_get_or_post,
    with_statement_details,
)
from permissions import rules


def _deadline(meeting) -> dict:
    """The time set for approval of the minutes: the last moment to hand in a
    written statement (R16)."""
    due = meeting.approval_due_at
    return {"due": due, "passed": bool(due) and timezone.now() >= due}


@login_required
@require_safe
def statement_workspace(request):
    """The statements the user works on for a party, by meeting, the one due
    first on top."""
    statements = with_statement_details(
        rules.own_party_statements(request.user).exclude(
            state=Statement.State.IN_MINUTES
        )
    ).select_related("item__meeting__organisation")
    statements = statements.order_by(
        "item__meeting__approval_due_at", "item__meeting_id", "item__position", "pk"
    )
    groups = []
    for statement in statements:
        meeting = statement.item.meeting
        if not groups or groups[-1]["meeting"].pk != meeting.pk:
            groups.append(
                {
                    "meeting": meeting,
                    "title": meeting_title(meeting),
                    "deadline": _deadline(meeting),
                    "statements": [],
                }
            )
        groups[-1]["statements"].append(statement)
    return render(request, "meetings/statement_workspace.html", {"groups": groups})


def _comparison(statement, clauses) -> list[dict]:
    """For a reservation with clauses: each clause against the proposal."""
    proposal = statement.item.proposal
    if not (statement.is_reservation and clauses and proposal):
        return []
    labels = dict(comparison.Verdict.choices)
    return [
        {"row": row, "label": labels[row.verdict]}
        for row in comparison.compare(clauses, proposal.clauses.all())
    ]


@login_required
@require_safe
def statement_detail(request, pk):
    statement = rules.get_statement_for_user_or_404(request.user, pk)
    meeting = statement.item.meeting
    clauses = list(statement.clauses.all())
    context = {
        "statement": statement,
        "item": statement.item,
        "meeting": meeting,
        "meeting_title": meeting_title(meeting),
        "heading": rendering.statement_heading(statement, preview=True),
        "signatories": statement.signatories.select_related("person"),
        "clauses": clauses,
        "comparison": _comparison(statement, clauses),
        "deadline": _deadline(meeting),
        "may_edit": rules.can_edit_statement(request.user, statement),
    }
    return render(request, "meetings/statement_detail.html", context)


def _editable_statement(request, pk) -> Statement:
    statement = rules.get_statement_for_user_or_404(request.user, pk)
    require(rules.can_edit_statement(request.user, statement))
    return statement


def _statement_url(statement) -> str:
    return reverse("meetings:statement_detail", args=[statement.pk])


def _statement_context(statement, heading, submit_label, **extra) -> dict:
    meeting = statement.item.meeting
    return {
        "heading": heading,
        "statement": statement,
        "item": statement.item,
        "meeting": meeting,
        "deadline": _deadline(meeting),
        "submit_label": submit_label,
        "cancel_url": _statement_url(statement),
        **extra,
    }


def _earlier_statements(user, statement):
    """Statements the user may read, earlier in the same case, to refer to (R17)."""
    item = statement.item
    if item.case_id is None:
        return Statement.objects.none()
    return (
        rules.statements_visible_to(user)
        .filter(
            item__case_id=item.case_id,
            item__meeting__held_on__lte=item.meeting.held_on,
        )
        .exclude(pk=statement.pk)
        .select_related("item__meeting__organisation")
        .order_by("item__meeting__held_on", "pk")
    )


@login_required
@require_get_or_post
def statement_write(request, pk):
    statement = _editable_statement(request, pk)
    initial = {
        "introduction": statement.introduction,
        "clauses": "\n".join(clause.text for clause in statement.clauses.all()),
        "text": statement.text,
        "refers_to": statement.refers_to_id,
    }
    form = forms.WriteStatementForm(
        *posted(request),
        initial=initial,
        earlier=_earlier_statements(request.user, statement),
    )
    return form_page(
        request,
        form,
        partial(services.write_statement, statement=statement),
        message=_("The draft was saved. It stays with the party until handed in."),
        done=_statement_url,
        template="meetings/statement_form.html",
        context=_statement_context(statement, _("Write the statement"), _("Save")),
    )


@login_required
@require_get_or_post
def statement_cosign(request, pk):
    statement = _editable_statement(request, pk)
    participants = (
        statement.item.meeting.participants.filter(present=True, party=statement.party)
        .exclude(person__in=statement.signatories.values("person"))
        .select_related("person", "party")
    )
    return form_page(
        request,
        forms.CoSignForm(*posted(request), participants=participants),
        partial(services.co_sign, statement=statement),
        message=_("The signatory was added."),
        done=_statement_url(statement),
        template="meetings/statement_form.html",
        context=_statement_context(statement, _("Add a signatory"), _("Add")),
    )


@login_required
@require_get_or_post
def statement_submit(request, pk):
    statement = _editable_statement(request, pk)
    return form_page(
        request,
        forms.ConfirmForm(*posted(request), reason="handed in"),
        partial(services.submit_statement, statement=statement),
        message=_("The statement was handed in to the secretary."),
        done=_statement_url,
        template="meetings/statement_form.html",
        context=_statement_context(
            statement,
            _("Hand in the statement"),
            _("Hand in"),
            notes=[
                _(
                    "Once handed in, the secretary, the chair and the minutes "
                    "checkers can read it, and it can no longer be changed."
                )
            ],
        ),
    )
