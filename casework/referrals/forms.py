"""Forms of the referral pages that write: the memorandum and its agenda."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Assignment, Organisation, Person


class ServiceForm(forms.Form):
    """A form whose cleaned data are the keyword arguments of one service."""

    default_reason = ""

    def service_arguments(self) -> dict:
        arguments = dict(self.cleaned_data)
        arguments.setdefault("reason", self.default_reason)
        return arguments

    def add_service_error(self, error) -> None:
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


class MemorandumForm(ServiceForm):
    default_reason = "memorandum drafted"

    title = forms.CharField(label=_("Title"), max_length=500)
    commissioner_office = forms.ModelChoiceField(
        label=_("Commissioner's office"), queryset=Organisation.objects.none()
    )
    office_numeral = forms.CharField(
        label=_("Office numeral"),
        max_length=8,
        help_text=_("E.g. “I” for Rotel I."),
    )
    rapporteur = forms.ModelChoiceField(
        label=_("Rapporteur commissioner"), queryset=Person.objects.none()
    )
    clauses = forms.CharField(
        label=_("Proposed clauses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One clause per line; they are numbered in this order."),
    )
    opinions = forms.CharField(
        label=_("The commissioner's views"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = Organisation.objects.filter(
            kind=Organisation.Kind.COMMISSIONER_OFFICE
        ).order_by("name")
        self.fields["commissioner_office"].queryset = offices
        self.fields["rapporteur"].queryset = (
            Person.objects.filter(assignments__role=Assignment.Role.COMMISSIONER)
            .distinct()
            .order_by("last_name", "first_name")
        )

    def clean_clauses(self) -> list[str]:
        lines = self.cleaned_data["clauses"].splitlines()
        return [line.strip() for line in lines if line.strip()]


class MemorandumAgendaForm(ServiceForm):
    default_reason = "memorandum put on the agenda"

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings.order_by("held_on", "pk")
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.organisation} {meeting.held_on}"
        )
