"""Bad input for every form (issue 5, QUALITY_BARS.md "Bad input"): the forms
``test_fuzz`` does not fuzz by hand are fuzzed here from the page itself. The
page is fetched by a user whose role may post it (the URL matrix says who);
the form it shows tells which fields there are and what they accept, and
hypothesis posts mostly valid bodies with a few fields changed, and wholly
generated ones, at least 200 per form, and the valid body with each field in
turn set to each of ``test_fuzz.EXTREME`` (ids no row can have, the ends of the
calendar), through ``test_fuzz.fuzz_form``: no answer may be a server error,
nor the page an accepted post leads to.

``test_every_form_is_fuzzed`` lists the form classes of the form modules and
fails when one is neither fuzzed (here or in ``test_fuzz``) nor named in
``NOT_REACHED`` with the reason the world has no page that shows it.
"""

import datetime
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.directory.models import Organisation
from tests.security.conftest import clients_for, report
from tests.security.test_fuzz import (
    FUZZ,
    TODAY,
    dates,
    datetimes,
    files,
    form_bodies,
    fuzz_form,
    numbers,
    one_of_or_junk,
    some_of,
    texts,
)
from tests.security.test_url_matrix import EXPECTED
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import referral as referral_steps
from workflows.steps import response as response_steps

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "casework.forms",
    "casework.audit.forms",
    "casework.meetings.board_forms",
    "casework.meetings.delegation_forms",
    "casework.meetings.forms",
    "casework.publicity.forms",
    "casework.referrals.forms",
    "casework.registry.forms",
    "workflows.desk.forms",
]

# The forms test_fuzz fuzzes with strategies of its own.
BY_HAND = {
    "CaseForm",
    "DocumentForm",
    "ReviseDocumentForm",
    "MarkConfidentialForm",
    "AssignCaseOfficerForm",
    "PlanMeetingForm",
    "OpenMeetingForm",
    "AgendaItemForm",
    "VoteForm",
    "WriteStatementForm",
    "NoticeForm",
    "HistoryFilterForm",
}


@dataclass(frozen=True)
class Page:
    """Where a form is shown (a page of the URL matrix), who posts it, and
    where to: its own URL, or another one (``post_to``: a matrix key) for a
    second form on a page; ``context`` names it in the page's context. ``who``
    is a demo user or ``staff.<name>``, staff the world added."""

    key: str
    who: str
    variant: str = ""
    context: str = "form"
    post_to: str = ""
    method: str = "POST"
    set_up: Callable | None = None  # the page's URL, after what it needs is done


def _referral(world):
    """A new referral from kommunstyrelsen to trafiknämnden, prepared."""
    process = referral_steps.start_referral(
        case=world.ks_case,
        question="Fuzz",
        response_deadline=timezone.localdate() + datetime.timedelta(days=30),
        recipients=[Organisation.objects.get(code="trn")],
        actor=world.staff.slk_officer,
    )
    return process, Task.objects.get(process=process, flow_task=ReferralFlow.dispatch)


def _dispatch_page(world) -> str:
    _process, dispatch = _referral(world)
    return reverse("tasks:task", args=[dispatch.pk])


def _register_page(world) -> str:
    process, dispatch = _referral(world)
    referral_steps.send(task=dispatch, actor=world.staff.slk_officer)
    recipient = process.referral.recipients.get()
    task = Task.objects.get(
        process=recipient.process, flow_task=ResponseFlow.register, status=STATUS.NEW
    )
    return reverse("tasks:task", args=[task.pk])


def _review_page(world) -> str:
    """Karin hands in trafikkontoret's draft report; the heads review it."""
    task = Task.objects.get(pk=world.t_report_task.pk)
    response_steps.save_report(
        task=task,
        actor=world.users["karin.dhakal"],
        clauses=["Trafiknämnden överlämnar tjänsteutlåtandet"],
        title="Svar på remiss",
        submit=True,
    )
    review = Task.objects.filter(
        process=task.process, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    ).get(flow_task_type="HUMAN")
    return reverse("tasks:task", args=[review.pk])


PAGES = {
    "ApproveParagraphForm": Page("meetings:paragraph_approve", "sekreterare.trn"),
    "DelegatedDecisionForm": Page(
        "meetings:delegated_decision_create", "sekreterare.trn"
    ),
    "DrawUpProtocolForm": Page(
        "meetings:delegation_protocol_create", "sekreterare.trn"
    ),
    "EndOutageForm": Page("meetings:outage_end", "sekreterare.trn"),
    "OrganisationForm": Page("meetings:delegation_order_create", "sekreterare.trn"),
    "PointForm": Page("meetings:delegation_point_create", "sekreterare.trn", "draft"),
    "AdoptOrderForm": Page("meetings:delegation_order_adopt", "sekreterare.trn"),
    "InForceForm": Page(
        "meetings:delegation_order_list",
        "karin.dhakal",
        context="lookup",
        method="GET",
    ),
    "ChairDecisionForm": Page("meetings:chair_decision_create", "sekreterare.trn"),
    "CouncilMotionForm": Page("meetings:council_motion_create", "registrator"),
    "PreparationReportForm": Page("meetings:council_motion_report", "registrator"),
    "ExecutionForm": Page("meetings:execution_create", "sekreterare.trn"),
    "OutageForm": Page("meetings:outage_create", "sekreterare.trn"),
    "AddParticipantsForm": Page("meetings:participant_add", "sekreterare.trn"),
    "AnnounceStatementForm": Page("meetings:statement_announce", "partisekreterare.mp"),
    "AttendanceChangeForm": Page("meetings:attendance_change", "sekreterare.trn"),
    "CoSignForm": Page("meetings:statement_cosign", "partisekreterare.mp", "draft"),
    "ConfirmForm": Page("meetings:meeting_close", "sekreterare.trn"),
    "DecisionForm": Page("meetings:item_decide", "sekreterare.trn"),
    "DeclarationForm": Page("meetings:item_declaration", "sekreterare.trn"),
    "MotionForm": Page("meetings:motion_create", "sekreterare.trn"),
    "PostponementForm": Page("meetings:item_postpone", "sekreterare.trn"),
    "MotionRefusalForm": Page("meetings:motion_refuse", "sekreterare.trn"),
    "OverruleRefusalForm": Page("meetings:refusal_overrule", "sekreterare.trn"),
    "DissentForm": Page("meetings:dissent_record", "sekreterare.trn"),
    "MeetingFilterForm": Page("meetings:meeting_list", "karin.dhakal", method="GET"),
    "MemorandumAgendaForm": Page("referrals:memorandum_agenda", "sekreterare.ks"),
    "AttachmentForm": Page("registry:attachment_add", "karin.dhakal", "draft"),
    "LiftMarkingForm": Page("registry:marking_lift", "jonas.eliasson"),
    "MakeOfficialForm": Page(
        "registry:document_make_official", "karin.dhakal", "draft"
    ),
    "CloseCaseForm": Page("registry:case_close", "staff.tk_registrar"),
    "AssignOfficerForm": Page("tasks:task", "ann-charlotte.bergqvist", "open"),
    "PrepareReferralForm": Page("tasks:prepare_referral", "karin.dhakal"),
    "ReportForm": Page("tasks:task", "karin.dhakal", "taken"),
    "ExtensionRequestForm": Page(
        "tasks:task",
        "karin.dhakal",
        "taken",
        context="extension_form",
        post_to="tasks:extension",
    ),
    "DeclineForm": Page(
        "tasks:task",
        "karin.dhakal",
        "taken",
        context="decline_form",
        post_to="tasks:decline",
    ),
    "ExtensionDecisionForm": Page("tasks:task", "staff.slk_officer", "board"),
    "SendForm": Page("", "staff.slk_officer", set_up=_dispatch_page),
    # the notice of the meeting in progress, already recorded on its pages
    "ConfirmStepForm": Page("tasks:task", "sekreterare.trn", "meeting"),
    "RegisterForm": Page("", "staff.tk_registrar", set_up=_register_page),
    "ReviewForm": Page("", "jonas.eliasson", set_up=_review_page),
    # public access (R63–R67); the request form also as a signed-in user
    "RequestForm": Page("publicity:request_create", "karin.dhakal"),
    "AskForDecisionForm": Page("publicity:request_receipt", "karin.dhakal", "decided"),
    "AssessForm": Page("publicity:request_assess", "registrator.tk", "open"),
    "RequestAnswerForm": Page("publicity:request_answer", "registrator.tk", "open"),
    "RenditionForm": Page(
        "publicity:rendition_create", "registrator.tk", "confidential"
    ),
    "PublicationForm": Page("publicity:document_publish", "registrator.tk", "draft"),
    "ParagraphSecrecyForm": Page("publicity:paragraph_secrecy", "sekreterare.trn"),
    "UnmarkParagraphForm": Page(
        "publicity:paragraph_unmark", "sekreterare.trn", "marked"
    ),
}

# Forms whose page the world does not reach with a user who may post it.
NOT_REACHED = {
    "AgendaForm": "putting a reviewed report on the agenda",
    "AnswerForm": "sending the answer after the committee's decision",
    "CompileForm": "compiling the answers once every recipient has answered",
    "MemorandumForm": "the memorandum of a referral whose answers are compiled",
    "MemorandumEditForm": "a draft memorandum (the demo's is official)",
    "ApproveMinutesForm": "the approval of minutes drawn up and not yet approved",
    "RefusalDecisionForm": "a decision asked for and not yet made (the demo's is)",
    "RecordDecisionAskedForm": "an answered request with nothing asked for yet",
}


def form_classes() -> dict[str, type]:
    found = {}
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for attr, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, forms.BaseForm):
                found[attr] = cls
    found.pop("ServiceForm", None)  # the base of the forms that write, never shown
    return found


# --- from a form to what is posted ----------------------------------------------


def _choices(field) -> list[str]:
    return [str(v) for v, _label in field.choices if str(v) != ""]


def _model_pks(field) -> list[str]:
    return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]


def field_strategy(field):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return some_of(_model_pks(field))
    if isinstance(field, forms.ModelChoiceField):
        return one_of_or_junk(_model_pks(field))
    if isinstance(field, forms.MultipleChoiceField):
        return some_of(_choices(field))
    if isinstance(field, forms.ChoiceField):
        return one_of_or_junk(_choices(field))
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "x", "false"])
    if isinstance(field, forms.DateTimeField):
        return datetimes
    if isinstance(field, forms.DateField):
        return dates
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return numbers
    if isinstance(field, forms.FileField):
        return files.filter(lambda f: f is not None)
    return texts


def valid_value(bound):
    """A value the field would take: what the page shows, or a plain one."""
    field = bound.field
    value = bound.value()
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(v) for v in value] if value else _model_pks(field)[:1]
    if isinstance(field, forms.ModelChoiceField):
        pks = _model_pks(field)
        return str(value) if value not in (None, "") else (pks[0] if pks else None)
    if isinstance(field, forms.MultipleChoiceField):
        return value or _choices(field)[:1]
    if isinstance(field, forms.ChoiceField):
        choices = _choices(field)
        return (
            str(value) if value not in (None, "") else (choices[0] if choices else None)
        )
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if isinstance(field, forms.FileField):
        return None
    if value not in (None, ""):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value)
    if isinstance(field, forms.DateTimeField):
        return f"{TODAY}T10:00"
    if isinstance(field, forms.DateField):
        return TODAY
    if isinstance(field, (forms.IntegerField, forms.DecimalField)):
        return "1"
    return "Fuzz" if field.required else None


def strategy_for(form):
    base = {}
    fields = {}
    for name in form.fields:
        bound = form[name]
        value = valid_value(bound)
        if value is not None:
            base[bound.html_name] = value
        fields[bound.html_name] = field_strategy(bound.field)
    if not fields:  # a confirmation: only the button, and whatever is sent
        return st.one_of(st.just(base), st.dictionaries(texts, texts, max_size=3))
    return form_bodies(base, **fields)


# --- the tests ------------------------------------------------------------------


def test_every_form_is_fuzzed():
    classes = form_classes()
    covered = BY_HAND | set(PAGES) | set(NOT_REACHED)
    missing = sorted(set(classes) - covered)
    stale = sorted((set(PAGES) | set(NOT_REACHED)) - set(classes))
    unreached = sorted(NOT_REACHED)
    report(
        f"Forms in {len(FORM_MODULES)} modules: {len(classes)} "
        f"({len(BY_HAND)} fuzzed by hand, {len(PAGES)} from their pages, "
        f"{len(unreached)} not reached by the world: {', '.join(unreached) or '-'})"
    )
    assert not missing, f"forms that are not fuzzed: {missing}"
    assert not stale, f"fuzzed forms that no longer exist: {stale}"


def client_for(world, who: str) -> Client:
    if not who.startswith("staff."):
        return clients_for(world)[who]
    client = Client()
    client.force_login(getattr(world.staff, who.removeprefix("staff.")))
    return client


@pytest.mark.parametrize("form_name", sorted(PAGES))
def test_fuzz_form_from_its_page(world, form_name):
    page = PAGES[form_name]
    if page.set_up is not None:
        url = page.set_up(world)
    else:
        url = EXPECTED[page.key][page.variant].url(world)
    client = client_for(world, page.who)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    form = response.context[page.context]
    assert type(form).__name__ == form_name, (url, type(form).__name__)
    target = url
    if page.post_to:
        target = EXPECTED[page.post_to][""].url(world)
    fuzz_form(
        f"{form_name} on {page.post_to or page.key or url}",
        client,
        target,
        strategy_for(form),
        method=page.method,
    )


# The forms whose page the world does not reach are fuzzed as forms: bound to
# generated data, validated, and their service arguments built, which is all
# their view does before calling the (directly fuzzed) service.
UNREACHED_ARGUMENTS = {
    "AgendaForm": lambda w: {"recipient": w.t_recipient},
    "ApproveMinutesForm": lambda w: {"current_digest": "0" * 64},
}


@pytest.mark.parametrize("form_name", sorted(NOT_REACHED))
def test_fuzz_form_its_page_does_not_reach(world, form_name):
    form_class = form_classes()[form_name]
    arguments = UNREACHED_ARGUMENTS.get(form_name, lambda w: {})(world)
    strategy = strategy_for(form_class(**arguments))
    examples = accepted = 0

    def check(data):
        nonlocal accepted
        form = form_class(
            data={k: v for k, v in data.items() if v is not None}, **arguments
        )
        if form.is_valid():
            accepted += 1
            assert isinstance(form.service_arguments(), dict)
        else:
            assert form.errors

    extremes = getattr(strategy, "extremes", [])
    for data in extremes:
        check(data)

    @FUZZ
    @given(data=strategy)
    def run(data):
        nonlocal examples
        examples += 1
        check(data)

    run()
    report(
        f"fuzz form {form_name} (as a form): {len(extremes)} extreme values, "
        f"{examples} examples, {accepted} valid, 0 server errors"
    )
    assert examples >= 200
