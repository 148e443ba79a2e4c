"""What every form shares: the base of the forms that write through a service,
and the fields every form uses for dates, times and choices of records, which
refuse what the calendar or the database cannot hold with a form error."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework import dates

# The largest id a row can have: a signed 64-bit integer.
LARGEST_ID = 2**63 - 1
# Plain ASCII digits, no sign, no underscore; longer than any id with zeros.
DIGITS = re.compile(r"[0-9]{1,40}")


def parse_id(value) -> int | None:
    """The id ``value`` stands for, or None when it is not plain digits or does
    not fit the database (``int()`` itself takes signs and underscores)."""
    text = str(value)
    if not DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= LARGEST_ID else None


def _keyed_by_integer(field) -> bool:
    model = field.queryset.model if field.queryset is not None else None
    if model is None:
        return False
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else None
    return isinstance(key or model._meta.pk, models.IntegerField)


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one record that refuses an id the database cannot hold as an
    invalid choice, before it reaches the query."""

    refuses_oversized_ids = True

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, models.Model)
            and _keyed_by_integer(self)
            and parse_id(value) is None
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of records that refuses an id the database cannot hold."""

    refuses_oversized_ids = True

    def _check_values(self, value):
        if _keyed_by_integer(self):
            for key in value:
                if not isinstance(key, models.Model) and parse_id(key) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": key},
                    )
        return super()._check_values(value)


class WholeNumberField(forms.IntegerField):
    """A count or a version number: plain digits that fit the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values and parse_id(str(value).strip()) is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _in_range(years_ahead: int):
    def validate(value) -> None:
        error = dates.out_of_range(
            value.date() if hasattr(value, "date") else value, years_ahead
        )
        if error is not None:
            raise error

    return validate


class DayField(forms.DateField):
    """A date between 1900 and a hundred years ahead (``years_ahead``); a
    deadline uses ``DeadlineField``."""

    def __init__(self, *, years_ahead: int = dates.YEARS_AHEAD, **kwargs):
        validators = [*kwargs.pop("validators", ()), _in_range(years_ahead)]
        super().__init__(validators=validators, **kwargs)


class DeadlineField(DayField):
    """A deadline: at most a few years ahead."""

    def __init__(self, **kwargs):
        super().__init__(years_ahead=dates.DEADLINE_YEARS_AHEAD, **kwargs)


class MomentField(forms.DateTimeField):
    """A date and time on a day ``DayField`` takes."""

    def __init__(self, **kwargs):
        validators = [*kwargs.pop("validators", ()), _in_range(dates.YEARS_AHEAD)]
        super().__init__(validators=validators, **kwargs)


class ServiceForm(forms.Form):
    """A form whose cleaned data are the keyword arguments of one service."""

    default_reason = ""

    def service_arguments(self) -> dict:
        arguments = dict(self.cleaned_data)
        if self.default_reason:
            arguments.setdefault("reason", self.default_reason)
        return arguments

    def add_service_error(self, error: ValidationError | PermissionDenied) -> None:
        """Show a service's refusal on its field, or above the form."""
        if isinstance(error, PermissionDenied):
            message = str(error) or _("You may not do this.")
            self.add_error(None, ValidationError(message, code="permission_denied"))
            return
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            known = field in self.fields and field != NON_FIELD_ERRORS
            self.add_error(field if known else None, errors)
