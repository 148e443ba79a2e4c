"""Send the reminders of referrals that have come due (sv. påminnelser).

Run it once a day from cron, next to ``workflow_timers`` (every minute)::

    15 7 * * *  manage.py send_referral_reminders --actor system

Each reminder is sent once: by e-mail to the recipient's registrars and case
officer, and recorded on the recipient, where the referral page shows it. A
recipient whose reminders fail is logged and named on stderr, the others are
still sent, and the command then exits with status 1.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casework.referrals import services


class Command(BaseCommand):
    help = "Send the referral reminders that have come due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            required=True,
            help="Username recorded in the history as having sent the reminders.",
        )

    def handle(self, *args, actor, **options):
        try:
            user = get_user_model().objects.get(username=actor, is_active=True)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No active user {actor!r}.") from error
        run = services.send_due_reminders(actor=user, reason="reminders due")
        self.stdout.write(f"{run.sent} reminder(s) sent")
        if run.failed:
            for recipient in run.failed:
                self.stderr.write(
                    f"Failed: referral {recipient.referral.case.registration_number}"
                    f" to {recipient.organisation}"
                )
            raise CommandError(
                f"The reminders of {len(run.failed)} recipient(s) failed; see the log."
            )
