"""The secrecy provisions of offentlighets- och sekretesslagen (2009:400) a
confidentiality marking may cite (R65, OSL 5:5, TF 2:20).

Secrecy rules are in chapters 15–20 (public interests) and 21–40 (private
persons' affairs); chapters 1–14 and 41–44 hold the law's general rules,
registration, disclosure and transitions, which no marking can rest on. The
table gives each secrecy chapter's highest section; a section with a letter
(e.g. 21 kap. 3 a §) counts when its number is within the chapter.
"""

import re

HIGHEST_SECTION = {
    15: 6,
    16: 4,
    17: 8,
    18: 19,
    19: 9,
    20: 5,
    21: 7,
    22: 4,
    23: 8,
    24: 9,
    25: 19,
    26: 23,
    27: 12,
    28: 18,
    29: 16,
    30: 27,
    31: 26,
    32: 14,
    33: 5,
    34: 7,
    35: 25,
    36: 8,
    37: 5,
    38: 9,
    39: 6,
    40: 7,
}

# "OSL 21 kap. 1 §", "21 kap. 3 a § första stycket", "OSL 21:1", "OSL 21:3a".
_PROVISION = re.compile(
    r"^(?:OSL\s+)?(?P<chapter>\d{1,2})\s*"
    r"(?:kap\.\s*(?P<section>\d{1,3})\s*(?P<letter>[a-z]?)\s*§"
    r"|:\s*(?P<short>\d{1,3})\s*(?P<short_letter>[a-z]?)\b)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)


def parse(text: str) -> tuple[int, int, str, str] | None:
    """Chapter, section, letter and any further words; ``None`` when the text
    is not written as a chapter and section of OSL."""
    found = _PROVISION.match(text.strip())
    if found is None:
        return None
    section = found["section"] or found["short"]
    letter = (found["letter"] or found["short_letter"] or "").lower()
    return int(found["chapter"]), int(section), letter, found["rest"].strip()


def exists(chapter: int, section: int) -> bool:
    """Whether OSL has that section in a chapter of secrecy rules."""
    return 1 <= section <= HIGHEST_SECTION.get(chapter, 0)


def normalised(chapter: int, section: int, letter: str, rest: str) -> str:
    """The provision as the register writes it: "OSL 21 kap. 3 a §"."""
    cited = f"OSL {chapter} kap. {section}{f' {letter}' if letter else ''} §"
    return f"{cited} {rest}" if rest else cited
