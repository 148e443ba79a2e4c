"""The demo's history, read by every demo user who may see it, is Swedish (R83).

Every page that shows history is rendered from ``load_demo``: each case's page
for each demo user who may see the case, and the auditor's record history,
history list and decision timeline. Every reason shown is the Swedish text of a
reason the code records or a reason someone typed; every person is a name with
a username; no state shows its stored value.
"""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from casework.audit.reasons import KNOWN
from casework.audit.records import AUDITED
from casework.directory.models import User
from casework.registry import services as registry
from casework.registry.models import Case
from permissions import rules

pytestmark = pytest.mark.django_db


def _a_case_registered_and_assigned():
    """The demo registrar registers a case and assigns its officer, so that the
    history holds reasons the code records and a change of state."""
    registrar = User.objects.get(username="registrator")
    register = rules.registers_for_registrar(registrar).first()
    case = registry.register_case(
        register=register,
        title="Ärende för historikprovet",
        classification="106",
        actor=registrar,
    )
    officer = (
        rules.case_officers_for(register.organisation)
        .exclude(first_name="")
        .order_by("username")
        .first()
    )
    registry.assign_case_officer(
        case=case, officer=officer, actor=registrar, reason="case officer assigned"
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        _a_case_registered_and_assigned()
        yield
        transaction.set_rollback(True)


class Tables(HTMLParser):
    """Every table of a page as (column headers, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            headers, rows = self.tables[-1]
            if headers:
                rows.append(self._row)
            else:
                headers.extend(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def columns(html: str, *names: str) -> list[tuple[str, ...]]:
    """The cells under the named headers, from every table that has them all."""
    parser = Tables()
    parser.feed(html)
    found = []
    for headers, rows in parser.tables:
        if all(name in headers for name in names):
            index = [headers.index(name) for name in names]
            found += [tuple(row[i] for i in index) for row in rows if len(row) > 1]
    return found


def allowed_reasons() -> set[str]:
    typed = set()
    for model in AUDITED.values():
        typed |= set(model.history.values_list("history_change_reason", flat=True))
    return {gettext(r) for r in KNOWN} | (typed - KNOWN) | {"–"}


PERSON = re.compile(r".+ \([\w.@+-]+\)$")


def stored_states() -> set[str]:
    """Stored choice values that read differently from their Swedish label."""
    stored = set()
    for model in AUDITED.values():
        for field in model._meta.fields:
            for value, label in field.flatchoices or ():
                if isinstance(value, str) and value != str(label):
                    stored.add(value)
    return stored


def check(html: str, where: str) -> set[str]:
    """Assert the page's history reads in Swedish; the reasons it shows."""
    rows = columns(html, gettext("By"), gettext("Reason"))
    allowed = allowed_reasons()
    for by, reason in rows:
        assert reason in allowed, (where, reason)
        assert by == gettext("the system") or PERSON.match(by), (where, by)
    raw = stored_states()
    values = re.findall(r"<(?:del|ins)>([^<]*)</(?:del|ins)>", html)
    assert not raw & set(values), (where, raw & set(values))
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\bR\d{1,2}\b", text), (where, "rule number shown")
    return {reason for _by, reason in rows}


EXPECTED = {"registrering", "handläggare utsedd", "Demodata: Stockholms stad"}


def demo_users():
    return User.objects.filter(is_active=True).exclude(username="system")


def test_every_demo_user_reads_the_history_of_the_cases_they_see_in_swedish_R83(
    demo, client
):
    shown = set()
    with translation.override("sv"):
        for user in demo_users():
            client.force_login(user)
            for case in rules.cases_visible_to(user):
                page = client.get(case.get_absolute_url())
                assert page.status_code == 200
                shown |= check(page.content.decode(), f"{user} {case}")
    assert shown >= EXPECTED


def test_the_auditor_reads_every_history_page_of_the_demo_in_swedish_R83(demo, client):
    auditor = next(u for u in demo_users() if rules.can_audit(u))
    client.force_login(auditor)
    shown = set()
    with translation.override("sv"):
        for record in AUDITED:
            page = client.get("/granskning/historik/", {"record": record})
            shown |= check(page.content.decode(), record)
        states = set()
        for case in Case.objects.all():
            html = client.get(f"/granskning/historik/case/{case.pk}/").content.decode()
            shown |= check(html, str(case))
            states |= set(re.findall(r"<(?:del|ins)>([^<]*)<", html))
            timeline = client.get(f"/granskning/arenden/{case.pk}/tidslinje/")
            assert timeline.status_code == 200
            for (people,) in columns(timeline.content.decode(), gettext("People")):
                assert not re.fullmatch(r"[\d, ]+", people), (case, people)
    assert shown >= EXPECTED
    assert {"öppet", "pågående"} <= states
    assert any(PERSON.match(value) for value in states), "the new officer by name"
