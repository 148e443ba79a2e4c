"""Forms of the meeting pages; each feeds one service (or, where noted, a view
helper that runs two services in one transaction).

A form's field names are the keyword arguments of its service, so a view passes
``form.service_arguments()`` straight through. Refusals raised by a service come
back as form errors through ``add_service_error``.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casework.directory.models import Organisation, Party, Person
from casework.forms import (
    DayField,
    IdChoiceField,
    IdMultipleChoiceField,
    MomentField,
    ServiceForm,
)
from casework.meetings.models import (
    AttendanceChange,
    Ballot,
    Dissent,
    ItemParticipation,
    Meeting,
    Motion,
    MotionRefusal,
    Participant,
    Postponement,
    ProposedResolution,
    Statement,
)
from casework.meetings.services.meetings import seat_on
from casework.registry.models import Case

# "1. text", "2) text": the number is given by the order, not by the writer.
CLAUSE_NUMBER = re.compile(r"^\s*\d+\s*[.)]\s*")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


def clause_lines(text: str) -> list[str]:
    """One clause per non-empty line, without any number the writer typed."""
    lines = (CLAUSE_NUMBER.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def participant_label(participant: Participant) -> str:
    party = participant.party.code if participant.party else "–"
    seat = participant.get_seat_role_display()
    return f"{participant.person.full_name} ({party}), {seat}"


class ParticipantChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return participant_label(obj)


class ParticipantsChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return participant_label(obj)


class MotionChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.mover.person.full_name}: {obj.text[:80]}"


class RefusalChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        motion = obj.motion
        return f"{motion.mover.person.full_name}: {motion.text[:80]}"


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class CaseChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.registration_number} {obj.title}"


class ProposalChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.case.registration_number}: {obj.get_source_display()}"


class StatementChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        meeting = obj.item.meeting
        return (
            f"{obj.get_kind_display()} ({obj.party_rendering}), "
            f"{meeting.organisation} {meeting.held_on:%Y-%m-%d}"
        )


class ConfirmForm(ServiceForm):
    """A step without input: the button is the decision."""

    def __init__(self, *args, reason: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_reason = reason


# --- meetings -----------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    organisation = IdChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PlanMeetingForm(ServiceForm):
    default_reason = "planned"

    organisation = IdChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    held_on = DayField(label=_("Date"), widget=DateInput)
    starts_at = forms.TimeField(
        label=_("Start time"),
        initial=Meeting.USUAL_START,
        required=False,
        widget=TimeInput,
        help_text=_("Left empty, the meeting starts at 13.00."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = IdChoiceField(
        label=_("Chair"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Who chairs the meeting; must have a seat in the organisation."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["chair"].queryset = Person.objects.filter(
            assignments__organisation__in=organisations
        ).distinct()

    def clean(self):
        data = super().clean()
        organisation, chair, day = (
            data.get("organisation"),
            data.get("chair"),
            data.get("held_on"),
        )
        if organisation and chair and day and seat_on(chair, organisation, day) is None:
            self.add_error(
                "chair",
                ValidationError(
                    _("%(person)s has no seat in %(organisation)s on that day.")
                    % {"person": chair, "organisation": organisation},
                    code="chair_without_seat",
                ),
            )
        return data


class AddParticipantsForm(ServiceForm):
    """For ``views.meetings.add_participants``: each person through
    ``add_participant``, all or none."""

    default_reason = "participants recorded"

    people = IdMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members and substitutes with a seat on the meeting day. Substitutes "
            "do not serve until called in."
        ),
    )
    present = forms.BooleanField(label=_("Present"), required=False, initial=True)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class OpenMeetingForm(ServiceForm):
    default_reason = "meeting opened"

    minutes_checkers = IdMultipleChoiceField(
        label=_("Minutes checkers"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Appointed in the first paragraph; they sign with the chair."),
    )
    approval_due_at = MomentField(
        label=_("Time set for approval of the minutes"),
        widget=DateTimeInput,
        help_text=_(
            "Written statements are handed in before this time (KL 4 kap. 27 §)."
        ),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes_checkers"].queryset = people


class AttendanceChangeForm(ServiceForm):
    default_reason = "attendance changed"

    participant = ParticipantChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )
    change = forms.ChoiceField(
        label=_("Change"),
        choices=capitalised(AttendanceChange.Change.choices),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class AgendaItemForm(ServiceForm):
    """For ``views.meetings.add_item``: a new proposal, if written, and the item."""

    default_reason = "put on the agenda"

    case = CaseChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("Cases of the organisation and of the departments serving it."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to use the title of the case."),
    )
    proposal = ProposalChoiceField(
        label=_("Existing proposal"),
        queryset=ProposedResolution.objects.none(),
        required=False,
        help_text=_("A proposal already recorded in the case."),
    )
    source = forms.ChoiceField(
        label=_("Source of a new proposal"),
        choices=capitalised(ProposedResolution.Source.choices),
        initial=ProposedResolution.Source.OFFICER_REPORT,
    )
    introduction = forms.CharField(
        label=_("Introduction of a new proposal"),
        max_length=300,
        required=False,
        help_text=_("E.g. “Kontoret föreslår att nämnden beslutar följande.”"),
    )
    clauses = forms.CharField(
        label=_("Clauses of a new proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One clause per line; they are numbered in this order."),
    )
    is_public = forms.BooleanField(
        label=_("Open to the public"),
        required=False,
        help_text=_(
            "Items on exercise of authority or secrecy are closed (KL 6 kap. 25 §)."
        ),
    )
    appealable = forms.BooleanField(
        label=_("Appealable"),
        required=False,
        help_text=_(
            "Purely preparatory decisions cannot be appealed (KL 13 kap. 2 §)."
        ),
    )
    exercise_of_authority = forms.BooleanField(
        label=_("Exercise of public authority"), required=False
    )
    administrative_appeal = forms.BooleanField(
        label=_("Appealed by administrative appeal"),
        required=False,
        help_text=_(
            "Förvaltningsbesvär: those who take part in the final handling, the "
            "rapporteur included, may have a dissenting opinion recorded (FL 30 §). "
            "Not for decisions appealed by legality review (FL 2 §)."
        ),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["proposal"].queryset = ProposedResolution.objects.filter(
            case__in=cases
        ).select_related("case")

    def clean_clauses(self):
        return clause_lines(self.cleaned_data.get("clauses", ""))

    def clean(self):
        data = super().clean()
        case, proposal = data.get("case"), data.get("proposal")
        if not data.get("title") and case:
            data["title"] = case.title
        if not data.get("title") and "title" not in self.errors:
            self._refuse("title", _("Give a title or choose a case."), "no_title")
        if proposal and data.get("clauses"):
            self._refuse(
                "clauses",
                _("Choose an existing proposal or write a new one."),
                "two_proposals",
            )
        if (proposal or data.get("clauses")) and not case:
            self._refuse(
                "case",
                _("A proposal belongs to a case: choose the case."),
                "proposal_without_case",
            )
        elif proposal and proposal.case_id != case.pk:
            self._refuse(
                "proposal",
                _("The proposal belongs to another case."),
                "proposal_of_other_case",
            )
        return data

    def _refuse(self, field, message, code):
        self.add_error(field, ValidationError(message, code=code))


# --- items --------------------------------------------------------------------


class DeclarationForm(ServiceForm):
    """For ``views.items.item_declaration``: disqualification or abstention."""

    DISQUALIFIED = ItemParticipation.Status.DISQUALIFIED
    ABSTAINED = ItemParticipation.Status.ABSTAINED

    default_reason = "declared"

    participant = ParticipantChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )
    declaration = forms.ChoiceField(
        label=_("Declaration"),
        choices=[
            (DISQUALIFIED, _("Disqualified (leaves the item)")),
            (ABSTAINED, _("Does not take part in the decision")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class MotionForm(ServiceForm):
    default_reason = "motion recorded"

    mover = ParticipantChoiceField(
        label=_("Moved by"), queryset=Participant.objects.none()
    )
    text = forms.CharField(
        label=_("Motion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mover"].queryset = participants


class MotionsChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.mover.person.full_name}: {obj.text[:80]}"


class VoteForm(ServiceForm):
    """An open roll-call vote: one choice for every participant taking part (R8),
    and the motions it puts; a motion the chair refused is not offered (R12)."""

    default_reason = "vote recorded"

    question = forms.CharField(label=_("Question"), max_length=2000)
    yes_means = forms.CharField(label=_("Yes means"), max_length=300)
    no_means = forms.CharField(label=_("No means"), max_length=300)
    motions = MotionsChoiceField(
        label=_("Motions put to the question"),
        queryset=Motion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A motion the chair refuses to put is not listed (KL 5 kap. 57 §)."
        ),
    )

    def __init__(self, *args, participants, motions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if motions is not None:
            self.fields["motions"].queryset = motions
        self.voters = {}
        choices = [("", _("– choose –")), *capitalised(Ballot.Choice.choices)]
        for participant in participants:
            name = f"ballot_{participant.pk}"
            self.fields[name] = forms.ChoiceField(
                label=participant_label(participant), choices=choices
            )
            self.voters[name] = participant

    def ballot_fields(self):
        return [self[name] for name in self.voters]

    def question_fields(self):
        names = ["question", "yes_means", "no_means"]
        if self.fields["motions"].queryset.exists():
            names.append("motions")
        return [self[name] for name in names]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "question": data["question"],
            "yes_means": data["yes_means"],
            "no_means": data["no_means"],
            "ballots": {voter: data[name] for name, voter in self.voters.items()},
            "motions": list(data.get("motions") or []),
            "reason": self.default_reason,
        }


class DecisionForm(ServiceForm):
    default_reason = "decided"

    decision_text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_("As it is written in the minutes."),
    )


class PostponementForm(ServiceForm):
    """Tabling or referral back on request (R11): in the council one third of
    the members present can force it; otherwise the majority decides."""

    default_reason = "tabled or referred back"

    referred_back = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("false", _("Tabled")), ("true", _("Referred back"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    basis = forms.ChoiceField(
        label=_("Basis"),
        choices=capitalised(Postponement.Basis.choices),
        widget=forms.RadioSelect,
    )
    requesters = ParticipantsChoiceField(
        label=_("Requested by"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The members taking part who asked for it; for a minority request at "
            "least one third of the members present."
        ),
    )
    grounds = forms.CharField(
        label=_("Grounds for a referral back"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "As those who asked for the referral back put it (KL 5 kap. 51 §)."
        ),
    )

    def __init__(self, *args, participants, minority_right: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesters"].queryset = participants
        if not minority_right:
            self.fields["basis"].choices = capitalised(
                [(Postponement.Basis.MAJORITY, Postponement.Basis.MAJORITY.label)]
            )
            self.fields["basis"].initial = Postponement.Basis.MAJORITY


class MotionRefusalForm(ServiceForm):
    """The chair refuses to put a motion (KL 5:57, R12)."""

    default_reason = "motion refused"

    motion = MotionChoiceField(label=_("Motion"), queryset=Motion.objects.none())
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=capitalised(MotionRefusal.Ground.choices),
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("The chair's explanation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written in the minutes after the refusal."),
    )

    def __init__(self, *args, motions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = motions


class OverruleRefusalForm(ServiceForm):
    """The council decides that a motion refused as unlawful be put (R12)."""

    default_reason = "refusal overruled"

    refusal = RefusalChoiceField(
        label=_("Refused motion"), queryset=MotionRefusal.objects.none()
    )

    def __init__(self, *args, refusals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["refusal"].queryset = refusals


class DissentForm(ServiceForm):
    """A dissenting opinion under FL 30 § (R21)."""

    default_reason = "dissent recorded"

    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    capacity = forms.ChoiceField(
        label=_("Capacity"),
        choices=capitalised(Dissent.Capacity.choices),
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Dissenting opinion"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional; the minutes always record that it was announced."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


# --- minutes ------------------------------------------------------------------


def not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="in_future")


class NoticeForm(ServiceForm):
    """The notice is dated the day it is posted, by the clock (R28)."""

    default_reason = "notice posted"

    minutes_kept_at = forms.CharField(
        label=_("Where the minutes are kept"),
        max_length=300,
        help_text=_(
            "Said in the notice (KL 8 kap. 12 §), e.g. the department's address."
        ),
    )


def late_reason_field() -> forms.CharField:
    """Why a signature comes after the last day for approval (R24)."""
    return forms.CharField(
        label=_("Why the minutes are approved after the deadline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only after the last day for approval (14 days after the meeting, KL "
            "5 kap. 69 §)."
        ),
    )


class ApproveMinutesForm(ServiceForm):
    """The signer approves the text shown, identified by its SHA-256 digest."""

    default_reason = "minutes approved"

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    late_reason = late_reason_field()

    def __init__(self, *args, current_digest: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_digest = current_digest
        self.fields["digest"].initial = current_digest

    def clean_digest(self):
        if self.cleaned_data["digest"] != self.current_digest:
            raise ValidationError(
                _("The minutes changed after you opened this page; read them again."),
                code="minutes_changed",
            )
        return self.cleaned_data["digest"]

    def service_arguments(self) -> dict:
        # The service compares the digest again inside its transaction.
        return {
            "reason": self.default_reason,
            "digest": self.cleaned_data["digest"],
            "late_reason": self.cleaned_data["late_reason"],
        }


# --- statements ---------------------------------------------------------------


class AnnounceStatementForm(ServiceForm):
    default_reason = "announced at the meeting"

    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect)
    party = IdChoiceField(label=_("Party"), queryset=Party.objects.none())
    signatories = ParticipantsChoiceField(
        label=_("Signatories"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only those who took part in the decision may reserve (KL 4 kap. 27 §)."
        ),
    )

    def __init__(self, *args, kinds, parties, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = capitalised(kinds)
        self.fields["party"].queryset = parties
        self.fields["signatories"].queryset = participants

    def clean(self):
        data = super().clean()
        party = data.get("party")
        for participant in data.get("signatories") or ():
            if party and participant.party_id != party.pk:
                self.add_error(
                    "signatories",
                    ValidationError(
                        _("%(person)s does not sit for %(party)s.")
                        % {"person": participant.person, "party": party},
                        code="other_party",
                    ),
                )
        return data

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()
        arguments["signatories"] = [p.person for p in arguments["signatories"]]
        return arguments


class WriteStatementForm(ServiceForm):
    default_reason = "drafted"

    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=300,
        required=False,
        help_text=_("E.g. “Jag föreslår trafiknämnden besluta att”."),
    )
    clauses = forms.CharField(
        label=_("Clauses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One clause per line; they are numbered in this order."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50000,
    )
    refers_to = StatementChoiceField(
        label=_("Or refer to an earlier statement"),
        queryset=Statement.objects.none(),
        required=False,
        help_text=_(
            "“Med hänvisning till”: an earlier statement in the same case, instead of "
            "a text of its own."
        ),
    )

    def __init__(self, *args, earlier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["refers_to"].queryset = earlier

    def clean_clauses(self):
        return clause_lines(self.cleaned_data.get("clauses", ""))

    def clean(self):
        data = super().clean()
        own_text = data.get("introduction") or data.get("clauses") or data.get("text")
        if data.get("refers_to") and own_text:
            raise ValidationError(
                _("Either refer to an earlier statement or write a text, not both."),
                code="reference_and_text",
            )
        if not (data.get("refers_to") or own_text) and not self.errors:
            raise ValidationError(
                _("Write the statement or choose one to refer to."),
                code="empty_statement",
            )
        return data


class CoSignForm(ServiceForm):
    default_reason = "co-signed"

    participant = ParticipantChoiceField(
        label=_("Person"), queryset=Participant.objects.none()
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants

    def service_arguments(self) -> dict:
        return {
            "person": self.cleaned_data["participant"].person,
            "reason": self.default_reason,
        }
