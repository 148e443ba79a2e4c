"""Extreme input (issue 10, point 5): dates beyond the calendar's sensible range
and ids no database row can have are refused with a form error, never a 500.

Every date and time field of every form refuses years before 1900 and days
more than a hundred years ahead; a deadline refuses days more than a few years
ahead, on the form and in the service. Every choice of a record refuses an id
that is not plain digits or does not fit a signed 64-bit column (signs,
underscores, huge numbers), and every URL with an id answers 404 for one.
"""

import copy
import datetime
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from casework import clock
from casework.directory.models import Organisation
from casework.meetings.services import meetings as meeting_services
from casework.referrals import services as referral_services
from tests.security.conftest import ANONYMOUS, clients_for, report
from tests.security.test_fuzz import EXTREME_DATES, EXTREME_IDS, fresh
from tests.security.test_fuzz_forms import form_classes, valid_value
from tests.security.test_url_matrix import EXPECTED, url_patterns

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "day_out_of_range"


def _fields_of(kind):
    for form_name, form_class in sorted(form_classes().items()):
        for name, field in form_class.base_fields.items():
            if isinstance(field, kind):
                yield f"{form_name}.{name}", field


def _codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


def test_every_date_field_refuses_days_outside_the_sensible_calendar():
    """Issue 10.5: 9999-12-31, 0001-01-01 and 1899-12-31 are form errors with a
    reason, on every date and time field of every form."""
    checked = []
    for label, field in _fields_of((forms.DateField, forms.DateTimeField)):
        for day in EXTREME_DATES:
            value = f"{day}T10:00" if isinstance(field, forms.DateTimeField) else day
            with pytest.raises(ValidationError) as error:
                copy.deepcopy(field).clean(value)
            assert OUT_OF_RANGE in _codes(error.value), (label, value)
            assert "1900-01-01" in " ".join(error.value.messages), (label, value)
        checked.append(label)
    report(f"date and time fields refusing the ends of the calendar: {len(checked)}")
    assert len(checked) >= 16


def test_a_date_within_the_sensible_calendar_is_taken():
    """Issue 10.5: the range leaves ordinary days alone."""
    for label, field in _fields_of(forms.DateField):
        assert copy.deepcopy(field).clean("1900-01-01") == datetime.date(1900, 1, 1)
        assert label


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("PrepareReferralForm", "response_deadline"),
        ("ExtensionRequestForm", "requested_until"),
    ],
)
def test_a_deadline_more_than_five_years_ahead_is_refused_on_the_form(form, field):
    """Issue 10.5: a deadline is at most a few years ahead."""
    today = clock.today()
    deadline = form_classes()[form].base_fields[field]
    within = today.replace(year=today.year + 5, day=1)
    assert deadline.clean(within.isoformat()) == within
    with pytest.raises(ValidationError) as error:
        deadline.clean(today.replace(year=today.year + 6, day=1).isoformat())
    assert _codes(error.value) == {OUT_OF_RANGE}


def _deadline_error(call) -> set[str]:
    with transaction.atomic():
        with pytest.raises(ValidationError) as error:
            call()
        transaction.set_rollback(True)
    return error.value


def test_a_referral_deadline_at_the_end_of_the_calendar_is_refused_by_the_service(
    world,
):
    """Issue 10.5: 9999-12-31 used to be accepted and then broke the sending."""
    error = _deadline_error(
        lambda: referral_services.prepare_referral(
            case=world.ks_case,
            question="Fuzz",
            response_deadline=datetime.date(9999, 12, 31),
            recipients=[Organisation.objects.get(code="trn")],
            actor=world.staff.slk_officer,
            reason="remiss",
        )
    )
    assert [e.code for e in error.error_dict["response_deadline"]] == [OUT_OF_RANGE]


def test_an_extension_to_the_end_of_the_calendar_is_refused_by_the_service(world):
    """Issue 10.5: the asked-for deadline is checked like the first one."""
    recipient = fresh(world.t_recipient)
    error = _deadline_error(
        lambda: referral_services.request_extension(
            recipient=recipient,
            requested_until=datetime.date(9999, 12, 31),
            reason_given="Fuzz",
            actor=world.users["karin.dhakal"],
            reason="anstånd",
        )
    )
    assert [e.code for e in error.error_dict["requested_until"]] == [OUT_OF_RANGE]


# --- ids ---------------------------------------------------------------------


def test_every_choice_of_a_record_refuses_ids_the_database_cannot_hold(world):
    """Issue 10.5: signs, underscores and numbers beyond 64 bits are an invalid
    choice, checked before the query, on every model choice field."""
    checked = []
    for label, field in _fields_of(forms.ModelChoiceField):
        field = copy.deepcopy(field)
        for value in EXTREME_IDS:
            posted = (
                [value] if isinstance(field, forms.ModelMultipleChoiceField) else value
            )
            if field.queryset is not None:
                with pytest.raises(ValidationError) as error:
                    field.clean(posted)
                assert _codes(error.value) & {"invalid_choice", "invalid_pk_value"}
        checked.append(label)
        assert getattr(field, "refuses_oversized_ids", False), label
    report(f"model choice fields refusing ids beyond the database: {len(checked)}")
    assert len(checked) >= 30


def test_a_version_number_refuses_what_is_not_plain_digits_of_64_bits():
    """Issue 10.5: the memorandum's hidden version number is an integer field,
    whose ``int()`` took signs and underscores."""
    revision = form_classes()["MemorandumEditForm"].base_fields["revision"]
    assert revision.clean("12") == 12
    for value in EXTREME_IDS:
        with pytest.raises(ValidationError):
            revision.clean(value)


def _page(world, key, who):
    client = clients_for(world)[who]
    url = EXPECTED[key][""].url(world)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    form = response.context["form"]
    body = {}
    for name in form.fields:
        value = valid_value(form[name])
        if value is not None:
            body[form[name].html_name] = value
    return client, url, body


def _post_extreme_ids(client, url, body, field):
    refused = 0
    for value in EXTREME_IDS:
        with transaction.atomic():
            response = client.post(url, {**body, field: [value]})
            transaction.set_rollback(True)
        assert response.status_code == 200, (url, field, value, response.status_code)
        assert field in response.context["form"].errors, (field, value)
        refused += 1
    return refused


@pytest.mark.parametrize(
    ("key", "who", "field"),
    [
        ("meetings:statement_announce", "partisekreterare.mp", "signatories"),
        ("meetings:meeting_open", "sekreterare.trn", "minutes_checkers"),
        ("meetings:item_postpone", "sekreterare.trn", "requesters"),
    ],
)
def test_the_forms_that_broke_on_huge_ids_refuse_them(world, key, who, field):
    """Issue 10.5: the signatories of a reservation, the minutes checkers and
    the requesters of tabling crashed on SQLite."""
    client, url, body = _page(world, key, who)
    assert _post_extreme_ids(client, url, body, field) == len(EXTREME_IDS)


def test_the_motions_of_a_vote_refuse_huge_ids(world):
    """Issue 10.5: the motions put to a roll-call vote crashed on SQLite."""
    item = fresh(world.item_pending)
    meeting_services.open_item(
        item=item, actor=world.users["sekreterare.trn"], reason="fuzz"
    )
    voters = item.meeting.participants.values_list("pk", flat=True)
    body = {
        "question": "Fuzz",
        "yes_means": "Ja",
        "no_means": "Nej",
        **{f"ballot_{pk}": "yes" for pk in voters},
    }
    client = clients_for(world)["sekreterare.trn"]
    url = reverse("meetings:vote_create", args=[item.pk])
    assert _post_extreme_ids(client, url, body, "motions") == len(EXTREME_IDS)


# --- URLs ---------------------------------------------------------------------

HUGE_IDS = ["9223372036854775808", "9" * 60]
# One user of each kind: registrar, case officer, head, committee and party
# secretaries, auditor, politician, a department's registrar; and anonymous.
WHO = [
    ANONYMOUS,
    "registrator",
    "karin.dhakal",
    "jonas.eliasson",
    "sekreterare.trn",
    "partisekreterare.mp",
    "revisor",
    "hanna.exempelsson",
    "registrator.tk",
]
INT = re.compile(r"<int:\w+>")
OTHER = re.compile(r"<(?:\w+:)?\w+>")


def _routes_with_ids():
    for key, route in url_patterns():
        if INT.search(route) and not route.startswith(("admin/", "^")):
            yield key, route


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_every_url_with_an_id_answers_404_for_an_id_no_row_can_have(world, huge):
    """Issue 10.5: ``<int:pk>`` beyond 64 bits is not found (or refused before
    it is looked up), for each kind of user, by GET and by POST."""
    clients = {who: client for who, client in clients_for(world).items() if who in WHO}
    routes = list(_routes_with_ids())
    requests = 0
    for key, route in routes:
        path = "/" + OTHER.sub("x", INT.sub(huge, route))
        for who, client in clients.items():
            methods = ("get", "post") if who != ANONYMOUS else ("get",)
            for method in methods:
                with transaction.atomic():
                    response = getattr(client, method)(path)
                    transaction.set_rollback(True)
                requests += 1
                if who == ANONYMOUS and response.status_code == 302:
                    continue
                assert response.status_code in (403, 404, 405), (
                    key,
                    path,
                    who,
                    method,
                    response.status_code,
                )
    report(f"URLs with an id {huge[:12]}…: {len(routes)} routes, {requests} requests")
    assert len(routes) >= 40
