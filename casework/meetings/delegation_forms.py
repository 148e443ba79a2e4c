"""Forms of the delegation order, the urgent decisions of the chair and the
council's motions; as in ``forms``, field names are the keyword arguments of
one service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Assignment, Person
from casework.forms import DayField, IdChoiceField, ServiceForm
from casework.meetings.forms import (
    DateInput,
    PersonChoiceField,
    capitalised,
    not_in_future,
)
from casework.meetings.models import CouncilMotion, DelegationPoint, MatterCategory


def past_date(label, **options):
    return DayField(
        label=label,
        widget=DateInput,
        validators=[not_in_future],
        **options,
    )


class OrganisationForm(ServiceForm):
    default_reason = "new version of the delegation order started"

    organisation = IdChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PointForm(ServiceForm):
    """A point of the draft. Every kind of matter is offered, so that the
    editor can say why one of them is never delegated (R47)."""

    default_reason = "point of the delegation order saved"

    number = forms.CharField(
        label=_("Point"), max_length=20, help_text=_("E.g. “3.1”.")
    )
    matter = forms.CharField(
        label=_("What may be decided"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ChoiceField(
        label=_("Kind of matter"),
        choices=capitalised(MatterCategory.choices),
        help_text=_(
            "Goals, budget and quality, statements to the council, appealed "
            "decisions, matters of principle and citizens' proposals stay with the "
            "body (KL 6 kap. 38 §)."
        ),
    )
    delegate_kind = forms.ChoiceField(
        label=_("Delegated to"),
        choices=capitalised(DelegationPoint.DelegateKind.choices),
        initial=DelegationPoint.DelegateKind.EMPLOYEE,
    )
    delegate = forms.CharField(
        label=_("Role or position"),
        max_length=200,
        help_text=_("E.g. “förvaltningschef” or “ordföranden”."),
    )
    limits = forms.CharField(
        label=_("Limits"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    appeal = forms.ChoiceField(
        label=_("How its decisions are appealed"),
        choices=capitalised(DelegationPoint.Appeal.choices),
        initial=DelegationPoint.Appeal.LEGALITY,
    )


class AdoptOrderForm(ServiceForm):
    default_reason = "delegation order adopted"

    adopted_on = past_date(_("Adopted on"), help_text=_("The day of the decision."))
    decision_paragraph = forms.CharField(
        label=_("Paragraph of the decision"),
        max_length=50,
        help_text=_("As in the minutes, e.g. “§ 12”."),
    )
    in_force_from = DayField(
        label=_("In force from"),
        required=False,
        widget=DateInput,
        help_text=_("Left empty, the order is in force from the day of the decision."),
    )
    registration_number = forms.CharField(
        label=_("Case number (Dnr)"), max_length=50, required=False
    )


class InForceForm(forms.Form):
    """Which version was in force on a day (R46)."""

    day = DayField(label=_("In force on"), widget=DateInput)


class ChairDecisionForm(ServiceForm):
    default_reason = "urgent decision by the chair recorded"

    organisation = IdChoiceField(label=_("Organisation"), queryset=None)
    decided_by = PersonChoiceField(
        label=_("Decided by"),
        queryset=Person.objects.none(),
        help_text=_("The chair, or the vice chair standing in."),
    )
    decided_on = past_date(_("Decided on"), initial=timezone.localdate)
    registration_number = forms.CharField(label=_("Case number (Dnr)"), max_length=50)
    text = forms.CharField(
        label=_("Decision"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    urgency = forms.CharField(
        label=_("Why it could not wait"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["decided_by"].queryset = Person.objects.filter(
            assignments__organisation__in=organisations,
            assignments__role__in=[
                Assignment.Role.CHAIR,
                Assignment.Role.VICE_CHAIR,
            ],
        ).distinct()


class CouncilMotionForm(ServiceForm):
    default_reason = "motion recorded on its case"

    kind = forms.ChoiceField(
        label=_("Kind"), choices=capitalised(CouncilMotion.Kind.choices)
    )
    lodged_on = past_date(
        _("Lodged on"), help_text=_("The day it was lodged with the council.")
    )
    submitted_by = forms.CharField(label=_("Submitted by"), max_length=300)


class PreparationReportForm(ServiceForm):
    default_reason = "state of preparation reported"

    reported_on = past_date(_("Reported on"), initial=timezone.localdate)
    text = forms.CharField(
        label=_("State of the preparation"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
