"""Clause-level comparison of a reservation with the proposal it dissents from.

In seed 000 the MP reservation repeats clause 1 of the memorandum in other words
and adds clauses 2 and 3; the comparison shows exactly that.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

WORD = re.compile(r"\w+", re.UNICODE)
# Words that carry no meaning in an "att"-clause.
FILLER = {"att", "och", "i", "för", "av", "den", "det", "som", "med", "till"}
AGREEMENT = 0.8


class Verdict(models.TextChoices):
    AGREES = "agrees", _("agrees with the proposal")
    DIFFERS = "differs", _("differs from the proposal")
    ADDED = "added", _("added")


@dataclass(frozen=True)
class ClauseComparison:
    number: int
    text: str
    verdict: str
    proposal_number: int | None
    proposal_text: str


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in FILLER}


def similarity(a: str, b: str) -> float:
    """Share of meaningful words the two clauses have in common (Jaccard)."""
    first, second = words(a), words(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def compare(statement_clauses, proposal_clauses) -> list[ClauseComparison]:
    """For each clause of the statement: does it agree with a clause of the
    proposal, differ from the clause with its number, or add something new?"""
    proposal = list(proposal_clauses)
    result = []
    for clause in statement_clauses:
        best = max(
            proposal, key=lambda p: similarity(clause.text, p.text), default=None
        )
        if best is not None and similarity(clause.text, best.text) >= AGREEMENT:
            result.append(_row(clause, Verdict.AGREES, best))
            continue
        same_number = next((p for p in proposal if p.number == clause.number), None)
        verdict = Verdict.DIFFERS if same_number else Verdict.ADDED
        result.append(_row(clause, verdict, same_number))
    return result


def _row(clause, verdict, proposal_clause) -> ClauseComparison:
    return ClauseComparison(
        number=clause.number,
        text=clause.text,
        verdict=verdict,
        proposal_number=proposal_clause.number if proposal_clause else None,
        proposal_text=proposal_clause.text if proposal_clause else "",
    )
