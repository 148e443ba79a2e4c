"""Shared checks for the tests of R83: a reason must say something."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

# A blank reason, one of only spaces and one of only punctuation.
EMPTY_REASONS = ("", "   \t\n", " .-!? ")


def row_counts() -> dict[str, int]:
    """The number of rows of every model, history models included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def assert_refused_without_writing(call, reason: str) -> None:
    """``call(reason)`` is refused for its reason and nothing is written."""
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        call(reason)
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    assert row_counts() == before
