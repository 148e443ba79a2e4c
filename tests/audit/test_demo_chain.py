"""A freshly loaded demo verifies clean (issue 10, point 3; R83)."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from casework.audit.models import HistoryLink, PendingLink

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_freshly_loaded_demo_verifies_clean_and_every_row_is_chained(capsys):
    """Issue 10 point 3: ``load_demo`` then ``verify_history`` exits 0 (the demo
    once showed 139 of 560 rows as altered)."""
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    started = time.perf_counter()
    call_command("verify_history", stdout=out)
    seconds = time.perf_counter() - started
    assert out.getvalue().startswith("OK:"), out.getvalue()
    assert not PendingLink.objects.exists()
    with capsys.disabled():
        print(
            f"\nverify_history on the demo: {HistoryLink.objects.count()} chained rows "
            f"in {seconds:.2f} s"
        )
