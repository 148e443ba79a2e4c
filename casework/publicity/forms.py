"""Forms of public access: the public request form with its spam guard, and the
registrar's forms; each feeds one service (field names are its arguments)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casework.forms import IdChoiceField, ServiceForm
from casework.publicity.models import Assessment, MaskedRendition
from casework.registry.forms import reason_field
from casework.registry.models import Document
from permissions import publicity as access
from permissions import rules

PROVISION_HELP = _("Chapter and section of OSL, e.g. “OSL 21 kap. 1 §”.")
HONEYPOT = "website"


class RequestForm(ServiceForm):
    """Anyone asks; only what to ask for and whom are needed (TF 2:18, R63).
    ``website`` is a trap for robots: hidden from people, who leave it empty."""

    organisation = IdChoiceField(
        label=_("Authority"),
        queryset=access.authorities_taking_requests(),
        help_text=_("The authority that keeps the document."),
    )
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=64,
        required=False,
        help_text=_("If you know it, e.g. “T2016-01906”."),
    )
    asked_for = forms.CharField(
        label=_("What you want"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Describe the document, e.g. its subject and date. You need not say "
            "why you want it."
        ),
    )
    requester_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        help_text=_("You may ask anonymously."),
    )
    requester_contact = forms.CharField(
        label=_("E-mail or address (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "Only if you want the answer sent to you; otherwise keep the receipt "
            "link you get after sending."
        ),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT):
            raise forms.ValidationError(
                _("The request could not be sent."), code="spam_trap"
            )
        return data

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()
        arguments.pop(HONEYPOT, None)
        return arguments


class AskForDecisionForm(ServiceForm):
    confirm = forms.BooleanField(
        label=_("I ask for a written decision that I can appeal"),
    )
    note = forms.CharField(
        label=_("Anything you want to add (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. why you think the information is not secret."),
    )

    def service_arguments(self) -> dict:
        return {"note": self.cleaned_data["note"]}


class AssessForm(ServiceForm):
    default_reason = "document assessed"

    document = forms.CharField(
        label=_("Document"),
        max_length=80,
        help_text=_(
            "Its designation: the registration number and the document "
            "number, e.g. “T2016-01906-2”."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, capfirst(text)) for value, text in Assessment.Outcome.choices],
        widget=forms.RadioSelect,
    )
    provision = forms.CharField(
        label=_("Provision"),
        max_length=100,
        required=False,
        help_text=_("For a refusal or a masked copy. %(example)s")
        % {"example": PROVISION_HELP},
    )
    rendition = IdChoiceField(
        label=_("Masked copy"),
        queryset=MaskedRendition.objects.none(),
        required=False,
        help_text=_("For a release with passages masked."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = rules.access_for(user).organisations(*access.DISCLOSING_ROLES)
        self.fields["rendition"].queryset = MaskedRendition.objects.filter(
            original__case__organisation_id__in=scope
        ).select_related("original__case")
        self.fields["rendition"].label_from_instance = _rendition_label

    def clean_document(self):
        designation = self.cleaned_data["document"].strip()
        number, _dash, sequence = designation.rpartition("-")
        document = None
        if number and sequence.isdigit() and len(sequence) < 9:
            document = (
                Document.objects.select_related("case")
                .filter(case__registration_number=number, sequence=int(sequence))
                .first()
            )
        if (
            document is None
            or not rules.documents_visible_to(self.user, document.case)
            .filter(pk=document.pk)
            .exists()
        ):
            raise forms.ValidationError(
                _("No document with that designation in your registers."),
                code="no_such_document",
            )
        return document


def _rendition_label(rendition: MaskedRendition) -> str:
    return _("%(designation)s, masked %(date)s (%(provisions)s)") % {
        "designation": rendition.original.designation,
        "date": f"{rendition.created_at:%Y-%m-%d}",
        "provisions": rendition.provisions,
    }


class RequestAnswerForm(ServiceForm):
    default_reason = "request answered"

    answer = forms.CharField(
        label=_("Answer to the requester"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown with the assessments on the requester's receipt page; needed "
            "when no document was assessed, e.g. when none exists."
        ),
    )


class RefusalDecisionForm(ServiceForm):
    default_reason = "refusal decided"

    grounds = forms.CharField(
        label=_("Grounds"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the information is secret, with the provisions applied."),
    )


class RecordDecisionAskedForm(ServiceForm):
    """The registrar records that the requester asked for a decision, e.g. by
    telephone or letter."""

    confirm = forms.BooleanField(
        label=_("The requester has asked for an appealable decision"),
    )
    note = forms.CharField(
        label=_("How the requester asked"),
        max_length=2000,
        required=False,
        help_text=_("E.g. “by telephone on 3 March”."),
    )

    def service_arguments(self) -> dict:
        return {"note": self.cleaned_data["note"]}


class RenditionForm(ServiceForm):
    default_reason = "masked copy made"

    marked_text = forms.CharField(
        label=_("Text with masks"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Enclose each secret passage in [[ and ]], e.g. [[OSL 21 kap. 1 §: the "
            "passage]]; a mask without a provision takes the default below. Leave "
            "the rest of the text as it is."
        ),
    )
    default_provision = forms.CharField(
        label=_("Default provision"),
        max_length=100,
        required=False,
        help_text=PROVISION_HELP,
    )


class PublicationForm(ServiceForm):
    reason = reason_field()


class ParagraphSecrecyForm(ServiceForm):
    default_reason = "paragraph marked secret"

    provision = forms.CharField(
        label=_("Provision"), max_length=100, help_text=PROVISION_HELP
    )


class UnmarkParagraphForm(ServiceForm):
    reason = reason_field()
