"""Bad input (issue 5, QUALITY_BARS.md "Bad input"): hypothesis over the forms
of the registry, meetings and audit apps, posted through the test client by a
user whose role may use them, and over the main services called directly with
generated text, dates and numbers; at least 200 examples each.

Every form is also posted its valid body with each field in turn set to each of
``EXTREME`` (issue 10.5: ids with signs, underscores or beyond 64 bits, and
9999-12-31, 0001-01-01 and 1899-12-31). A form may refuse (its page again with
errors, 400, 403, 404), never answer 500;
where it accepts and redirects, the page it redirects to is fetched too, so
that what was stored cannot break a page later. A service raises
ValidationError or PermissionDenied, nothing else.

The forms: the registry's case registration, document registration (with a
file), revision, confidentiality marking and case assignment; the meetings'
planning, opening, agenda item, roll-call vote, statement writing and notice
of approval; the auditor's history filter and export, and the record-history
URL. The services: registering a case and a document, revising, marking,
planning a meeting, proposing a resolution, recording a motion, writing a
statement, correcting minutes, preparing a referral, asking for an extension
and creating a person.
"""

import datetime
import string
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casework.directory import services as directory
from casework.directory.models import Organisation, Person, User
from casework.meetings.models import Meeting, ProposedResolution, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import proceedings
from casework.meetings.services import statements as statement_services
from casework.referrals import services as referral_services
from casework.registry import services as registry
from casework.registry.models import Document, Register
from tests.security.conftest import clients_for, person, report

pytestmark = pytest.mark.django_db

EXAMPLES = 200
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIGURES = Counter()
TODAY = datetime.date.today().isoformat()
LATER = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
ONE_DAY = datetime.timedelta(days=1)

# --- what is generated ---------------------------------------------------------------

# Ids no row can have (issue 10.5): beyond a signed 64-bit column, with a sign
# or with the underscores Python's int() accepts.
EXTREME_IDS = [
    "+99999999999999999999",
    "9_999_999_999_999_999_999",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "+1",
    "-1",
    "1_0",
]
# Days at the ends of the calendar and just before 1900 (issue 10.5).
EXTREME_DATES = ["9999-12-31", "0001-01-01", "1899-12-31"]
EXTREME = [*EXTREME_IDS, *EXTREME_DATES, "9999-12-31T23:59", "1899-12-31T10:00"]

ODD = [
    *EXTREME,
    "",
    " ",
    "\x00",
    "\x00abc",
    "a" * 5000,
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "None",
    "[]",
    "2024-02-30",
    "31/12/2024",
    "2024-13-01",
    "0001-01-01T00:00",
    "2024-03-31T02:30",
    "<script>alert(1)</script>",
    "'; DROP TABLE registry_case; --",
    "../../etc/passwd",
    "\u202e\ufeff\u200b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
    "ÅÄÖ åäö",
]
odd = st.sampled_from(ODD)
texts = st.one_of(st.text(max_size=300), odd)
dates = st.one_of(
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date.today()).map(
        datetime.date.isoformat
    ),
    st.dates().map(datetime.date.isoformat),
    odd,
)
datetimes = st.one_of(
    st.datetimes(min_value=datetime.datetime(1, 1, 2)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M")
    ),
    odd,
)
provisions = st.from_regex(r"OSL \d{1,3} kap\. \d{1,3} [a-c]? ?§", fullmatch=True)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str), odd, st.text(max_size=8)
)


def one_of_or_junk(values):
    values = [str(v) for v in values]
    return st.one_of(st.sampled_from(values), numbers) if values else numbers


def some_of(values):
    return st.lists(one_of_or_junk(values), max_size=4)


def optional(strategy):
    """The field, or no field at all."""
    return st.one_of(strategy, st.none())


def body(**fields):
    """A POST body: each field generated, or left out."""
    return st.fixed_dictionaries({name: optional(s) for name, s in fields.items()}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def fresh(obj):
    """The object as the database has it now (a test before may have changed
    the copy the world holds, and been rolled back)."""
    return type(obj)._default_manager.get(pk=obj.pk)


@st.composite
def mutated(draw, base: dict, fields: dict):
    """A valid body with up to three fields replaced by generated values or
    left out."""
    data = dict(base)
    for name in draw(st.sets(st.sampled_from(sorted(fields)), max_size=3)):
        value = draw(optional(fields[name]))
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def extreme_bodies(base: dict, names) -> list[dict]:
    """The valid body with each field in turn set to each extreme value."""
    return [{**base, name: value} for name in sorted(names) for value in EXTREME]


def form_bodies(base: dict, **fields):
    """Mostly valid bodies with a few fields changed, and wholly generated ones;
    ``fuzz_form`` also posts every one of ``extreme_bodies``."""
    strategy = st.one_of(mutated(base, fields), body(**fields))
    strategy.extremes = extreme_bodies(base, fields)
    return strategy


def pks(queryset):
    return list(queryset.values_list("pk", flat=True)[:20])


# --- running an example ---------------------------------------------------------------


def request(client, method, url, data):
    """The request and, after a redirect into the application, the page it
    leads to; both in a savepoint rolled back afterwards. A 500 raises."""
    with transaction.atomic():
        get = method == "GET"
        response = client.get(url, data) if get else client.post(url, data)
        statuses = [response.status_code]
        if response.status_code in (301, 302):
            path = urlsplit(response["Location"]).path
            try:
                resolve(path)
            except Resolver404:
                pass
            else:
                statuses.append(client.get(response["Location"]).status_code)
        transaction.set_rollback(True)
    assert all(status < 500 for status in statuses), (url, data, statuses)
    return statuses


def fuzz_form(
    name, client, url, strategy, method="POST", known_bug=None, extremes=None
):
    """Every extreme body (``extremes``, or those ``form_bodies`` made) and at
    least ``EXAMPLES`` generated ones. ``known_bug(data)``: the examples that
    hit a bug proved by an xfail test of its own, left out here so that the rest
    is still checked."""
    extremes = getattr(strategy, "extremes", []) if extremes is None else extremes
    for data in extremes:
        request(client, method, url, data)
    FIGURES[f"{name} extremes"] = len(extremes)

    @FUZZ
    @given(data=strategy)
    def run(data):
        assume(known_bug is None or not known_bug(data))
        FIGURES[f"{name} examples"] += 1
        statuses = request(client, method, url, data)
        FIGURES[f"{name} accepted"] += statuses[0] in (301, 302)

    run()
    report(
        f"fuzz {name}: {FIGURES[f'{name} extremes']} extreme values, "
        f"{FIGURES[f'{name} examples']} examples, "
        f"{FIGURES[f'{name} accepted']} accepted, 0 server errors"
    )
    assert FIGURES[f"{name} examples"] >= EXAMPLES


def fuzz_service(name, call, strategy):
    @FUZZ
    @given(arguments=strategy)
    def run(arguments):
        FIGURES[f"{name} examples"] += 1
        with transaction.atomic():
            try:
                call(**arguments)
            except (ValidationError, PermissionDenied):
                FIGURES[f"{name} refused"] += 1
            else:
                FIGURES[f"{name} accepted"] += 1
            transaction.set_rollback(True)

    run()
    report(
        f"fuzz service {name}: {FIGURES[f'{name} examples']} examples, "
        f"{FIGURES[f'{name} refused']} refused, {FIGURES[f'{name} accepted']} "
        "accepted, 0 other exceptions"
    )
    assert FIGURES[f"{name} examples"] >= EXAMPLES


@pytest.fixture
def clients(world):
    return clients_for(world)


# --- the registry's forms ---------------------------------------------------------------

files = st.one_of(
    st.none(),
    st.builds(
        lambda name, content: SimpleUploadedFile(name, content),
        st.one_of(
            st.sampled_from(
                ["a.txt", "a.pdf", "a.exe", "a.txt.exe", "../../a.txt", ".txt", "a"]
            ),
            st.text(min_size=1, max_size=40).map(
                lambda t: t.replace("\x00", "") + ".txt"
            ),
        ),
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from([b"%PDF-1.4", b"MZ\x90\x00", b"#!/bin/sh", b"hej"]),
        ),
    ),
)


def test_fuzz_case_registration(world, clients):
    fuzz_form(
        "registry:case_create",
        clients["registrator"],
        reverse("registry:case_create"),
        form_bodies(
            {
                "register": Register.objects.get(code="ks").pk,
                "classification": "106",
                "title": "Fuzz",
                "registered_on": TODAY,
            },
            register=one_of_or_junk(pks(Register.objects.all())),
            classification=texts,
            title=texts,
            case_officer=one_of_or_junk(pks(User.objects.all())),
            registered_on=dates,
        ),
    )


def test_fuzz_document_registration(world, clients):
    bodies = form_bodies(
        {
            "direction": "incoming",
            "kind": "other",
            "dated": TODAY,
            "counterpart": "Fuzz",
            "public_description": "Fuzz",
            "title": "Fuzz",
        },
        direction=one_of_or_junk(Document.Direction.values),
        kind=one_of_or_junk(Document.Kind.values),
        dated=dates,
        counterpart=texts,
        public_description=texts,
        protected_description=texts,
        title=texts,
        body=texts,
    )
    strategy = st.tuples(bodies, files).map(
        lambda pair: {**pair[0], **({"upload": pair[1]} if pair[1] else {})}
    )
    fuzz_form(
        "registry:document_create",
        clients["karin.dhakal"],
        reverse("registry:document_create", args=[world.t_case.pk]),
        strategy,
        extremes=bodies.extremes,
    )


def test_fuzz_document_revision(world, clients):
    fuzz_form(
        "registry:document_revise",
        clients["karin.dhakal"],
        reverse("registry:document_revise", args=[world.t_draft.pk]),
        form_bodies(
            {"title": "Fuzz", "body": "Fuzz", "reason": "Fuzz"},
            title=texts,
            body=texts,
            reason=texts,
        ),
    )


def test_fuzz_confidentiality_marking(world, clients):
    fuzz_form(
        "registry:document_mark_confidential",
        clients["jonas.eliasson"],
        reverse("registry:document_mark_confidential", args=[world.t_conf.pk]),
        form_bodies(
            {
                "provision": "OSL 21 kap. 3 §",
                "marked_on": TODAY,
                "authority": Organisation.objects.get(code="trn").pk,
            },
            provision=st.one_of(texts, provisions),
            marked_on=dates,
            authority=one_of_or_junk(
                pks(Organisation.objects.filter(code__in=["trn", "tk", "expn"]))
            ),
            note=texts,
        ),
    )


def test_fuzz_case_assignment(world, clients):
    fuzz_form(
        "registry:case_assign",
        clients["jonas.eliasson"],
        reverse("registry:case_assign", args=[world.t_case.pk]),
        form_bodies(
            {"officer": world.users["karin.dhakal"].pk, "reason": "Fuzz"},
            officer=one_of_or_junk(pks(User.objects.all())),
            reason=texts,
        ),
    )


# --- the meetings' forms ----------------------------------------------------------------


def test_fuzz_meeting_planning(world, clients):
    fuzz_form(
        "meetings:meeting_create",
        clients["sekreterare.trn"],
        reverse("meetings:meeting_create"),
        form_bodies(
            {
                "organisation": Organisation.objects.get(code="trn").pk,
                "held_on": LATER,
                "place": "Fuzz",
            },
            organisation=one_of_or_junk(pks(Organisation.objects.all())),
            held_on=dates,
            place=texts,
            chair=one_of_or_junk(pks(Person.objects.all())),
        ),
    )


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_meeting_at_the_ends_of_the_calendar_is_refused_with_a_reason(
    world, clients, day
):
    """Deadlines are counted from the meeting: a day whose deadlines the
    calendar cannot hold is refused on the form, and no page breaks."""
    client = clients["sekreterare.trn"]
    trn = Organisation.objects.get(code="trn")
    with transaction.atomic():
        before = Meeting.objects.count()
        response = client.post(
            reverse("meetings:meeting_create"), {"organisation": trn.pk, "held_on": day}
        )
        assert response.status_code == 200
        errors = response.context["form"].errors.as_data()
        assert [e.code for e in errors["held_on"]] == ["day_out_of_range"]
        assert Meeting.objects.count() == before
        statuses = [
            clients[user].get(reverse("meetings:meeting_list")).status_code
            for user in ("sekreterare.trn", "karin.dhakal")
        ]
        transaction.set_rollback(True)
    assert statuses == [200, 200]


def test_fuzz_meeting_opening(world, clients):
    fuzz_form(
        "meetings:meeting_open",
        clients["sekreterare.trn"],
        reverse("meetings:meeting_open", args=[world.m_taken.pk]),
        form_bodies(
            {
                "minutes_checkers": [person("Alva Demoberg").pk],
                "approval_due_at": f"{world.m_taken.held_on + ONE_DAY:%Y-%m-%d}T10:00",
            },
            minutes_checkers=some_of(
                world.m_taken.participants.values_list("person_id", flat=True)
            ),
            approval_due_at=datetimes,
        ),
    )


def test_fuzz_agenda_item(world, clients):
    fuzz_form(
        "meetings:item_create",
        clients["sekreterare.trn"],
        reverse("meetings:item_create", args=[world.m_live.pk]),
        form_bodies(
            {
                "case": world.t_case.pk,
                "title": "Fuzz",
                "source": "officer_report",
                "clauses": "Fuzz",
            },
            case=one_of_or_junk([world.t_case.pk, world.ks_case.pk]),
            title=texts,
            proposal=one_of_or_junk(pks(ProposedResolution.objects.all())),
            source=one_of_or_junk(ProposedResolution.Source.values),
            introduction=texts,
            clauses=texts,
            is_public=st.sampled_from(["on", "", "x"]),
            appealable=st.sampled_from(["on", "", "x"]),
        ),
    )


def test_fuzz_roll_call_vote(world, clients):
    item = fresh(world.item_pending)
    meeting_services.open_item(
        item=item, actor=world.users["sekreterare.trn"], reason="fuzz"
    )
    voters = list(item.meeting.participants.values_list("pk", flat=True))
    ballots = st.fixed_dictionaries(
        {
            f"ballot_{pk}": st.one_of(st.sampled_from(["yes", "no", "abstain"]), odd)
            for pk in voters
        }
    )
    valid = {f"ballot_{pk}": "yes" for pk in voters}
    base = {"question": "Fuzz", "yes_means": "Ja", "no_means": "Nej", **valid}
    strategy = st.one_of(
        mutated(
            base,
            {"question": texts, "yes_means": texts, **dict.fromkeys(valid, odd)},
        ),
        st.tuples(body(question=texts, yes_means=texts, no_means=texts), ballots).map(
            lambda pair: {**pair[0], **pair[1]}
        ),
    )
    fuzz_form(
        "meetings:vote_create",
        clients["sekreterare.trn"],
        reverse("meetings:vote_create", args=[item.pk]),
        strategy,
        extremes=extreme_bodies(base, [*base, "motions"]),
    )


def test_fuzz_statement_writing(world, clients):
    draft = world.statements["a", "MP"]
    fuzz_form(
        "meetings:statement_write",
        clients["partisekreterare.mp"],
        reverse("meetings:statement_write", args=[draft.pk]),
        form_bodies(
            {"text": "Fuzz"},
            introduction=texts,
            clauses=texts,
            text=texts,
            refers_to=one_of_or_junk(pks(Statement.objects.all())),
        ),
    )


def test_fuzz_notice_of_approval(world, clients):
    fuzz_form(
        "meetings:notice_create",
        clients["sekreterare.trn"],
        reverse("meetings:notice_create", args=[world.m_done.pk]),
        form_bodies(
            {"posted_on": TODAY, "minutes_kept_at": "Fuzz"},
            posted_on=dates,
            minutes_kept_at=texts,
        ),
    )


# --- the auditor's forms ----------------------------------------------------------------

HISTORY_FILTER = {
    "record": one_of_or_junk(["case", "document", "statement", "decision", "minutes"]),
    "user": numbers,
    "organisation": numbers,
    "since": dates,
    "until": dates,
    "page": numbers,
}
history_filter = body(**HISTORY_FILTER)
history_extremes = extreme_bodies({"record": "case"}, HISTORY_FILTER)


def test_fuzz_history_filter(world, clients):
    fuzz_form(
        "audit:history",
        clients["revisor"],
        reverse("audit:history"),
        history_filter,
        method="GET",
        extremes=history_extremes,
    )


def test_fuzz_history_export(world, clients):
    client = clients["revisor"]
    for data in history_extremes:
        url = reverse("audit:history_export", args=["csv"]) + "?" + urlencode(data)
        request(client, "GET", url, None)

    @FUZZ
    @given(fmt=st.sampled_from(["csv", "json"]), data=history_filter)
    def run(fmt, data):
        FIGURES["audit:history_export examples"] += 1
        url = reverse("audit:history_export", args=[fmt]) + "?" + urlencode(data)
        request(client, "GET", url, None)

    run()
    report(
        f"fuzz audit:history_export: {FIGURES['audit:history_export examples']} "
        "examples, 0 server errors"
    )
    assert FIGURES["audit:history_export examples"] >= EXAMPLES


def test_fuzz_record_history_url(world, clients):
    client = clients["revisor"]
    slugs = st.one_of(
        st.sampled_from(["case", "document", "statement", "decision", "minutes"]),
        st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1),
    )

    @FUZZ
    @given(record=slugs, pk=st.integers(min_value=0, max_value=2**80))
    def run(record, pk):
        FIGURES["audit:record_history examples"] += 1
        request(client, "GET", f"/granskning/historik/{record}/{pk}/", None)

    run()
    report(
        f"fuzz audit:record_history: {FIGURES['audit:record_history examples']} "
        "examples, 0 server errors"
    )
    assert FIGURES["audit:record_history examples"] >= EXAMPLES


# --- the services ---------------------------------------------------------------------

# Text reaches a service through a form, whose fields refuse NUL (PostgreSQL
# could not store it); everything else is generated.
service_texts = st.one_of(
    st.text(
        alphabet=st.characters(
            blacklist_characters="\x00", blacklist_categories=["Cs"]
        ),
        max_size=600,
    ),
    st.sampled_from([t for t in ODD if "\x00" not in t]),
)
service_dates = st.one_of(
    st.dates(max_value=datetime.date.today()),
    st.dates(),
    st.none(),
    st.just(datetime.date.max),
)


def test_fuzz_registry_services(world):
    tk_registrar, karin = world.staff.tk_registrar, world.users["karin.dhakal"]
    tk = Register.objects.get(code="tk")
    fuzz_service(
        "register_case",
        lambda **a: registry.register_case(register=tk, actor=tk_registrar, **a),
        st.fixed_dictionaries(
            {
                "title": service_texts,
                "classification": service_texts,
                "registered_on": service_dates,
                "reason": service_texts.filter(bool),
            }
        ),
    )
    fuzz_service(
        "register_document",
        lambda **a: registry.register_document(
            case=fresh(world.t_case), actor=karin, reason="fuzz", **a
        ),
        st.fixed_dictionaries(
            {
                "direction": st.one_of(st.sampled_from(Document.Direction.values), odd),
                "kind": st.one_of(st.sampled_from(Document.Kind.values), odd),
                "title": service_texts,
                "public_description": service_texts,
                "counterpart": service_texts,
                "protected_description": service_texts,
                "body": service_texts,
                "dated": service_dates,
            }
        ),
    )
    fuzz_service(
        "revise_document",
        lambda **a: registry.revise_document(
            document=fresh(world.t_draft), actor=karin, **a
        ),
        st.fixed_dictionaries(
            {
                "title": service_texts,
                "body": service_texts,
                "reason": service_texts.filter(bool),
            }
        ),
    )
    fuzz_service(
        "mark_confidential",
        lambda **a: registry.mark_confidential(
            document=fresh(world.t_conf),
            authority=Organisation.objects.get(code="trn"),
            actor=world.users["jonas.eliasson"],
            reason="fuzz",
            **a,
        ),
        st.fixed_dictionaries(
            {
                "provision": st.one_of(service_texts, provisions),
                "marked_on": service_dates,
                "note": service_texts,
            }
        ),
    )


def test_fuzz_meeting_services(world):
    secretary = world.users["sekreterare.trn"]
    trn = Organisation.objects.get(code="trn")
    fuzz_service(
        "plan_meeting",
        lambda **a: meeting_services.plan_meeting(
            organisation=trn, actor=secretary, reason="fuzz", **a
        ),
        st.fixed_dictionaries(
            {"held_on": st.dates(min_value=datetime.date(1, 1, 1)), "place": texts}
        ),
    )
    fuzz_service(
        "propose_resolution",
        lambda **a: proceedings.propose_resolution(
            case=fresh(world.t_case), actor=secretary, reason="fuzz", **a
        ),
        st.fixed_dictionaries(
            {
                "source": st.one_of(
                    st.sampled_from(ProposedResolution.Source.values), odd
                ),
                "clauses": st.lists(service_texts, max_size=5),
                "introduction": service_texts,
            }
        ),
    )
    item = fresh(world.item_pending)
    meeting_services.open_item(item=item, actor=secretary, reason="fuzz")
    mover = item.meeting.participants.first()
    fuzz_service(
        "put_forward_motion",
        lambda **a: proceedings.put_forward_motion(
            item=fresh(item), mover=mover, actor=secretary, reason="fuzz", **a
        ),
        st.fixed_dictionaries({"text": service_texts}),
    )
    draft = world.statements["a", "MP"]
    fuzz_service(
        "write_statement",
        lambda **a: statement_services.write_statement(
            statement=fresh(draft),
            actor=world.users["partisekreterare.mp"],
            reason="fuzz",
            **a,
        ),
        st.fixed_dictionaries(
            {
                "introduction": service_texts,
                "text": service_texts,
                "clauses": st.lists(service_texts, max_size=5),
            }
        ),
    )
    minutes = fresh(world.m_done).minutes
    fuzz_service(
        "correct_minutes",
        lambda **a: minutes_services.correct_minutes(
            minutes=fresh(minutes), actor=secretary, reason="fuzz", **a
        ),
        st.fixed_dictionaries({"content": service_texts, "note": service_texts}),
    )


def test_fuzz_referral_and_directory_services(world):
    officer = world.staff.slk_officer
    recipients = list(Organisation.objects.filter(code__in=["trn", "expn", "sbn"]))
    fuzz_service(
        "prepare_referral",
        lambda **a: referral_services.prepare_referral(
            case=fresh(world.ks_case), actor=officer, reason="fuzz", **a
        ),
        st.fixed_dictionaries(
            {
                "question": service_texts,
                "response_deadline": st.one_of(
                    st.dates(min_value=timezone.localdate()), st.none()
                ),
                "recipients": st.lists(st.sampled_from(recipients), unique=True),
                "reminder_offsets": st.one_of(
                    st.none(), st.lists(st.integers(-400, 400), max_size=4)
                ),
            }
        ),
    )
    recipient = world.e_recipient
    fuzz_service(
        "request_extension",
        lambda **a: referral_services.request_extension(
            recipient=fresh(recipient),
            actor=world.staff.expk_registrar,
            reason="fuzz",
            **a,
        ),
        st.fixed_dictionaries(
            {
                "requested_until": st.dates(min_value=datetime.date(1, 1, 1)),
                "reason_given": service_texts,
            }
        ),
    )
    fuzz_service(
        "create_person",
        lambda **a: directory.create_person(
            actor=world.users["registrator"], reason="fuzz", **a
        ),
        st.fixed_dictionaries(
            {
                "first_name": service_texts,
                "last_name": service_texts,
                "title": service_texts,
                "phone": service_texts,
            }
        ),
    )
