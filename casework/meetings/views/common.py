"""What the meeting pages share: running a service from a form, and how
statements are listed for a reader."""

from collections import defaultdict
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework.meetings import forms, rendering
from casework.meetings.models import Meeting, Statement
from permissions import rules

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])
FORM_PAGE = "meetings/form_page.html"


def require(allowed: bool) -> None:
    """Refuse an action on an object the user may see: 403, where an object the
    user may not see has already answered 404."""
    if not allowed:
        raise PermissionDenied


def posted(request) -> tuple:
    return (request.POST,) if request.method == "POST" else (None,)


def perform(request, form, service, message):
    """Run ``service`` on a valid posted form and return its result; None when
    nothing was posted or the form or the service refused (reasons on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service(actor=request.user, **form.service_arguments())
    except (ValidationError, PermissionDenied) as error:
        form.add_service_error(error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return result


def form_page(request, form, service, *, message, done, context, template=FORM_PAGE):
    """A write page: redirect after success, otherwise show the form (with the
    reasons for a refusal)."""
    result = perform(request, form, service, message)
    if result is not None:
        return redirect(done(result) if callable(done) else done)
    return render(request, template, {"form": form, **context})


def kept_meeting(request, pk) -> Meeting:
    meeting = rules.get_meeting_for_user_or_404(request.user, pk)
    require(rules.can_keep_minutes(request.user, meeting))
    return meeting


def confirm_page(request, meeting, service, *, reason, message, heading, **extra):
    return form_page(
        request,
        forms.ConfirmForm(*posted(request), reason=reason),
        partial(service, meeting=meeting),
        message=message,
        done=meeting,
        context={
            "heading": heading,
            "meeting": meeting,
            "cancel_url": meeting.get_absolute_url(),
            **extra,
        },
    )


def with_statement_details(statements):
    return statements.select_related(
        "party", "item", "refers_to__item__meeting__organisation"
    ).prefetch_related("signatories__person", "clauses")


def announced_heading(statement: Statement) -> str:
    """The announcement as the minutes open it, without anything of the text."""
    lead = rendering.STYLE["lead"][statement.kind]
    return f"{lead} {rendering.signatory_phrase(statement)}."


def statements_by_item(user, *, keeps_minutes: bool, meeting=None, item=None):
    """For each item (of ``meeting``, or ``item`` alone), the statements shown to
    ``user``: those the user may read in full, and for the secretary also the bare
    announcement of the others, which the draft minutes show as well (R23).
    A fixed number of queries."""
    visible = with_statement_details(
        rules.statements_visible_to(user, item, meeting=meeting)
    )
    rows = defaultdict(list)
    shown = set()
    for statement in visible:
        shown.add(statement.pk)
        heading = rendering.statement_heading(statement, preview=True)
        rows[statement.item_id].append(
            {"order": statement.pk, "statement": statement, "heading": heading}
        )
    if keeps_minutes:
        scope = {"item": item} if item is not None else {"item__meeting": meeting}
        others = Statement.objects.filter(**scope).exclude(pk__in=shown)
        for statement in with_statement_details(others):
            heading = announced_heading(statement)
            rows[statement.item_id].append(
                {"order": statement.pk, "statement": None, "heading": heading}
            )
    return {
        item_id: sorted(entries, key=lambda entry: entry["order"])
        for item_id, entries in rows.items()
    }


def meeting_title(meeting) -> str:
    return _("%(organisation)s, meeting %(date)s") % {
        "organisation": meeting.organisation,
        "date": meeting.held_on.strftime("%Y-%m-%d"),
    }
