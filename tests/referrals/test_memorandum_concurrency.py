"""Two people saving the memorandum at the same moment: one wins, the other is
told why and nothing of theirs is saved (row lock on the referral when it is
drafted; compare-and-set under a row lock when it is edited)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from casework.meetings.models import Memorandum
from casework.referrals import memoranda
from tests.referrals.test_memorandum_pages import (  # noqa: F401
    compiled,
    memorandum,
    rotel,
)
from tests.referrals.test_views import trn_answered, trn_approved, trn_draft  # noqa: F401
from tests.registry.test_concurrency import needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def at_once(*actions):
    """Run the actions in parallel; each one's result or the code it was
    refused with."""
    barrier = threading.Barrier(len(actions))

    def run(action):
        barrier.wait()
        try:
            action()
            return "saved"
        except ValidationError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return sorted(pool.map(run, actions))


def test_two_simultaneous_drafts_make_one_memorandum(compiled, rotel, slk_officer):  # noqa: F811
    office, rapporteur = rotel

    def draft(title):
        return lambda: memoranda.draw_up_memorandum(
            referral=compiled,
            rapporteur=rapporteur,
            commissioner_office=office,
            office_numeral="I",
            title=title,
            clauses=["Förslaget godkänns."],
            actor=slk_officer,
            reason="memorandum drafted",
        )

    outcomes = at_once(draft("Den ena"), draft("Den andra"))
    assert outcomes == ["memorandum_exists", "saved"]
    assert Memorandum.objects.count() == 1


def test_two_simultaneous_edits_of_one_revision_save_one(memorandum, slk_officer):  # noqa: F811
    revision = memoranda.revision_of(memorandum)

    def edit(title):
        return lambda: memoranda.revise_memorandum(
            memorandum=memorandum,
            revision=revision,
            clauses=["Förslaget godkänns."],
            title=title,
            actor=slk_officer,
            reason="memorandum revised",
        )

    outcomes = at_once(edit("Den ena"), edit("Den andra"))
    assert outcomes == ["memorandum_changed", "saved"]
    memorandum.refresh_from_db()
    assert memorandum.title in ("Den ena", "Den andra")
