"""The form for the council's unanimous decision to handle an unannounced
matter (KL 5 kap. 15 §, R10)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms import ServiceForm
from casework.meetings.forms import ParticipantsChoiceField
from casework.meetings.models import Participant


class UnanimousConsentForm(ServiceForm):
    """All present agree unless someone objects; the objectors are ticked."""

    default_reason = "unanimous decision to handle an unannounced matter"

    objectors = ParticipantsChoiceField(
        label=_("Objected"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick anyone present who objected. One objection and the matter cannot "
            "be handled at this meeting."
        ),
    )

    def __init__(self, *args, present, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectors"].queryset = present
