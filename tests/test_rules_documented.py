"""docs/rules.md documents every rule the code cites, and what it names exists.

The code and the tests cite the domain rules by id ("R24"). Each id cited
anywhere in the project must have its section in docs/rules.md, and every
module, function and test the document names must exist, so the document
cannot drift from the code unnoticed."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
CITING = ("casework", "permissions", "workflows", "tests", "templates")
SUFFIXES = {".py", ".html", ".txt"}
RULE_COUNT = 83  # the domain note's rules, R1 to R83

# An id stands alone or is joined by underscores, as at the end of a test name
# ("..._R24"), and may name a point of the rule ("R61c"); "R24" inside a longer
# word or number is not an id.
CITATION = re.compile(r"(?<![A-Za-z0-9])R([0-9]{1,3})[a-z]?(?![A-Za-z0-9])")
SECTION = re.compile(r"^## R([0-9]+) ", re.MULTILINE)
# `path`, `path: name` (a module and what enforces the rule in it) or
# `path::name` (a test file and a test in it).
REFERENCE = re.compile(r"`((?:[\w.-]+/)*[\w.-]+\.(?:py|html))(?:(::|: )([\w.:]+))?`")


def citations() -> dict[int, list[str]]:
    """Every rule id cited in the project, with the places citing it."""
    found: dict[int, list[str]] = {}
    for top in CITING:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in SUFFIXES or ".venv" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in _cited_lines(text):
                place = f"{path.relative_to(ROOT)}:{line}"
                found.setdefault(number, []).append(place)
    return found


def _cited_lines(text: str):
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in CITATION.finditer(line):
            yield int(match.group(1)), line_number


def documented(text: str) -> list[int]:
    return [int(number) for number in SECTION.findall(text)]


FIELDS = ("- Source:", "- Enforced in:", "- Tests:")


def incomplete_sections(text: str) -> list[str]:
    """Sections without a summary or without one of the three fields."""
    parts = SECTION.split(text)[1:]
    incomplete = []
    for number, body in zip(parts[::2], parts[1::2], strict=True):
        lines = body.splitlines()
        summary = [
            line for line in lines[1:] if line and not line.startswith(("-", " "))
        ]
        lacking = [f for f in FIELDS if not any(line.startswith(f) for line in lines)]
        problems = ([] if summary else ["summary"]) + lacking
        if problems:
            incomplete.append(f"R{number}: " + ", ".join(problems))
    return incomplete


def references(text: str) -> list[tuple[str, str, str]]:
    """(path, separator, name) for each file the document names."""
    return [match.groups(default="") for match in REFERENCE.finditer(text)]


@cache
def _defined_names(path: Path) -> frozenset[str]:
    """Top-level functions and classes, and Class.method for their methods."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(_members(node, node.name))
    return frozenset(names)


def _members(node: ast.ClassDef, prefix: str):
    for child in node.body:
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield f"{prefix}.{child.name}"
            if isinstance(child, ast.ClassDef):
                yield from _members(child, f"{prefix}.{child.name}")


def missing_names(text: str) -> list[str]:
    """Files the document names that do not exist, and names not in them."""
    missing = []
    for path, separator, name in references(text):
        file = ROOT / path
        if not file.is_file():
            missing.append(path)
        elif name and name.replace("::", ".") not in _defined_names(file):
            missing.append(f"{path}{separator}{name}")
        elif separator == "::" and not name.split("::")[-1].startswith("test"):
            missing.append(f"{path}::{name} (not a test)")
    return missing


@pytest.fixture(scope="module")
def doc_text() -> str:
    assert DOC.is_file(), "docs/rules.md is missing"
    return DOC.read_text(encoding="utf-8")


def test_every_rule_id_cited_in_the_code_has_its_section_in_docs_rules_md(doc_text):
    sections = set(documented(doc_text))
    missing = {
        f"R{number}": places[:3]
        for number, places in sorted(citations().items())
        if number not in sections
    }
    assert not missing, f"rule ids cited but not in docs/rules.md: {missing}"


def test_every_rule_of_the_domain_note_has_one_section_in_order(doc_text):
    assert documented(doc_text) == list(range(1, RULE_COUNT + 1))


def test_every_section_has_a_summary_its_source_where_it_is_enforced_and_tests(
    doc_text,
):
    assert not incomplete_sections(doc_text)


def test_every_module_and_test_file_named_in_docs_rules_md_exists(doc_text):
    missing = [
        path for path, _, _ in references(doc_text) if not (ROOT / path).is_file()
    ]
    assert not missing, f"files named in docs/rules.md that do not exist: {missing}"


def test_every_function_and_test_named_in_docs_rules_md_exists_in_its_file(doc_text):
    assert references(doc_text), "docs/rules.md names no module or test"
    missing = missing_names(doc_text)
    assert not missing, f"names in docs/rules.md that do not exist: {missing}"


# The checks themselves, on small documents, so that a check that could never
# fail would show here.


def test_a_cited_id_without_a_section_is_found():
    assert documented("## R1 · A\n\n## R3 · C\n") == [1, 3]
    assert [
        int(n) for n in CITATION.findall("(R8, R23) test_x_R24_R27_R61c R2D2 ROR1 R5ab")
    ] == [
        8,
        23,
        24,
        27,
        61,
    ]
    assert 24 in citations(), "the code cites R24 and the search must find it"


def test_a_section_without_a_summary_or_a_field_is_reported():
    whole = "## R1 · A\n\nWhat it asks.\n\n- Source: KL\n- Enforced in: x\n- Tests: y\n"
    bare = "## R2 · B\n\n- Source: KL\n- Tests: none yet.\n"
    assert incomplete_sections(whole + bare) == ["R2: summary, - Enforced in:"]
    assert incomplete_sections(whole.replace("What it asks.", "")) == ["R1: summary"]


def test_a_test_named_in_a_file_that_lacks_it_is_reported():
    text = (
        "`tests/test_rules_documented.py::test_no_such_test` "
        "`tests/test_rules_documented.py::test_a_cited_id_without_a_section_is_found`"
    )
    assert missing_names(text) == ["tests/test_rules_documented.py::test_no_such_test"]


def test_a_module_or_function_that_does_not_exist_is_reported():
    text = (
        "`casework/no_such_module.py: anything` `casework/history.py: no_such_function` "
        "`casework/history.py: save_tracked` `casework/records.py: Undeletable.delete`"
    )
    assert missing_names(text) == [
        "casework/no_such_module.py",
        "casework/history.py: no_such_function",
    ]


def test_a_helper_named_as_a_test_is_reported():
    text = "`tests/test_rules_documented.py::citations`"
    assert missing_names(text) == [
        "tests/test_rules_documented.py::citations (not a test)"
    ]
