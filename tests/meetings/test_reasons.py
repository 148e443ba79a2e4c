"""R83 across every meeting write service: at each step of a whole meeting an
empty reason is refused and nothing is written; the step then succeeds with a
reason in words."""

import pytest
from django.db import models

from tests.meetings.test_history import (  # noqa: F401
    REASON,
    actor_for,
    council_world,
    moment_for,
    story,
    world,
)
from tests.reasons import EMPTY_REASONS, assert_refused_without_writing

pytestmark = pytest.mark.django_db


def test_every_meeting_service_refuses_an_empty_reason_and_writes_nothing_R83(
    world,  # noqa: F811
):
    for number, (service, arguments) in enumerate(story(world)):
        actor = actor_for(service, world)
        values = arguments()

        def call(text, service=service, values=values, actor=actor):
            with moment_for(service):
                service(**values, actor=actor, reason=text)

        assert_refused_without_writing(call, EMPTY_REASONS[number % 3])
        reread(values)
        call(REASON)


def reread(arguments: dict) -> None:
    """The refused call changed its records only in memory: read them again, as
    the next request of a page would."""
    for value in arguments.values():
        for record in value if isinstance(value, list | tuple) else [value]:
            if isinstance(record, models.Model) and record.pk is not None:
                record.refresh_from_db()
