from types import SimpleNamespace as Clause

from casework.meetings.comparison import Verdict, compare

PROPOSAL = [
    Clause(
        number=1,
        text="Rapporten avseende stadens internationella arbete 2010 godkänns, bilaga 1.",
    ),
]
MP_RESERVATION = [
    Clause(
        number=1,
        text="rapporten, bilaga 1, avseende stadens internationella arbete 2010 godkänns.",
    ),
    Clause(
        number=2,
        text="att se över sammansättningen i den internationella beredningen med syfte "
        "att bredda den partipolitiska representationen i beredningen",
    ),
    Clause(number=3, text="därutöver anföra"),
]


def test_the_mp_reservation_repeats_clause_one_and_adds_two_and_three():
    """Seed 000: clause 1 agrees with the memorandum, 2 and 3 are added."""
    verdicts = [(row.number, row.verdict) for row in compare(MP_RESERVATION, PROPOSAL)]
    assert verdicts == [(1, Verdict.AGREES), (2, Verdict.ADDED), (3, Verdict.ADDED)]


def test_a_clause_that_changes_the_proposal_differs():
    """Seed 000: Livh's clause 1 only partly approves the report."""
    livh = [
        Clause(number=1, text="Kommunstyrelsen beslutar att delvis godkänna rapporten.")
    ]
    (row,) = compare(livh, PROPOSAL)
    assert (row.verdict, row.proposal_number) == (Verdict.DIFFERS, 1)


def test_a_statement_without_a_proposal_only_adds():
    rows = compare(MP_RESERVATION, [])
    assert {row.verdict for row in rows} == {Verdict.ADDED}
