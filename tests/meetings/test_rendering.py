import pytest

from casework.meetings.rendering import join_names, party_group


@pytest.mark.parametrize(
    ("party", "count", "expected"),
    [("MP", 1, "(MP)"), ("S", 2, "(båda S)"), ("S", 3, "(alla S)"), ("mp", 1, "(mp)")],
)
def test_signatories_are_grouped_by_party_as_the_seeds_write_them(
    party, count, expected
):
    """R17, R77: "(båda S)", "(alla S)", and the party as written."""
    assert party_group(party, count) == expected


def test_names_are_joined_with_och():
    assert join_names(
        ["Karin Wanngård", "Roger Mogert", "Maria Östberg Svanelind"]
    ) == ("Karin Wanngård, Roger Mogert och Maria Östberg Svanelind")
