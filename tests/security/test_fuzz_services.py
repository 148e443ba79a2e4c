"""Bad input for every service (issue 5, QUALITY_BARS.md "Bad input"): each
public function of the service modules that acts for a user (it takes
``actor``) is called directly, at least 200 times, with arguments hypothesis
draws from its signature: generated and odd text (and every choice value the
models know), dates and times across the whole calendar and times of day, numbers, flags, lists,
and records of the right model taken from the demo and the world — the one the
call is meant for and ones it is not — acted by every kind of user.

A service may refuse (ValidationError or PermissionDenied), never raise
anything else. Text never carries NUL: Django's form fields refuse it before any
service sees it (and PostgreSQL could not store it).

``test_every_service_is_fuzzed`` fails when a service module gains a function
that the signature cannot describe (a parameter without an annotation and
without an entry in ``BY_NAME``).
"""

import datetime
import importlib
import importlib.util
import inspect
import pkgutil
import types
import typing
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from hypothesis import given
from hypothesis import strategies as st

import casework
from casework.directory.models import Organisation, Person, User
from casework.meetings import rendering
from casework.meetings.models import (
    AgendaItem,
    Memorandum,
    MotionRefusal,
    Participant,
    ProposedResolution,
)
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes, paragraphs, procedure, proceedings
from casework.registry.models import Case, Document
from tests.security.conftest import report
from tests.security.test_fuzz import EXAMPLES, FUZZ, ODD

pytestmark = pytest.mark.django_db


def service_modules() -> list[str]:
    """Every ``services`` module or package module of the apps, and the
    referrals' memoranda."""
    found = ["casework.referrals.memoranda"]
    apps_dir = Path(casework.__file__).parent
    for app in sorted(p.name for p in apps_dir.iterdir() if p.is_dir()):
        name = f"casework.{app}.services"
        if not (apps_dir / app / "__init__.py").exists():
            continue
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        found.append(name)
        if hasattr(module, "__path__"):
            found += [
                f"{name}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
            ]
    return sorted(found)


SERVICE_MODULES = service_modules()
FIGURES = Counter()


def services() -> dict:
    """``module.function`` → function, for every service that acts for a user."""
    found = {}
    for name in SERVICE_MODULES:
        module = importlib.import_module(name)
        for attr, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != name or attr.startswith("_"):
                continue
            if "actor" in inspect.signature(function).parameters:
                found[f"{name.rsplit('.', 1)[1]}.{attr}"] = function
    return found


SERVICES = services()

# --- what is generated --------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A record drawn for an argument, fetched afresh for each call (a call
    before may have changed the copy, and been rolled back)."""

    model: type
    pk: int


def resolve(value):
    if isinstance(value, Ref):
        return value.model._default_manager.get(pk=value.pk)
    if isinstance(value, list):
        return [resolve(v) for v in value]
    if isinstance(value, dict):
        return {resolve(k): resolve(v) for k, v in value.items()}
    return value


def records(model) -> st.SearchStrategy:
    """A few of the oldest and the newest records of ``model``: the demo's and
    those the world added last."""

    def pool():
        manager = model._default_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True)[:6])
        pks += list(manager.order_by("-pk").values_list("pk", flat=True)[:10])
        assert pks, f"no {model.__name__} to draw from"
        return st.sampled_from(sorted(set(pks))).map(lambda pk: Ref(model, pk))

    return st.deferred(pool)


def choice_values() -> list[str]:
    """Every value of every field with choices in the project's models."""
    values = set()
    for model in apps.get_models():
        if not model.__module__.startswith("casework."):
            continue
        for field in model._meta.concrete_fields:
            for value, _label in field.flatchoices or ():
                if isinstance(value, str):
                    values.add(value)
    return sorted(values)


def texts() -> st.SearchStrategy:
    no_nul = st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])
    return st.one_of(
        st.text(alphabet=no_nul, max_size=400),
        st.sampled_from([t for t in ODD if "\x00" not in t]),
        st.sampled_from(choice_values()),
    )


def dates() -> st.SearchStrategy:
    today = datetime.date.today()
    near = st.dates(
        today - datetime.timedelta(days=400), today + datetime.timedelta(400)
    )
    return st.one_of(
        near,
        st.dates(),
        st.sampled_from(
            [datetime.date.min, datetime.date(1899, 12, 31), datetime.date.max]
        ),
    )


def datetimes() -> st.SearchStrategy:
    now = datetime.datetime.now()
    utc = st.just(datetime.UTC)
    near = st.datetimes(
        now - datetime.timedelta(days=400), now + datetime.timedelta(400), timezones=utc
    )
    anywhere = st.datetimes(
        datetime.datetime(2, 1, 1), datetime.datetime(9998, 12, 31), timezones=utc
    )
    return st.one_of(near, anywhere)


def times() -> st.SearchStrategy:
    """Any time of day, the ends of the day and odd precision included."""
    return st.one_of(
        st.times(), st.sampled_from([datetime.time.min, datetime.time.max])
    )


uploads = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["a.txt", "a.pdf", "a.exe", "../../a.txt", ".txt", "a", "å ä.txt"]),
    st.binary(max_size=200),
)


def strategy_for(annotation) -> st.SearchStrategy:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in arguments if a is not type(None)]
        return st.one_of(st.none(), *(strategy_for(a) for a in inner))
    if origin is list:
        return st.lists(strategy_for(arguments[0]), max_size=4)
    if origin is dict:
        key, value = arguments
        return st.dictionaries(strategy_for(key), strategy_for(value), max_size=4)
    if isinstance(annotation, type) and issubclass(annotation, models.Model):
        return records(annotation)
    simple = {
        str: texts,
        bool: st.booleans,
        int: lambda: st.integers(-(2**62), 2**62),
        datetime.datetime: datetimes,
        datetime.date: dates,
        datetime.time: times,
    }
    if annotation in simple:
        return simple[annotation]()
    raise LookupError(annotation)


def _organisation_fields():
    return st.fixed_dictionaries(
        {
            "code": texts(),
            "name": texts(),
            "kind": st.one_of(st.sampled_from(Organisation.Kind.values), texts()),
        },
        optional={
            "short_name": texts(),
            "serves": records(Organisation),
            "decides": st.booleans(),
        },
    )


# Parameters without an annotation: what they are (a service that gains one
# not named here fails ``test_every_service_is_fuzzed``).
BY_NAME = {
    "case": lambda: records(Case),
    "officer": lambda: records(User),
    "case_officer": lambda: st.one_of(st.none(), records(User)),
    "secretary": lambda: st.one_of(st.none(), records(User)),
    "rapporteur": lambda: records(Person),
    "proposal": lambda: st.one_of(st.none(), records(ProposedResolution)),
    "document": lambda: st.one_of(st.none(), records(Document)),
    "documents": lambda: st.lists(records(Document), max_size=3),
    "objectors": lambda: st.lists(records(Participant), max_size=2),
    "memorandum": lambda: records(Memorandum),
    "today": lambda: st.one_of(st.none(), dates()),
    "lifted_on": lambda: st.one_of(st.none(), dates()),
    "upload": lambda: uploads,
    "fields": _organisation_fields,
    "groups": lambda: st.lists(records(Group), max_size=2),
    "permissions": lambda: st.lists(
        st.one_of(
            st.sampled_from(["signin.unlock_login", "directory.view_user"]), texts()
        ),
        max_size=3,
    ),
}


def actors() -> st.SearchStrategy:
    """Every kind of user: the demo's personas, the staff the world added, the
    system user, and anyone else."""
    return records(User)


def arguments_for(function) -> st.SearchStrategy:
    required, optional = {}, {}
    keywords = None
    for parameter in inspect.signature(function).parameters.values():
        name = parameter.name
        if name == "actor":
            strategy = actors()
        elif name == "reason":
            strategy = texts().filter(bool)
        elif parameter.annotation is parameter.empty:
            strategy = BY_NAME[name]()
        else:
            strategy = strategy_for(parameter.annotation)
        if parameter.kind is parameter.VAR_KEYWORD:
            keywords = strategy
        elif parameter.default is parameter.empty:
            required[name] = strategy
        else:
            optional[name] = strategy
    fixed = st.fixed_dictionaries(required, optional=optional)
    if keywords is None:
        return fixed
    return st.tuples(fixed, keywords).map(lambda pair: {**pair[0], **pair[1]})


def _approve_a_paragraph(world):
    """A paragraph approved at the meeting, for its notice (in the test's
    transaction: its statements go into the minutes with it)."""
    item = AgendaItem.objects.get(pk=world.item_b.pk)
    paragraphs.approve_paragraph_at_meeting(
        item=item,
        digest=rendering.digest(minutes.paragraph_text(item)),
        actor=world.users["sekreterare.trn"],
        reason="fuzz",
    )


def _refuse_a_motion(world):
    """A motion the chair refused as unlawful, on the item being handled."""
    secretary = world.users["sekreterare.trn"]
    item = AgendaItem.objects.get(pk=world.item_pending.pk)
    meeting_services.open_item(item=item, actor=secretary, reason="fuzz")
    motion = proceedings.put_forward_motion(
        item=item,
        mover=item.meeting.participants.first(),
        text="Avslag",
        actor=secretary,
        reason="fuzz",
    )
    procedure.refuse_motion(
        motion=motion,
        ground=MotionRefusal.Ground.UNLAWFUL,
        actor=secretary,
        reason="fuzz",
    )


# What a service needs that the world does not keep.
SET_UP = {
    "paragraphs.post_paragraph_notice": _approve_a_paragraph,
    "procedure.overrule_refusal": _refuse_a_motion,
}

# --- the tests ----------------------------------------------------------------------


def test_every_service_is_fuzzed():
    """Every service's signature can be drawn from; none is left out."""
    described = {name: arguments_for(f) for name, f in SERVICES.items()}
    report(f"Services found in {len(SERVICE_MODULES)} modules: {len(described)}")
    assert len(described) > 60


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_fuzz_service(world, name):
    function = SERVICES[name]
    if name in SET_UP:
        SET_UP[name](world)

    @FUZZ
    @given(arguments=arguments_for(function))
    def run(arguments):
        FIGURES[f"{name} examples"] += 1
        with transaction.atomic():
            try:
                function(**resolve(arguments))
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
