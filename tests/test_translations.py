"""The Swedish catalog (locale/sv): complete, compiled, and in step with the code.

Every user-visible string is an English msgid; Swedish is the primary language.
These tests read the committed .po and .mo directly, so they need no gettext tools.
"""

import ast
import gettext as gnu_gettext
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

ROOT = Path(settings.BASE_DIR)
MESSAGES = ROOT / "locale" / "sv" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"
# What `manage.py makemessages` scans (see the Makefile and the README).
SOURCE_DIRS = ["casework", "permissions", "workflows", "templates"]
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]")


# --- reading the .po ---------------------------------------------------------


def _unquote(text: str) -> str:
    """A Python string literal, or adjacent literals, as the string they make."""
    return ast.literal_eval(f"({text})")


@cache
def po_entries() -> tuple[dict, ...]:
    """The entries of the .po: msgctxt, msgid, msgid_plural, msgstr (a list, one
    item per plural form) and flags; the header entry is left out."""
    entries = []
    entry: dict = {}
    field = None

    def flush():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for line in PO.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            field = None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            flags = {flag.strip() for flag in line[2:].split(",")}
            entry.setdefault("flags", set()).update(flags)
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            key, index = field
            if index is None:
                entry[key] += _unquote(line)
            else:
                entry[key][index] += _unquote(line)
        else:
            keyword, _space, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                index = int(match.group(1))
                entry.setdefault("msgstr", [])
                entry["msgstr"].append(_unquote(value))
                assert len(entry["msgstr"]) == index + 1, line
                field = ("msgstr", index)
            elif keyword == "msgstr":
                entry["msgstr"] = [_unquote(value)]
                field = ("msgstr", 0)
            else:
                assert keyword in ("msgctxt", "msgid", "msgid_plural"), line
                entry[keyword] = _unquote(value)
                field = (keyword, None)
    flush()
    header = [e for e in entries if e["msgid"] == "" and "msgctxt" not in e]
    assert len(header) == 1, "the .po has no header"
    return tuple(e for e in entries if e is not header[0])


def catalog_key(entry: dict) -> str:
    """The key gettext uses: "context\\x04msgid" when there is a context."""
    if "msgctxt" in entry:
        return f"{entry['msgctxt']}\x04{entry['msgid']}"
    return entry["msgid"]


@cache
def msgids() -> frozenset[tuple[str | None, str]]:
    """(context, msgid) for every singular and plural msgid in the catalog."""
    found = set()
    for entry in po_entries():
        context = entry.get("msgctxt")
        found.add((context, entry["msgid"]))
        if "msgid_plural" in entry:
            found.add((context, entry["msgid_plural"]))
    return frozenset(found)


def label(entry: dict) -> str:
    context = entry.get("msgctxt")
    return f"{context}: {entry['msgid']!r}" if context else repr(entry["msgid"])


# --- (a) complete --------------------------------------------------------------


def test_the_catalog_is_swedish_with_two_plural_forms():
    header = PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: sv\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert "#, fuzzy" not in header
    assert len(po_entries()) > 1000


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [
        label(e) for e in po_entries() if not all(s.strip() for s in e["msgstr"])
    ]
    fuzzy = [label(e) for e in po_entries() if "fuzzy" in e.get("flags", ())]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_every_plural_entry_has_both_forms():
    plurals = [e for e in po_entries() if "msgid_plural" in e]
    assert plurals
    assert [label(e) for e in plurals if len(e["msgstr"]) != 2] == []


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    """A lost or misspelt %(name)s raises KeyError or shows the wrong value."""
    wrong = []
    for entry in po_entries():
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for source, translated in zip(sources, entry["msgstr"], strict=False):
            if sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translated)
            ):
                wrong.append((label(entry), translated))
    assert not wrong, wrong


# --- (b) compiled ----------------------------------------------------------------


def test_the_compiled_catalog_matches_the_po():
    """django.mo is committed; it must be compiled from the current django.po."""
    with MO.open("rb") as mo:
        compiled = dict(gnu_gettext.GNUTranslations(mo)._catalog)
    compiled.pop("", None)  # the header
    expected = {}
    for entry in po_entries():
        key = catalog_key(entry)
        if "msgid_plural" in entry:
            for index, text in enumerate(entry["msgstr"]):
                expected[(key, index)] = text
        else:
            expected[key] = entry["msgstr"][0]
    stale = {
        key: (text, compiled.get(key))
        for key, text in expected.items()
        if compiled.get(key) != text
    }
    assert not stale, "run: manage.py compilemessages -l sv --ignore=.venv"
    assert set(compiled) == set(expected), "the .mo has entries the .po has not"


# --- (c) spot checks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "swedish"),
    [
        ("Cases", "Ärenden"),
        ("Registers and cases", "Diarium och ärenden"),
        ("Register", "Diarium"),
        ("Registration number", "Diarienummer"),
        ("Case officer", "Handläggare"),
        ("Official document", "Allmän handling"),
        ("Draft", "Utkast"),
        ("Referrals", "Remisser"),
        ("Recipient", "Remissinstans"),
        ("Officer report", "Tjänsteutlåtande"),
        ("Minutes checkers", "Justerare"),
        ("Approve the minutes", "Justera protokollet"),
        ("Extract of the minutes", "Protokollsutdrag"),
        ("Meetings", "Sammanträden"),
        ("Agenda", "Föredragningslista"),
        ("special statement", "särskilt uttalande"),
        ("substitute's statement", "ersättaryttrande"),
        ("Final", "Laga kraft"),
        (
            "The meeting is closed; a reservation can no longer be announced.",
            "Mötet är avslutat; reservation kan inte längre anmälas.",
        ),
    ],
)
def test_swedish_spot_checks(msgid, swedish):
    with translation.override("sv"):
        assert gettext(msgid) == swedish
    with translation.override("en"):
        assert gettext(msgid) == msgid


@pytest.mark.parametrize(
    ("msgid", "swedish"),
    [
        ("Proposed resolution", "Förslag till beslut"),
        ("Summary", "Sammanfattning"),
        ("Background", "Bakgrund"),
        ("Preparation of the case", "Ärendets beredning"),
        ("Appendices", "Bilagor"),
        ("Reg. no.", "Dnr"),
        ("Head of department", "Förvaltningschef"),
    ],
)
def test_the_officer_report_headings_follow_the_seeds(msgid, swedish):
    with translation.override("sv"):
        assert pgettext("officer report", msgid) == swedish


def test_placeholders_and_plurals_in_swedish():
    with translation.override("sv"):
        views = pgettext("officer report", "The views of %(department)s")
        assert views % {"department": "Trafikkontoret"} == (
            "Trafikkontorets synpunkter"
        )
        found = "%(counter)s case found"
        plural = "%(counter)s cases found"
        assert ngettext(found, plural, 1) % {"counter": 1} == "1 ärende hittades"
        assert ngettext(found, plural, 3) % {"counter": 3} == "3 ärenden hittades"


# --- (d) in step with the code -----------------------------------------------------

STRING = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
# Adjacent literals, as in _("one line " "and the next"), are one string.
STRINGS = rf"{STRING}(?:\s*{STRING})*"
PY_CALL = re.compile(
    r"(?<!\w)(?:_|_lazy|gettext|gettext_lazy|gettext_noop|ngettext|ngettext_lazy)"
    rf"\(\s*({STRINGS})\s*[,)]"
)
PY_CONTEXT_CALL = re.compile(
    r"(?<!\w)(?:pgettext|pgettext_lazy|npgettext|npgettext_lazy)"
    rf"\(\s*({STRING})\s*,\s*({STRINGS})\s*[,)]"
)
TEMPLATE_TAG = re.compile(rf"{{%\s*(?:translate|trans)\s+({STRING})(.*?)%}}")
TEMPLATE_UNDERSCORE = re.compile(rf"(?<![\w.])_\(({STRING})\)")
TEMPLATE_BLOCK = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)\b(.*?)%}(.*?)"
    r"{%\s*(?:endblocktranslate|endblocktrans)\s*%}",
    re.DOTALL,
)
CONTEXT = re.compile(rf"\bcontext\s+({STRING})")


def _source_files(suffix: str) -> list[Path]:
    files = []
    for directory in SOURCE_DIRS:
        files += sorted((ROOT / directory).rglob(f"*{suffix}"))
    return [f for f in files if "migrations" not in f.parts]


def _context(options: str) -> str | None:
    match = CONTEXT.search(options)
    return _unquote(match.group(1)) if match else None


def _block_msgids(options: str, body: str) -> list[str]:
    """The msgids of a {% blocktranslate %}, the way makemessages writes them."""
    parts = re.split(r"{%\s*plural\s*%}", body)
    result = []
    for part in parts:
        text = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", part.replace("%", "%%"))
        if "trimmed" in options.split():
            text = re.sub(r"\s*\n\s*", " ", text.strip())
        result.append(text)
    return result


def _missing(found: list[tuple[str | None, str, str]]) -> list[str]:
    return [
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for context, msgid, where in found
        if (context, msgid) not in msgids()
    ]


def test_every_literal_in_python_code_is_in_the_catalog():
    found = []
    for path in _source_files(".py"):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        for match in PY_CALL.finditer(text):
            found.append((None, _unquote(match.group(1)), where))
        for match in PY_CONTEXT_CALL.finditer(text):
            context, msgid = _unquote(match.group(1)), _unquote(match.group(2))
            found.append((context, msgid, where))
    assert len(found) > 500
    missing = _missing(found)
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


def test_every_literal_in_the_templates_is_in_the_catalog():
    found = []
    for path in _source_files(".html") + _source_files(".txt"):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        for match in TEMPLATE_TAG.finditer(text):
            context = _context(match.group(2))
            found.append((context, match.group(1)[1:-1], where))
        for match in TEMPLATE_UNDERSCORE.finditer(text):
            found.append((None, match.group(1)[1:-1], where))
        for match in TEMPLATE_BLOCK.finditer(text):
            options, body = match.group(1), match.group(2)
            for msgid in _block_msgids(options, body):
                found.append((_context(options), msgid, where))
    assert len(found) > 400
    missing = _missing(found)
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


# --- (e) the law as the law reads ---------------------------------------------------

RULE_NUMBER = re.compile(r"\bR\d{1,2}\b")
SHORT_SECTION = re.compile(r"\b(?:KL|TF|OSL|FL)\s+\d+:\d+")
NOT_SHOWN = [
    re.compile(r"{#.*?#}", re.DOTALL),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"/\*.*?\*/", re.DOTALL),
    TEMPLATE_BLOCK,  # translated: its msgstr is checked with the catalog
    re.compile(r"{%.*?%}", re.DOTALL),
]


def test_rule_references_read_as_law_never_as_our_rule_numbers():
    """Users read "KL 5 kap. 69 §", never "(R24)" or "KL 5:69", in Swedish and in
    English; rules.md keeps the R-numbers for the team."""
    wrong = [
        (label(e), text)
        for e in po_entries()
        for text in [e["msgid"], e.get("msgid_plural", ""), *e["msgstr"]]
        if RULE_NUMBER.search(text) or SHORT_SECTION.search(text)
    ]
    assert not wrong, wrong


def test_no_template_shows_a_rule_number_outside_the_catalog():
    wrong = []
    for path in _source_files(".html") + _source_files(".txt"):
        text = path.read_text(encoding="utf-8")
        for pattern in NOT_SHOWN:
            text = pattern.sub("", text)
        wrong += [(str(path.relative_to(ROOT)), m) for m in RULE_NUMBER.findall(text)]
    assert not wrong, wrong
