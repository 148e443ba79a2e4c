"""The terms of office the demo seats its politicians in, counted from today.

Stockholm's council has set the terms of its board and committees to those of
the council itself, from 15 October of the election year (KL 5:9; KL 6:18 allows
another period than the default one from 1 January) [K]. General elections are
held every fourth year: 2022, 2026, 2030, …
"""

import datetime

# The demo plans each body's next meeting up to a month ahead.
TERM_OVERLAP_DAYS = 31


def current_term(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The term of office that includes ``today``: from 15 October of the latest
    general election year (every fourth year: 2022, 2026, …) to 14 October four
    years later."""
    year = today.year - (today.year - 2) % 4
    if today < datetime.date(year, 10, 15):
        year -= 4
    return datetime.date(year, 10, 15), datetime.date(year + 4, 10, 14)


def demo_terms(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The current term, and the next one too in its last month, so that the
    bodies' next meetings always have members."""
    terms = [current_term(today)]
    end = terms[0][1]
    if (end - today).days < TERM_OVERLAP_DAYS:
        terms.append(current_term(end + datetime.timedelta(days=1)))
    return terms
