"""Forms of the signing pages; as in ``forms``, field names are the keyword
arguments of one service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Person
from casework.forms import DayField
from casework.meetings.forms import (
    DateInput,
    PersonChoiceField,
    ServiceForm,
    late_reason_field,
)


class PaperSignatureForm(ServiceForm):
    """The secretary records a signature made on the printed minutes (R27)."""

    default_reason = "signature on paper recorded"

    person = PersonChoiceField(
        label=_("Who signed"),
        queryset=Person.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    signed_on = DayField(
        label=_("Signed on"), initial=timezone.localdate, widget=DateInput
    )
    reference = forms.CharField(
        label=_("Where the signed page is kept"),
        max_length=300,
        help_text=_(
            "The archive reference of the signed paper page, or the document "
            "number of its scan."
        ),
    )

    late_reason = late_reason_field()

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = signers
