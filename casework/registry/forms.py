"""Forms of the register's write pages; each feeds exactly one service.

A form's field names are the keyword arguments of its service, so a view passes
``form.service_arguments()`` straight through. Refusals raised by a service come
back as form errors through ``add_service_error``.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Organisation, User
from casework.forms import DayField, IdChoiceField, ServiceForm
from casework.registry.models import Document, Register
from casework.registry.services import OFFICIAL_BY_ACT
from casework.registry.uploads import ALLOWED, inspect_upload
from permissions import rules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="in_future")


def reason_field(help_text=None):
    return forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text or _("Recorded in the history together with your name."),
    )


def upload_help_text():
    types = ", ".join(sorted(extension.lstrip(".") for extension in ALLOWED))
    return _("Accepted types: %(types)s. At most %(size)s.") % {
        "types": types,
        "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
    }


def classification_error(register, classification):
    """Why ``classification`` cannot number a case in ``register``, or None."""
    if not register.requires_classification:
        return None
    if not classification:
        return ValidationError(
            _("This register needs a classification code."),
            code="classification_required",
        )
    sample = register.format_number(year=2000, seq=1, classification=classification)
    if sample is None or register.parse_number(sample) is None:
        return ValidationError(
            _("The classification code does not fit the register."),
            code="classification_format",
        )
    return None


def outside_plan_error(register, classification):
    """Why ``classification`` is not in the register's plan, or None (R75)."""
    plan = {code for code, _title in register.classification_choices()}
    if plan and classification and classification not in plan:
        return ValidationError(
            _("The code is not in the classification plan of the register."),
            code="classification_not_in_plan",
        )
    return None


def people(queryset):
    return queryset.order_by("last_name", "first_name", "username")


def capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


class CaseForm(ServiceForm):
    default_reason = "registered"

    register = IdChoiceField(label=_("Register"), queryset=Register.objects.none())
    classification = forms.CharField(
        label=_("Classification code"),
        max_length=16,
        required=False,
        help_text=_("Required in registers that number cases by classification."),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    case_officer = IdChoiceField(
        label=_("Case officer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional: a case officer can be assigned later."),
    )
    registered_on = DayField(
        label=_("Registered on"),
        initial=timezone.localdate,
        widget=DateInput,
        validators=[not_in_future],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        registers = rules.registers_for_registrar(user).select_related("organisation")
        self.fields["register"].queryset = registers
        self._offer_classification_plans(registers)
        organisations = {register.organisation for register in registers}
        officers = rules.case_officers_for(*organisations)
        self.fields["case_officer"].queryset = people(officers)

    def _offer_classification_plans(self, registers):
        """The codes of the registers' classification plans, in a list (R75)."""
        plans = [
            (register.name, register.classification_choices())
            for register in registers
            if register.classification_choices()
        ]
        if not plans:
            return
        field = self.fields["classification"]
        self.fields["classification"] = forms.ChoiceField(
            label=field.label,
            required=False,
            choices=[("", _("No classification code")), *plans],
            help_text=_("From the classification plan of the register."),
        )

    def clean(self):
        data = super().clean()
        register = data.get("register")
        if register is not None:
            classification = data.get("classification", "")
            error = classification_error(register, classification)
            if error is None:
                error = outside_plan_error(register, classification)
            if error is not None:
                self.add_error("classification", error)
            self._check_officer(register, data.get("case_officer"))
        return data

    def _check_officer(self, register, officer):
        officers = rules.case_officers_for(register.organisation)
        if officer is not None and not officers.filter(pk=officer.pk).exists():
            self.add_error(
                "case_officer",
                ValidationError(
                    _("This person does not work with the register's cases."),
                    code="officer_outside_organisation",
                ),
            )


class DocumentForm(ServiceForm):
    default_reason = "registered"

    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=capitalised(Document.Direction.choices),
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("Document type"),
        choices=capitalised(Document.Kind.choices),
        initial=Document.Kind.OTHER,
        help_text=_(
            "A working note is never made official; it becomes an official document "
            "only if it is archived (TF 2 kap. 12 §)."
        ),
    )
    dated = DayField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=DateInput,
        validators=[not_in_future],
        help_text=_("The day it was received or drawn up."),
    )
    counterpart = forms.CharField(
        label=_("Sender or recipient"),
        max_length=300,
        required=False,
        help_text=_("Required for incoming and outgoing documents."),
    )
    sender_protected = forms.BooleanField(
        label=_("Keep the sender out of the public entry"),
        required=False,
        help_text=_(
            "For a confidential document: the sender is shown only to those "
            "handling the case (OSL 5 kap. 2 §)."
        ),
    )
    late_reason = forms.CharField(
        label=_("Why registered late"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when an incoming document is registered later than the "
            "working day after it arrived (OSL 5 kap. 1 §)."
        ),
    )
    public_description = forms.CharField(
        label=_("Description"),
        max_length=500,
        help_text=_("Public in the register: leave out anything confidential."),
    )
    protected_description = forms.CharField(
        label=_("Protected description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept apart so that the rest of the entry can be public; shown only to "
            "those handling the case."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    upload = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = upload_help_text()

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            inspect_upload(upload)
        return upload


class ReviseDocumentForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    reason = reason_field(
        _("What changed and why; recorded in the history and on a new version.")
    )


class MakeOfficialForm(ServiceForm):
    because = forms.ChoiceField(label=_("Official because"), widget=forms.RadioSelect)
    reason = reason_field()

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        acts = [
            (value, label)
            for value, label in capitalised(Document.OfficialBecause.choices)
            if value in OFFICIAL_BY_ACT
            and not (
                value == Document.OfficialBecause.DISPATCHED
                and document.direction != Document.Direction.OUTGOING
            )
        ]
        self.fields["because"].choices = acts


class AttachmentForm(ServiceForm):
    upload = forms.FileField(label=_("File"))
    reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = upload_help_text()

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        inspect_upload(upload)
        return upload


class MarkConfidentialForm(ServiceForm):
    default_reason = "marked confidential"

    provision = forms.CharField(
        label=_("Provision"),
        max_length=100,
        help_text=_("Chapter and section of OSL, e.g. “OSL 21 kap. 1 §”."),
    )
    marked_on = DayField(
        label=_("Marked on"),
        initial=timezone.localdate,
        widget=DateInput,
        validators=[not_in_future],
    )
    authority = IdChoiceField(
        label=_("Authority"),
        queryset=Organisation.objects.none(),
        help_text=_("The authority that makes the marking."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = document.case.organisation_id
        self.fields["authority"].queryset = Organisation.objects.filter(
            Q(pk=organisation_id) | Q(departments=organisation_id)
        ).distinct()


class LiftMarkingForm(ServiceForm):
    reason = reason_field()


class AssignCaseOfficerForm(ServiceForm):
    officer = IdChoiceField(label=_("Case officer"), queryset=User.objects.none())
    reason = reason_field()

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        officers = rules.case_officers_for(case.organisation)
        self.fields["officer"].queryset = people(officers)


class CloseCaseForm(ServiceForm):
    reason = reason_field()
