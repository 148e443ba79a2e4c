"""Forms of the notice board, paragraph and delegation pages; as in ``forms``,
field names are the keyword arguments of one service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casework.forms import DayField, IdChoiceField, MomentField
from casework.meetings.forms import (
    DateInput,
    DateTimeInput,
    ServiceForm,
    not_in_future,
)
from casework.meetings.models import ApprovalMethod, MatterCategory


class ApproveParagraphForm(ServiceForm):
    """The chair and the checkers approve the paragraph text shown (R25, R27)."""

    default_reason = "paragraph approved at the meeting"

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    method = forms.ChoiceField(
        label=_("How the paragraph was approved"),
        choices=[(v, capfirst(label)) for v, label in ApprovalMethod.choices],
        initial=ApprovalMethod.IN_SYSTEM,
        widget=forms.RadioSelect,
    )
    validation_data = forms.CharField(
        label=_("Validation data of the electronic signature"),
        required=False,
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As the e-identification service returned it; kept unchanged."),
    )

    def __init__(self, *args, current_digest: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_digest = current_digest
        self.fields["digest"].initial = current_digest

    def clean_digest(self):
        if self.cleaned_data["digest"] != self.current_digest:
            raise ValidationError(
                _("The paragraph changed after you opened this page; read it again."),
                code="paragraph_changed",
            )
        return self.cleaned_data["digest"]


class ExecutionForm(ServiceForm):
    default_reason = "decision executed"

    executed_on = DayField(
        label=_("Executed on"),
        initial=timezone.localdate,
        widget=DateInput,
        validators=[not_in_future],
    )
    description = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutageForm(ServiceForm):
    default_reason = "notice board outage logged"

    started_at = MomentField(label=_("Down from"), widget=DateTimeInput)
    ended_at = MomentField(
        label=_("Up again at"),
        required=False,
        widget=DateTimeInput,
        help_text=_("Leave empty while the board is still down."),
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndOutageForm(ServiceForm):
    default_reason = "notice board up again"

    ended_at = MomentField(label=_("Up again at"), widget=DateTimeInput)


class DelegatedDecisionForm(ServiceForm):
    default_reason = "delegated decision recorded"

    organisation = IdChoiceField(label=_("Organisation"), queryset=None)
    delegate = forms.CharField(
        label=_("Delegate"),
        max_length=200,
        help_text=_("Name and title, e.g. “Jonas Eliasson, trafikdirektör”."),
    )
    delegation_point = forms.CharField(
        label=_("Point in the delegation order"),
        max_length=50,
        help_text=_("The point of the order in force on the decision day."),
    )
    matter = forms.ChoiceField(
        label=_("Kind of matter"),
        choices=[(v, capfirst(label)) for v, label in MatterCategory.choices],
        initial=MatterCategory.ORDINARY,
        help_text=_(
            "Statements to the council and the other matters of KL 6 kap. 38 § "
            "cannot be decided on delegation."
        ),
    )
    decided_on = DayField(
        label=_("Decided on"), widget=DateInput, validators=[not_in_future]
    )
    registration_number = forms.CharField(label=_("Case number (Dnr)"), max_length=50)
    text = forms.CharField(
        label=_("Decision"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    appealable = forms.BooleanField(label=_("Appealable under KL 13"), required=False)
    reported = forms.BooleanField(
        label=_("Reported to the committee"),
        required=False,
        initial=True,
        help_text=_(
            "Appealable decisions that are not reported are recorded in a separate "
            "protocol and posted on the notice board (KL 6 kap. 40 §, 8 kap. 10 §)."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DrawUpProtocolForm(ServiceForm):
    default_reason = "protocol of delegated decisions drawn up"

    organisation = IdChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
