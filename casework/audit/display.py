"""How a history row reads on screen and in exports (R83): the reason in
Swedish, people by name and username, states by their Swedish labels, linked
records by what they are called, never a raw id."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.audit.reasons import KNOWN

REMOVED = _("(removed)")


def reason_text(stored: str | None) -> str:
    """A reason the code recorded, in the language shown; a typed one as typed."""
    if not stored:
        return ""
    return gettext(stored) if stored in KNOWN else stored


def person(user) -> str:
    """``Full Name (username)``, or the username of an account with no name."""
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


def field_label(model, name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:  # a field the model no longer has
        return name


class Values:
    """Field values as text; linked records are fetched once per call site."""

    def __init__(self):
        self._related = {}

    def text(self, model, name: str, value) -> str:
        if value is None or value == "":
            return ""
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return str(value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.many_to_one or field.one_to_one:
            return self._record(field.related_model, value)
        return _plain(value)

    def _record(self, related_model, pk) -> str:
        key = (related_model, pk)
        if key not in self._related:
            obj = related_model._default_manager.filter(pk=pk).first()
            if obj is None:
                self._related[key] = str(REMOVED)
            elif isinstance(obj, get_user_model()):
                self._related[key] = person(obj)
            else:
                self._related[key] = str(obj)
        return self._related[key]


def _plain(value) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
