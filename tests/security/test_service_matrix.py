"""The service × role matrix (issue 11): every public service function that
acts for a user (it takes ``actor``) checks the actor itself, whatever page
calls it.

Every service has a declaration in ``ALLOWED``: the users, among every demo
user and the system account that loads the data (``permissions.administration``),
who may carry out the act.
The call is built by ``tests.security.service_calls`` for an object of the
world in a state where the act is otherwise allowed. Each cell runs in a
savepoint that is rolled back. A user who may act must succeed; every other
user must be refused with ``PermissionDenied`` (or a ``ValidationError`` whose
code says the actor may not act, ``ACTOR_CODES``) and leave every table and
history table as it was. A service without a declaration fails
``test_every_service_is_declared``.

Two states are out of the world's reach (a council meeting; a board decision
on a referral's memorandum, approved): there the users who may act must pass
the actor check and meet the state rule named in ``REACHES``. A service that
does not yet ask who acts may be listed in ``KNOWN_GAPS``: its cells are
counted and shown, and the test fails once it is fixed, so that it leaves the
list.
"""

import contextlib
import datetime
import inspect
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import clock
from casework.directory.models import User
from tests.builders import error_codes
from tests.security.conftest import DEMO_USERS, db_state, report
from tests.security.service_calls import (
    BOARD,
    DIRECTORY,
    PUBLICITY,
    REFERRALS,
    REGISTRY,
)
from tests.security.service_calls_meetings import MEETINGS
from tests.security.test_fuzz_services import services

pytestmark = pytest.mark.django_db

MATRIX = "tjänstematris"
SYSTEM = "system"
ACTORS = [*DEMO_USERS, SYSTEM]
ALLOWED_OUTCOME, REFUSED_OUTCOME = "allowed", "refused"
# Refusals by ValidationError whose code means "not you" rather than "not now".
ACTOR_CODES: set[str] = set()


def qualified_services() -> dict:
    """``app.module.function`` → function, for every service that acts for a
    user (the fuzzing's list, named in full: two modules may share a name)."""
    found = {}
    for function in services().values():
        found[
            f"{function.__module__.removeprefix('casework.')}.{function.__name__}"
        ] = function
    return found


CALLS = {
    **DIRECTORY,
    **REGISTRY,
    **MEETINGS,
    **BOARD,
    **PUBLICITY,
    **REFERRALS,
}


def builder_for(name: str):
    """The builder of ``app.module.function``; a name two modules share is
    told apart as ``function@module``."""
    module, _dot, function = name.rpartition(".")
    qualified = f"{function}@{module.rpartition('.')[2]}"
    return CALLS.get(qualified) or CALLS.get(function)


SERVICES = qualified_services()
FIGURES = Counter()

# --- who may act ----------------------------------------------------------------------

SYS = {SYSTEM}
SEK_TRN = {"sekreterare.trn"}
SEK_EXPN = {"sekreterare.expn"}
SEK_KS = {"sekreterare.ks"}
SECRETARIES = SEK_TRN | SEK_EXPN | SEK_KS
REGISTRAR_TK = {"registrator.tk"}
KARIN, JONAS = {"karin.dhakal"}, {"jonas.eliasson"}
TK = REGISTRAR_TK | KARIN | JONAS  # trafikkontoret's staff on the case
TK_MARKERS = REGISTRAR_TK | JONAS  # registrars and heads (confidentiality)
EXPK = {"anders.hallberg", "ann-charlotte.bergqvist", "hakan.falk"}
EXPK |= {"registrator.expk"}
SLK = {"handlaggare.slk"}  # the referring office's officer
MP = {"partisekreterare.mp", "elin.demoberg"}  # MP's statement: secretary, signatory
SIGNERS = {"moa.demoberg", "alva.demoberg"}  # chair and checker of trafiknämnden
# case officers and heads anywhere: the referral flow marks overdue recipients
# as the referral's preparer
REFERRING_ROLES = KARIN | JONAS | EXPK - {"registrator.expk"} | SLK
REFERRING_ROLES |= {"handlaggare.sbk"}

DIRECTORY_SERVICES = {f"directory.services.{name}": SYS for name in DIRECTORY}
MEETING_SERVICES = {
    f"meetings.services.{module}.{name}": SEK_TRN
    for module, names in {
        "meetings": [
            "plan_meeting",
            "send_notice_of_meeting",
            "add_participant",
            "open_meeting",
            "record_attendance_change",
            "add_agenda_item",
            "open_item",
            "declare_disqualified",
            "declare_abstention",
            "decide",
            "postpone",
            "close_meeting",
        ],
        "minutes": [
            "draw_up_minutes",
            "correct_minutes",
            "post_notice",
            "end_appeal_window",
        ],
        "notices": ["take_down_notice"],
        "council": ["record_unanimous_consent"],
        "paragraphs": [
            "approve_paragraph_at_meeting",
            "post_paragraph_notice",
            "record_execution",
        ],
        "procedure": [
            "postpone_on_request",
            "refuse_motion",
            "overrule_refusal",
            "set_appeal_route",
            "record_dissent",
            "dispatch_decision",
        ],
        "proceedings": ["put_forward_motion", "record_vote"],
        "signing": ["record_paper_signature"],
        "delegation": [
            "record_delegated_decision",
            "draw_up_delegation_protocol",
            "post_delegation_notice",
        ],
        "delegation_order": ["save_point", "adopt_order"],
    }.items()
    for name in names
}
ALLOWED: dict[str, set[str]] = {
    **DIRECTORY_SERVICES,
    **MEETING_SERVICES,
    "meetings.services.notices.record_outage": SECRETARIES,
    "meetings.services.notices.end_outage": SECRETARIES,
    "meetings.services.minutes.file_extract": SEK_TRN | TK,
    "meetings.services.proceedings.propose_resolution": SEK_TRN | KARIN | JONAS,
    "meetings.services.proceedings.draw_up_memorandum": SEK_KS | SLK,
    "meetings.services.signing.sign_minutes": SIGNERS,
    "meetings.services.statements.announce_statement": SEK_TRN | MP | {"moa.demoberg"},
    "meetings.services.statements.co_sign": MP,
    "meetings.services.statements.lock_statements": SEK_TRN | SIGNERS,
    "meetings.services.statements.submit_statement": MP,
    "meetings.services.statements.write_statement": MP,
    "meetings.services.chair_decisions.record_chair_decision": SEK_EXPN,
    "meetings.services.chair_decisions.report_at_planned_meeting": SEK_EXPN,
    "meetings.services.council_motions.record_council_motion": SEK_KS | {"registrator"},
    "meetings.services.council_motions.report_preparation_state": SEK_KS
    | {"registrator"},
    "meetings.services.council_motions.strike_off_motion": SEK_KS | {"registrator"},
    "meetings.services.delegation_order.start_new_version": SEK_EXPN,
    "registry.services.create_register": SYS,
    "registry.services.register_case": REGISTRAR_TK | SYS,
    "registry.services.import_case": REGISTRAR_TK | SYS,
    "registry.services.update_case": REGISTRAR_TK | KARIN,
    "registry.services.assign_case_officer": TK_MARKERS | SYS,
    "registry.services.close_case": REGISTRAR_TK | SYS,
    "registry.services.link_cases": REGISTRAR_TK | KARIN | SYS,
    "registry.services.register_document": REGISTRAR_TK | KARIN | SYS,
    "registry.services.revise_document": REGISTRAR_TK | KARIN,
    "registry.services.add_attachment": REGISTRAR_TK | KARIN,
    "registry.services.copy_attachments": REGISTRAR_TK | KARIN,
    "registry.services.correct_registration": REGISTRAR_TK,
    "registry.services.make_official": REGISTRAR_TK | KARIN,
    # only staff handling the case's organisation mark, not the system (R65)
    "registry.services.mark_confidential": TK_MARKERS,
    "registry.services.lift_confidentiality": TK_MARKERS,
    "publicity.services.disclosure.create_masked_rendition": TK_MARKERS,
    "publicity.services.disclosure.mark_paragraph_secret": SEK_TRN,
    "publicity.services.disclosure.unmark_paragraph_secret": SEK_TRN,
    "publicity.services.disclosure.publish_document": TK_MARKERS,
    "publicity.services.disclosure.withdraw_publication": TK_MARKERS,
    "publicity.services.requests.assess_document": REGISTRAR_TK,
    "publicity.services.requests.answer_request": REGISTRAR_TK,
    "publicity.services.requests.ask_for_decision": REGISTRAR_TK,
    "publicity.services.requests.decide_refusal": REGISTRAR_TK,
    "referrals.services.prepare_referral": SLK,
    "referrals.services.add_recipient": SLK,
    "referrals.services.dispatch_referral": SLK,
    "referrals.services.receive_referral": REGISTRAR_TK,
    "referrals.services.receive_into_existing_case": REGISTRAR_TK,
    "referrals.services.request_extension": EXPK,
    "referrals.services.decide_extension": SLK,
    "referrals.services.decline_referral": EXPK,
    "referrals.services.record_progress": TK | SEK_TRN | SYS,
    "referrals.services.dispatch_response": TK,
    "referrals.services.give_up_waiting": SLK,
    "referrals.services.mark_overdue": REFERRING_ROLES | SYS,
    "referrals.services.send_due_reminders": SYS,
    "referrals.services.compile_answers": SLK,
    "referrals.memoranda.draw_up_memorandum": SLK,
    "referrals.memoranda.revise_memorandum": SLK,
    "referrals.memoranda.put_memorandum_on_agenda": SEK_KS,
    "referrals.memoranda.close_after_decision": SLK,
    "signin.services.unlock": {"it.forvaltare"},
}
# States the world cannot reach: who may act meets this state rule instead.
REACHES = {
    "meetings.services.procedure.overrule_refusal": "only_council_overrules",
    "meetings.services.council.record_unanimous_consent": "not_council_item",
    "referrals.memoranda.close_after_decision": "decision_not_approved",
}
# Services whose act waits for the clock to pass the last day of appeal
# (R29, R30): called this many days on; the builder runs today.
DAYS_ON = {
    "meetings.services.minutes.end_appeal_window": 60,
    "meetings.services.notices.take_down_notice": 60,
}
# Services that do not yet ask who acts. The registry's record-writing
# services now do; the flows that file into another organisation's case call
# their unchecked helpers after checking their own actor.
KNOWN_GAPS: set[str] = set()


# --- the cells ----------------------------------------------------------------------


def moment_for(name: str):
    """The clock of the call: the present, or ``DAYS_ON`` days on."""
    if name not in DAYS_ON:
        return contextlib.nullcontext()
    return clock.acting_at(timezone.now() + datetime.timedelta(days=DAYS_ON[name]))


def outcome_of(function, build, world, username, name="") -> tuple[str, bool]:
    """What ``username`` gets calling the service, and whether a refusal
    changed the database; everything rolled back after."""
    actor = world.users.get(username) or User.objects.get(username=SYSTEM)
    with transaction.atomic():
        arguments = build(world)
        before = db_state()
        try:
            with moment_for(name):
                function(actor=actor, **_with_reason(function, arguments))
        except PermissionDenied:
            outcome = REFUSED_OUTCOME
        except ValidationError as error:
            codes = error_codes(error)
            outcome = REFUSED_OUTCOME if codes & ACTOR_CODES else invalid(codes)
        else:
            outcome = ALLOWED_OUTCOME
        written = outcome != ALLOWED_OUTCOME and db_state() != before
        transaction.set_rollback(True)
    return outcome, written


def invalid(codes) -> str:
    return "invalid " + ",".join(sorted(codes))


def _with_reason(function, arguments: dict) -> dict:
    """The arguments, with the reason for a service that records one."""
    if "reason" in inspect.signature(function).parameters:
        return {**arguments, "reason": MATRIX}
    return arguments


def expected(name: str, username: str) -> str:
    if username not in ALLOWED[name]:
        return REFUSED_OUTCOME
    if name in REACHES:
        return invalid({REACHES[name]})
    return ALLOWED_OUTCOME


def mismatches_of(name: str, world) -> list[str]:
    """Every cell of the service whose outcome is not the declared one."""
    found = []
    for username in ACTORS:
        try:
            outcome, written = outcome_of(
                SERVICES[name], builder_for(name), world, username, name
            )
        except Exception as error:  # a builder or a service that broke
            FIGURES["cells"] += 1
            found.append(f"{name} {username}: {type(error).__name__}: {error}")
            continue
        FIGURES["cells"] += 1
        want = expected(name, username)
        if outcome != want or written:
            wrote = " and wrote" if written else ""
            found.append(f"{name} {username}: {outcome}{wrote}, expected {want}")
    return found


# --- the tests ----------------------------------------------------------------------


def test_every_service_is_declared():
    """A new service fails here until it is declared and has a builder."""
    report(f"Services that act for a user: {len(SERVICES)}")
    assert sorted(set(SERVICES) - set(ALLOWED)) == []
    assert sorted(set(ALLOWED) - set(SERVICES)) == []
    assert [name for name in SERVICES if builder_for(name) is None] == []
    assert all(ALLOWED[name] <= set(ACTORS) for name in ALLOWED)


def test_the_service_role_matrix(world):
    """Who may act succeeds, everyone else is refused and writes nothing."""
    mismatches, gaps_closed = [], []
    for name in sorted(SERVICES):
        found = mismatches_of(name, world)
        if name in KNOWN_GAPS:
            FIGURES["known gap cells"] += len(found)
            for line in found:
                print(f"  KNOWN GAP {line}")
            if not found:
                gaps_closed.append(name)
        else:
            mismatches += found
    FIGURES["mismatches"] = len(mismatches)
    report(
        f"service matrix: {len(SERVICES)} services x {len(ACTORS)} users = "
        f"{FIGURES['cells']} cells, {FIGURES['mismatches']} mismatches, "
        f"{len(KNOWN_GAPS)} services not yet asking who acts "
        f"({FIGURES['known gap cells']} cells)"
    )
    for line in mismatches:
        print(f"  MISMATCH {line}")
    assert mismatches == []
    assert gaps_closed == [], "these now ask who acts: take them off KNOWN_GAPS"
