"""The daily reminder run (issue 10, point 5): one failing referral never stops
the reminders of the others; the failure is logged and reported."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.referrals.models import ReferralRecipient
from casework.referrals.services import send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(received, city):
    """Exploateringsnämnden's part of the same referral, with a deadline at the
    end of the calendar, as one saved before deadlines were checked: its
    reminder after the deadline cannot be computed."""
    recipient = received.referral.recipients.get(organisation=city.expn)
    ReferralRecipient.objects.filter(pk=recipient.pk).update(
        deadline=datetime.date(9999, 12, 31)
    )
    return recipient


def test_a_failing_referral_does_not_stop_the_reminders_of_the_others(
    received, broken, system_user, deadline, caplog
):
    """Issue 10.5: the reminders that can be sent are sent; the failure is
    logged with the referral it belongs to."""
    with caplog.at_level(logging.ERROR, logger="casework.referrals.services"):
        run = send_due_reminders(
            today=deadline - datetime.timedelta(days=14),
            actor=system_user,
            reason="påminnelse",
        )
    assert run.sent == 1
    assert [recipient.pk for recipient in run.failed] == [broken.pk]
    assert received.reminders.count() == 1
    assert not broken.reminders.exists()
    number = received.referral.case.registration_number
    assert any(number in record.getMessage() for record in caplog.records)


def test_the_command_sends_the_others_reports_the_failure_and_exits_non_zero(
    received, broken, system_user, deadline, monkeypatch
):
    """Issue 10.5: the command used to exit 1 without sending any reminder."""
    today = deadline - datetime.timedelta(days=14)
    monkeypatch.setattr("casework.clock.today", lambda: today)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "send_referral_reminders",
            actor=system_user.username,
            stdout=out,
            stderr=err,
        )
    assert received.reminders.count() == 1
    assert "1 reminder(s) sent" in out.getvalue()
    assert broken.organisation.name in err.getvalue()


def test_the_command_exits_zero_when_every_reminder_is_sent(
    received, system_user, deadline, monkeypatch
):
    """Issue 10.5: a non-zero exit only when some reminder failed."""
    today = deadline - datetime.timedelta(days=14)
    monkeypatch.setattr("casework.clock.today", lambda: today)
    out = io.StringIO()
    call_command("send_referral_reminders", actor=system_user.username, stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()
