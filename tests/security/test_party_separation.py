"""Party separation (issue 5, QUALITY_BARS.md "Party separation"; rules.md (d),
V1): each party secretary tries to read, edit, co-sign, hand in or announce
another party's statements, in draft, handed in and after approval of the
minutes, over HTTP and through the services.

The meeting in progress of trafiknämnden (tests/security/conftest.py) has, for
each of MP, V, S and M, one reservation in draft and one handed in; the demo's
approved minutes have more. A draft is its party's only; a handed-in statement
also the secretary's, the chair's and the checkers'; after approval everyone
reads it, and nobody changes it.
"""

from functools import partial

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from casework.directory.models import Party
from casework.meetings.models import Statement
from casework.meetings.services import statements as services
from tests.security.conftest import (
    PARTY_SECRETARIES,
    SIGNATORIES,
    STATEMENT_PLAN,
    clients_for,
    db_state,
    person,
    report,
)

pytestmark = pytest.mark.django_db

PARTIES = tuple(PARTY_SECRETARIES)


def in_savepoint(action):
    """Run ``action()`` in a savepoint rolled back afterwards; whether any table
    changed, and what it returned or raised."""
    with transaction.atomic():
        before = db_state()
        try:
            result = action()
        except Exception as error:  # noqa: BLE001 – the outcome is inspected
            result = error
        changed = db_state() != before
        transaction.set_rollback(True)
    return changed, result


def page(client, method, url, data=None):
    def request():
        if method == "GET":
            return client.get(url)
        return client.post(url, data or {})

    changed, response = in_savepoint(request)
    if isinstance(response, Exception):
        raise response
    return response, changed


def statements_of(world, party_code):
    """The party's statements in the meeting in progress, and in approved
    minutes (demo and the finished meeting)."""
    live = [world.statements[item, party_code] for item in STATEMENT_PLAN]
    approved = list(
        Statement.objects.filter(
            party__code=party_code, state=Statement.State.IN_MINUTES
        )
    )
    return live, approved


def participant(meeting, full_name):
    return meeting.participants.get(person=person(full_name))


class Tally:
    def __init__(self):
        self.attempts = 0
        self.violations = []

    def check(self, ok: bool, what: str):
        self.attempts += 1
        if not ok:
            self.violations.append(what)


def _own(code):
    return {(code, "draft"), (code, "submitted")}


_HANDED_IN = {(code, "submitted") for code in PARTIES}
# What each politician may read of the meeting in progress before approval:
# the signatory of a party's statements (SIGNATORIES) its drafts, the chair
# and the minutes checker every handed-in text (V1, rules.md (d)).
POLITICIAN_READERS = {
    "elin.demoberg": _own("MP"),
    "bengt.provsson": _own("S"),
    "gun.fiktivsson": _own("V"),
    "fredrik.demoberg": _own("M"),
    "moa.demoberg": _HANDED_IN,  # the chair (MP)
    "alva.demoberg": _HANDED_IN,  # the minutes checker (M)
    "cecilia.provsson": set(),  # a member of S who signs nothing
    "mona.provsson": set(),  # another committee's chair
    "hanna.exempelsson": set(),  # kommunstyrelsen's chair
}


@pytest.fixture
def clients(world):
    return clients_for(world)


def test_a_party_secretary_cannot_touch_another_partys_statements_over_http(
    world, clients
):
    tally = Tally()
    meeting = world.m_live
    for own in PARTIES:
        username = PARTY_SECRETARIES[own]
        client = clients[username]
        for other in PARTIES:
            if other == own:
                continue
            live, approved = statements_of(world, other)
            other_signatory = participant(meeting, SIGNATORIES[other])
            own_signatory = participant(meeting, SIGNATORIES[own])
            for statement in live + approved:
                public = statement.state == Statement.State.IN_MINUTES
                label = f"{username} on {other}'s {statement.state} #{statement.pk}"
                refused = {403, 404} if public else {404}
                if not public:
                    response, _ = page(
                        client,
                        "GET",
                        reverse("meetings:statement_detail", args=[statement.pk]),
                    )
                    tally.check(
                        response.status_code == 404,
                        f"{label}: read answered {response.status_code}",
                    )
                attempts = [
                    ("statement_write", {"text": "INTRANG", "clauses": "att INTRANG"}),
                    ("statement_cosign", {"participant": own_signatory.pk}),
                    ("statement_cosign", {"participant": other_signatory.pk}),
                    ("statement_submit", {}),
                ]
                for name, data in attempts:
                    url = reverse(f"meetings:{name}", args=[statement.pk])
                    for method in ("GET", "POST"):
                        response, changed = page(client, method, url, data)
                        tally.check(
                            response.status_code in refused and not changed,
                            f"{label}: {method} {name} answered "
                            f"{response.status_code}, changed={changed}",
                        )
                        assert b"INTRANG" not in response.content
    report(
        f"Party separation over HTTP: {tally.attempts} attempts, "
        f"{len(tally.violations)} violations"
    )
    for violation in tally.violations:
        print(f"  VIOLATION {violation}")
    assert not tally.violations


def test_a_party_secretary_cannot_act_for_another_party_through_the_services(world):
    tally = Tally()
    for own in PARTIES:
        actor = world.users[PARTY_SECRETARIES[own]]
        for other in PARTIES:
            if other == own:
                continue
            live, approved = statements_of(world, other)
            other_person = person(SIGNATORIES[other])
            calls = []
            for statement in live + approved:
                what = f"{other}'s {statement.state} #{statement.pk}"
                calls += [
                    (
                        f"write {what}",
                        partial(
                            services.write_statement,
                            statement=statement,
                            text="INTRANG",
                            actor=actor,
                            reason="x",
                        ),
                    ),
                    (
                        f"co-sign {what}",
                        partial(
                            services.co_sign,
                            statement=statement,
                            person=other_person,
                            actor=actor,
                            reason="x",
                        ),
                    ),
                    (
                        f"hand in {what}",
                        partial(
                            services.submit_statement,
                            statement=statement,
                            actor=actor,
                            reason="x",
                        ),
                    ),
                ]
            calls.append(
                (
                    f"announce for {other}",
                    partial(
                        services.announce_statement,
                        item=world.item_a,
                        kind=Statement.Kind.RESERVATION,
                        party=Party.objects.get(code=other),
                        signatories=[other_person],
                        actor=actor,
                        reason="x",
                    ),
                )
            )
            for what, call in calls:
                changed, result = in_savepoint(call)
                tally.check(
                    isinstance(result, PermissionDenied) and not changed,
                    f"{actor.username}: {what} gave {result!r}, changed={changed}",
                )
    report(
        f"Party separation through the services: {tally.attempts} attempts, "
        f"{len(tally.violations)} violations"
    )
    for violation in tally.violations:
        print(f"  VIOLATION {violation}")
    assert not tally.violations


def test_ids_of_another_party_swapped_into_a_party_secretarys_forms_are_refused(
    world, clients
):
    """Announcing for another party with its member as signatory, and
    referring the own draft to another party's draft."""
    tally = Tally()
    meeting = world.m_live
    announce = reverse("meetings:statement_announce", args=[world.item_a.pk])
    for own in PARTIES:
        username = PARTY_SECRETARIES[own]
        client = clients[username]
        own_draft = next(
            world.statements[item, own]
            for item, plan in STATEMENT_PLAN.items()
            if plan[own] == "draft"
        )
        write = reverse("meetings:statement_write", args=[own_draft.pk])
        # the controls: for their own party, and with a text of their own
        own_body = {
            "kind": Statement.Kind.RESERVATION,
            "party": Party.objects.get(code=own).pk,
            "signatories": [participant(meeting, SIGNATORIES[own]).pk],
        }
        response, changed = page(client, "POST", announce, own_body)
        assert (response.status_code, changed) == (302, True), username
        response, changed = page(client, "POST", write, {"text": "Egen text"})
        assert (response.status_code, changed) == (302, True), username
        for other in PARTIES:
            if other == own:
                continue
            body = {
                "kind": Statement.Kind.RESERVATION,
                "party": Party.objects.get(code=other).pk,
                "signatories": [participant(meeting, SIGNATORIES[other]).pk],
            }
            response, changed = page(client, "POST", announce, body)
            tally.check(
                response.status_code == 200 and not changed,
                f"{username} announced for {other}: {response.status_code}, "
                f"changed={changed}",
            )
            mixed = {**own_body, "signatories": body["signatories"]}
            response, changed = page(client, "POST", announce, mixed)
            tally.check(
                response.status_code == 200 and not changed,
                f"{username} announced with {other}'s member: "
                f"{response.status_code}, changed={changed}",
            )
            for statement in statements_of(world, other)[0]:
                response, changed = page(
                    client, "POST", write, {"refers_to": statement.pk}
                )
                tally.check(
                    response.status_code == 200 and not changed,
                    f"{username} referred to {other}'s {statement.state}: "
                    f"{response.status_code}, changed={changed}",
                )
                assert statement.marker.encode() not in response.content
    report(
        f"Party separation, swapped ids: {tally.attempts} attempts, "
        f"{len(tally.violations)} violations"
    )
    for violation in tally.violations:
        print(f"  VIOLATION {violation}")
    assert not tally.violations


def _pages(world):
    meeting, items = world.m_live, (world.item_a, world.item_b)
    return [
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:minutes_detail", args=[meeting.pk]),
        reverse("meetings:minutes_print", args=[meeting.pk]),
        reverse("meetings:meeting_list"),
        reverse("meetings:statement_workspace"),
        reverse("tasks:mine"),
        reverse("tasks:claimable"),
        *(reverse("meetings:item_detail", args=[item.pk]) for item in items),
        *(reverse("meetings:extract_detail", args=[item.pk]) for item in items),
        *(reverse("meetings:extract_print", args=[item.pk]) for item in items),
        *(reverse("meetings:statement_announce", args=[item.pk]) for item in items),
        *(
            reverse(f"meetings:statement_{name}", args=[s.pk])
            for s in world.statements.values()
            for name in ("detail", "write")
        ),
    ]


def test_the_meeting_pages_show_a_party_only_its_own_unapproved_texts(world, clients):
    """Every page of the meeting in progress as each party secretary: its own
    drafts and handed-in texts show; another party's never do. The secretary,
    a case officer and the auditor read no draft, and only the secretary a
    handed-in text (rules.md (d)). The politicians as well: a member reads
    the drafts of a statement they sign, the chair and the checker every
    handed-in text, and nobody else anything before approval."""
    tally = Tally()
    readers = {
        PARTY_SECRETARIES[code]: {
            (code, "draft"),
            (code, "submitted"),
        }
        for code in PARTIES
    }
    handed_in = {(code, "submitted") for code in PARTIES}
    readers["sekreterare.trn"] = handed_in
    readers["karin.dhakal"] = set()
    readers["revisor"] = set()
    readers.update(POLITICIAN_READERS)
    for username, may_read in readers.items():
        client = clients[username]
        seen = set()
        for url in _pages(world):
            response, _ = page(client, "GET", url)
            if response.status_code != 200:
                continue
            text = response.content.decode()
            for (item, code), statement in world.statements.items():
                state = STATEMENT_PLAN[item][code]
                if statement.marker in text:
                    seen.add((code, state))
                    tally.check(
                        (code, state) in may_read,
                        f"{username} reads {code}'s {state} on {url}",
                    )
                else:
                    tally.attempts += 1
        # the control: each party sees its own texts somewhere
        assert may_read <= seen, (username, may_read - seen)
    report(
        f"Party separation on the meeting pages: {tally.attempts} checks, "
        f"{len(tally.violations)} violations"
    )
    for violation in tally.violations:
        print(f"  VIOLATION {violation}")
    assert not tally.violations


def test_the_auditor_reads_no_partys_draft_in_the_history(world, clients):
    client = clients["revisor"]
    drafts = [
        s
        for (item, code), s in world.statements.items()
        if STATEMENT_PLAN[item][code] == "draft"
    ]
    urls = [reverse("audit:record_history", args=["statement", s.pk]) for s in drafts]
    urls += [
        reverse("audit:history") + "?record=statement",
        reverse("audit:history_export", args=["csv"]) + "?record=statement",
        reverse("audit:history_export", args=["json"]) + "?record=statement",
    ]
    violations = []
    for url in urls:
        response, _ = page(client, "GET", url)
        text = response.content.decode()
        violations += [f"{url} shows {s.marker}" for s in drafts if s.marker in text]
    report(f"The auditor's history: {len(violations)} drafts shown")
    for violation in violations[:10]:
        print(f"  VIOLATION {violation}")
    assert not violations
