from django import forms
from django.utils.translation import gettext_lazy as _

from casework.audit.display import person
from casework.audit.records import AUDITED
from casework.directory.models import Organisation, User
from casework.forms import DayField, IdChoiceField
from casework.registry.models import Case

RECORD_LABELS = {
    "case": _("Cases"),
    "document": _("Documents"),
    "statement": _("Statements"),
    "decision": _("Decisions"),
    "minutes": _("Minutes"),
}


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj) -> str:
        return person(obj)


class HistoryFilterForm(forms.Form):
    """Which history rows to show or export."""

    record = forms.ChoiceField(
        label=_("Records"),
        choices=[(key, RECORD_LABELS[key]) for key in AUDITED],
        initial="case",
    )
    case = forms.CharField(
        label=_("Registration number"),
        max_length=64,
        required=False,
        help_text=_(
            "Only what belongs to this case: the case, its documents, its "
            "decisions, statements and minutes."
        ),
    )
    user = PersonChoiceField(
        label=_("Changed by"),
        queryset=User.objects.order_by("username"),
        required=False,
    )
    organisation = IdChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    since = DayField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = DayField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_case(self):
        """The primary keys of the cases with the number, or None for all."""
        number = self.cleaned_data["case"].strip()
        if not number:
            return None
        cases = list(
            Case.objects.filter(registration_number=number).values_list("pk", flat=True)
        )
        if not cases:
            raise forms.ValidationError(
                _("No case has this registration number."), code="unknown_case"
            )
        return cases

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(
                _("The start of the period is after its end."), code="period_reversed"
            )
        return data
