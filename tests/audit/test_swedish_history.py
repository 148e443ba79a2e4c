"""History reads in Swedish (R83): reasons, people, states and exports.

Services store a stable English reason (kept unchanged in the database for the
tamper-evident chain); every page and export shows its Swedish translation. A
reason a user typed is shown as typed.
"""

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from casework.audit import records
from casework.audit.display import person, reason_text
from casework.audit.forms import HistoryFilterForm
from casework.audit.reasons import REASONS
from casework.registry import services as registry
from tests.builders import Role, make_staff

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SOURCES = ["casework", "workflows", "permissions"]


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" assignments."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _text(node, constants) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _defaults(node) -> list[tuple[str, ast.AST]]:
    arguments = node.args
    positional = arguments.posonlyargs + arguments.args
    pairs = list(zip(positional[::-1], arguments.defaults[::-1], strict=False))
    pairs += [
        (arg, default)
        for arg, default in zip(
            arguments.kwonlyargs, arguments.kw_defaults, strict=False
        )
        if default is not None
    ]
    return [(arg.arg, default) for arg, default in pairs]


def _reasons_in(tree: ast.Module) -> set[str]:
    constants = _constants(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "reason":
            found.append(_text(node.value, constants))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [_text(v, constants) for k, v in _defaults(node) if k == "reason"]
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                name = getattr(target, "id", getattr(target, "attr", ""))
                if name in ("default_reason", "_change_reason"):
                    found.append(_text(node.value, constants))
    return {text for text in found if text}


def stored_reasons() -> set[str]:
    """Every literal reason the code hands to a service or stores itself."""
    found = set()
    for directory in SOURCES:
        for path in (ROOT / directory).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found |= _reasons_in(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_a_stored_reason_reads_in_swedish_and_a_typed_one_as_typed_R83():
    with translation.override("sv"):
        assert reason_text("referral sent") == "remissen skickad"
        assert reason_text("registered") == "registrering"
        assert reason_text("felstavat") == "felstavat"
        assert reason_text("") == ""


def test_every_reason_the_code_stores_is_known_and_has_a_swedish_text_R83():
    found = stored_reasons()
    assert {"registered", "referral sent", "put on the agenda"} <= found
    assert not found - set(REASONS), "add these to casework/audit/reasons.py"
    with translation.override("sv"):
        untranslated = [r for r in REASONS if gettext(r) == r]
    assert not untranslated


def test_a_person_reads_as_name_with_username(registrar):
    assert person(registrar) == "Rolf Registrator (registrator)"
    assert person(None) == ""


def _assigned(ks_case, registrar, karin_at_ks):
    registry.assign_case_officer(
        case=ks_case,
        officer=karin_at_ks,
        actor=registrar,
        reason="case officer assigned",
    )
    return records.record_history(ks_case)


@pytest.fixture
def ks_officer(city):
    return make_staff(
        "hanna.handlaggare",
        Role.CASE_OFFICER,
        city.slk,
        first_name="Hanna",
        last_name="Handläggare",
    )


def test_a_state_change_and_a_new_officer_read_in_swedish_with_names_R83(
    ks_case, registrar, ks_officer
):
    with translation.override("sv"):
        created, assigned = _assigned(ks_case, registrar, ks_officer)
        changes = {c.field: (c.old, c.new) for c in assigned.changes}
        assert changes["Status"] == ("öppet", "pågående")
        assert changes["Handläggare"] == ("", "Hanna Handläggare (hanna.handlaggare)")
        assert assigned.user == "Rolf Registrator (registrator)"
        assert assigned.reason == "handläggare utsedd"
        assert assigned.label.startswith(ks_case.registration_number)


def test_the_csv_export_has_swedish_headers_and_values_R83(
    ks_case, registrar, ks_officer
):
    with translation.override("sv"):
        text = records.to_csv(_assigned(ks_case, registrar, ks_officer))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Post",
        "Nr",
        "Beteckning",
        "Tidpunkt",
        "Ändrad av",
        "Skäl",
        "Händelse",
        "Fält",
        "Före",
        "Efter",
    ]
    assert rows[1][0] == "Ärende" and rows[1][6] == "Skapad"
    status = next(r for r in rows if r[7] == "Status")
    assert status[4:7] == [
        "Rolf Registrator (registrator)",
        "handläggare utsedd",
        "Ändrad",
    ]
    assert status[8:] == ["öppet", "pågående"]


def test_the_json_export_keeps_stable_keys_and_swedish_values_R83(
    ks_case, registrar, ks_officer
):
    with translation.override("sv"):
        items = json.loads(records.to_json(_assigned(ks_case, registrar, ks_officer)))
    assert set(items[0]) == {
        "record",
        "record_id",
        "label",
        "when",
        "user",
        "reason",
        "kind",
        "changes",
    }
    assert items[0]["record"] == "case" and items[0]["kind"] == "Skapad"
    assert {"field": "Status", "old": "öppet", "new": "pågående"} in items[1]["changes"]


def test_the_history_filter_offers_people_by_name_and_username(registrar):
    labels = [label for _value, label in HistoryFilterForm().fields["user"].choices]
    assert "Rolf Registrator (registrator)" in labels
