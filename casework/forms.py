"""What every form that writes through a service shares."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


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
