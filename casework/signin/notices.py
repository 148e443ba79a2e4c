"""The e-mail to the holder of an account that was locked."""

import logging
import math
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from casework.signin.models import LoginLockout

log = logging.getLogger(__name__)


def minutes(lockout: LoginLockout) -> int:
    return math.ceil((lockout.ends_at - lockout.locked_at).total_seconds() / 60)


def tell_account_holder(lockout: LoginLockout) -> bool:
    """Tell the holder of the locked account, if there is one with an address,
    in Swedish. A mail that cannot be sent is logged; the lock stays."""
    holder = (
        get_user_model()
        .objects.filter(username=lockout.key, is_active=True)
        .exclude(email="")
        .first()
    )
    if holder is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your account has been locked")
        body = _(
            "Hello,\n\n"
            "The account %(username)s has been locked after %(failures)s failed "
            "log-in attempts. You can log in again in %(minutes)s minutes, or ask "
            "the system administrator to unlock the account sooner.\n\n"
            "If it was not you who tried to log in, tell the system administrator: "
            "someone may be trying to guess your password. Nobody will ever ask "
            "you for your password.\n"
        ) % {
            "username": lockout.key,
            "failures": lockout.failures,
            "minutes": minutes(lockout),
        }
    try:
        send_mail(subject, body, None, [holder.email])
    except (smtplib.SMTPException, OSError):
        log.exception("The notice of a locked account could not be sent.")
        return False
    return True
