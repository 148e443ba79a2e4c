"""Forms of the task pages on the desk; each feeds one step of a flow
(``workflows.referral``, ``workflows.response``, ``workflows.steps``), whose
keyword arguments are its field names."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Organisation, User
from casework.forms import (
    DayField,
    DeadlineField,
    IdChoiceField,
    IdMultipleChoiceField,
    ServiceForm,
)
from casework.meetings.models import Meeting
from casework.referrals.models import ReferralRecipient
from casework.registry.forms import DateInput, capitalised, people
from casework.registry.models import ConfidentialityMarking, Document
from permissions import rules

RECIPIENT_KINDS = (Organisation.Kind.COMMITTEE, Organisation.Kind.DISTRICT_COMMITTEE)


def text(label, *, rows=4, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def yes_no(label, *, yes, no):
    return forms.TypedChoiceField(
        label=label,
        choices=[(True, yes), (False, no)],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )


class PrepareReferralForm(ServiceForm):
    question = text(_("What the response concerns"), rows=5, required=True)
    response_deadline = DeadlineField(
        label=_("Respond by"),
        widget=DateInput,
        help_text=_(
            "Required: a referral states the date the answer is due (cf. FL 26 §)."
        ),
    )
    recipients = IdMultipleChoiceField(
        label=_("Recipients"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    documents = IdMultipleChoiceField(
        label=_("Documents sent with it"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential_confirmed = forms.BooleanField(
        label=_("Send the confidential documents chosen with the referral"),
        required=False,
        help_text=_(
            "Required when a document marked as confidential is chosen: the "
            "recipient's staff handling the referral will read it."
        ),
    )

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        recipients = Organisation.objects.filter(kind__in=RECIPIENT_KINDS)
        self.fields["recipients"].queryset = recipients.order_by("name")
        documents = rules.documents_visible_to(user, case).annotate(
            confidential=Exists(
                ConfidentialityMarking.objects.filter(
                    document=OuterRef("pk"), lifted_on__isnull=True
                )
            )
        )
        self.fields["documents"].queryset = documents.order_by("sequence")
        self.fields["documents"].label_from_instance = _document_label
        self.confidential_documents = [d for d in documents if d.confidential]


def _document_label(document) -> str:
    if document.confidential:
        return _("%(document)s – marked as confidential") % {"document": document}
    return str(document)


class SendForm(ServiceForm):
    """Sending has no input: the button is the decision."""


class ConfirmStepForm(ServiceForm):
    """A step without input: the button is the decision."""


class ExtensionDecisionForm(ServiceForm):
    grant = yes_no(_("Decision"), yes=_("Grant"), no=_("Refuse"))
    note = text(_("Note to the recipient"), rows=2)


class CompileForm(ServiceForm):
    summary = text(
        _("Compiled summary"),
        rows=14,
        required=True,
        help_text=_("The draft is built from the answers; edit it as needed."),
    )


class RegisterForm(ServiceForm):
    classification = forms.CharField(
        label=_("Classification code"),
        max_length=16,
        required=False,
        help_text=_("Required in registers that number cases by classification."),
    )


class AssignOfficerForm(ServiceForm):
    officer = IdChoiceField(label=_("Case officer"), queryset=User.objects.none())

    def __init__(self, *args, recipient, **kwargs):
        super().__init__(*args, **kwargs)
        officers = rules.report_writers_for(recipient.organisation)
        self.fields["officer"].queryset = people(officers)


class ReportForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    meeting_date = DayField(label=_("Meeting date"), widget=DateInput, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=100, required=False)
    clauses = text(
        _("Proposed resolution"),
        rows=4,
        required=True,
        help_text=_("One clause per line."),
    )
    summary = text(_("Summary"), rows=6)
    background = text(_("Background / the referral"), rows=6)
    preparation = text(_("Preparation of the case"), rows=3)
    opinions = text(_("The department's views"), rows=10)
    appendices = text(_("Appendices"), rows=3, help_text=_("One per line."))
    needs_division_review = forms.BooleanField(
        label=_("Approved by a head of division first"), required=False
    )

    def clean_clauses(self):
        lines = self.cleaned_data["clauses"].splitlines()
        return [line.strip() for line in lines if line.strip()]

    @classmethod
    def initial_from(cls, report) -> dict:
        if report is None:
            return {}
        sections = [name for name in cls.base_fields if name != "clauses"]
        initial = {name: getattr(report, name) for name in sections}
        clauses = report.proposal.clauses.order_by("number")
        initial["clauses"] = "\n".join(clause.text for clause in clauses)
        return initial


class DeclineForm(ServiceForm):
    reason_given = text(_("Why the committee does not answer"), rows=3, required=True)


class ExtensionRequestForm(ServiceForm):
    requested_until = DeadlineField(label=_("New deadline asked for"), widget=DateInput)
    reason_given = text(_("Reason"), rows=3, required=True)


class ReviewForm(ServiceForm):
    approve = yes_no(
        _("Decision"),
        yes=_("Approve"),
        no=_("Return to the case officer"),
    )
    comment = text(
        _("Comment"), rows=3, help_text=_("Required when returning the report.")
    )


class AgendaForm(ServiceForm):
    meeting = IdChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, recipient, **kwargs):
        super().__init__(*args, **kwargs)
        open_for_items = (
            Meeting.State.PLANNED,
            Meeting.State.NOTICE_SENT,
            Meeting.State.IN_PROGRESS,
        )
        self.fields["meeting"].queryset = Meeting.objects.filter(
            organisation=recipient.organisation, state__in=open_for_items
        ).order_by("held_on")


class AnswerForm(ServiceForm):
    stance = forms.ChoiceField(
        label=_("Stance"),
        choices=capitalised(ReferralRecipient.Stance.choices),
        widget=forms.RadioSelect,
    )
    decision_text = text(_("The committee's decision"), rows=4, required=True)
