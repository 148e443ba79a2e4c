import datetime

import pytest
from django.utils import timezone

from casework import clock
from casework.registry import services
from casework.registry.models import Document
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db
MOMENT = timezone.make_aware(datetime.datetime(2011, 3, 29, 14, 0))


def test_recording_the_past_keeps_the_historical_dates(city, registrar):
    """TF 2:10: an imported document became official when it did, not today."""
    with clock.acting_at(MOMENT):
        case = make_case(city.ks_register, registrar)
        document = make_document(case, registrar, direction=Document.Direction.OUTGOING)
        services.make_official(
            document=document,
            because="dispatched",
            actor=registrar,
            reason="expedierad",
        )
    document.refresh_from_db()
    assert case.registered_on == datetime.date(2011, 3, 29)
    assert document.official_since == MOMENT
    assert document.registered_at == MOMENT
    assert document.history.latest().history_date.year == timezone.now().year


def test_outside_acting_at_the_clock_is_the_present():
    assert abs(clock.now() - timezone.now()) < datetime.timedelta(seconds=5)


def test_acting_at_needs_an_aware_moment():
    with pytest.raises(ValueError), clock.acting_at(datetime.datetime(2011, 1, 1)):
        pass
