"""Forms of the referral pages that write: the memorandum and its agenda."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Assignment, Organisation, Person
from casework.forms import IdChoiceField, ServiceForm, WholeNumberField


class MemorandumForm(ServiceForm):
    default_reason = "memorandum drafted"

    title = forms.CharField(label=_("Title"), max_length=500)
    commissioner_office = IdChoiceField(
        label=_("Commissioner's office"), queryset=Organisation.objects.none()
    )
    office_numeral = forms.CharField(
        label=_("Office numeral"),
        max_length=8,
        help_text=_("E.g. “I” for Rotel I."),
    )
    rapporteur = IdChoiceField(
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
    council_decides = forms.BooleanField(
        label=_("The council decides"),
        required=False,
        help_text=_(
            "The executive board proposes the decision to the municipal council; "
            "the case closes when the council's minutes are approved."
        ),
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

    meeting = IdChoiceField(label=_("Meeting"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings.order_by("held_on", "pk")
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.organisation} {meeting.held_on}"
        )


class MemorandumEditForm(MemorandumForm):
    """The draft memorandum's own fields; ``revision`` is the version the page
    was built from, so that a save over a colleague's is refused."""

    default_reason = "memorandum revised"

    revision = WholeNumberField(widget=forms.HiddenInput)

    field_order = [
        "title",
        "commissioner_office",
        "office_numeral",
        "rapporteur",
        "clauses",
        "opinions",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["council_decides"]

    @staticmethod
    def initial_from(memorandum, revision: int) -> dict:
        clauses = memorandum.proposal.clauses.order_by("number")
        return {
            "title": memorandum.title,
            "commissioner_office": memorandum.commissioner_office_id,
            "office_numeral": memorandum.office_numeral,
            "rapporteur": memorandum.rapporteur_id,
            "clauses": "\n".join(clause.text for clause in clauses),
            "opinions": memorandum.opinions,
            "revision": revision,
        }
