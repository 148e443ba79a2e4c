"""Organisations, parties, people, their political seats and their staff roles."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.records import field_error


class User(AbstractUser):
    """A person who logs in: staff, politicians, party secretaries, auditors."""

    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


def overlaps(start, end, other_start, other_end) -> Q:
    """A Q for rows whose [other_start, other_end] period overlaps [start, end]."""
    condition = Q(**{f"{other_end}__isnull": True}) | Q(**{f"{other_end}__gte": start})
    if end is not None:
        condition &= Q(**{f"{other_start}__lte": end})
    return condition


def active_on(day: datetime.date, start="valid_from", end="valid_to") -> Q:
    """A Q for rows whose validity period includes ``day``."""
    return Q(**{f"{start}__lte": day}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
    )


class Organisation(models.Model):
    """Any body or office of the municipality (sv. organ, nämnd, förvaltning)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("municipal council")
        EXECUTIVE_BOARD = "executive_board", _("executive board")
        PREPARATORY_BODY = "preparatory_body", _("preparatory body")
        COMMITTEE = "committee", _("committee")
        DISTRICT_COMMITTEE = "district_committee", _("district committee")
        DEPARTMENT = "department", _("department")
        COMMISSIONER_OFFICE = "commissioner_office", _("commissioner's office")

    class SpecialStatements(models.TextChoices):
        """Who may make a special statement (sv. särskilt uttalande), R18–R19."""

        NOT_ALLOWED = "not_allowed", _("not allowed")
        PARTICIPANTS = "participants", _("members taking part in the decision")
        MEMBERS_AND_SUBSTITUTES = (
            "members_and_substitutes",
            _("members and all substitutes"),
        )

    POLITICAL_KINDS = (
        Kind.COUNCIL,
        Kind.EXECUTIVE_BOARD,
        Kind.PREPARATORY_BODY,
        Kind.COMMITTEE,
        Kind.DISTRICT_COMMITTEE,
    )

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    serves = models.ForeignKey(
        "self",
        verbose_name=_("serves"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        help_text=_("For a department: the committee or board it works for."),
    )
    decides = models.BooleanField(
        _("takes decisions"),
        default=True,
        help_text=_("Off for a body that only prepares, such as the preparatory body."),
    )
    special_statements = models.CharField(
        _("special statements"),
        max_length=32,
        choices=SpecialStatements.choices,
        default=SpecialStatements.NOT_ALLOWED,
    )
    substitutes_may_record_opinion = models.BooleanField(
        _("non-serving substitutes may have an opinion recorded"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        if self.serves_id and self.kind != self.Kind.DEPARTMENT:
            raise field_error(
                "serves",
                _("Only a department serves another organisation."),
                code="serves_only_for_departments",
            )
        if self.serves_id and self.serves_id == self.pk:
            raise field_error(
                "serves",
                _("An organisation cannot serve itself."),
                code="serves_itself",
            )
        if self.special_statements != self.SpecialStatements.NOT_ALLOWED and (
            self.kind not in self.POLITICAL_KINDS
        ):
            raise field_error(
                "special_statements",
                _("Only political bodies take statements."),
                code="statements_only_for_political_bodies",
            )

    @property
    def is_political(self) -> bool:
        return self.kind in self.POLITICAL_KINDS


class Party(models.Model):
    """A political party with a normalised code (R77)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def code_on(self, day: datetime.date) -> str:
        """The designation in use on ``day`` (FP before 2015, L after; R77)."""
        for designation in self.designations.all():
            if designation.valid_from <= day and (
                designation.valid_to is None or day <= designation.valid_to
            ):
                return designation.code
        return self.code


class PartyDesignation(models.Model):
    """A code and name a party used during a period, e.g. FP until 2015 (R77)."""

    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="designations",
    )
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party", "valid_from"]
        verbose_name = _("party designation")
        verbose_name_plural = _("party designations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="directory_partydesignation_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.code} ({self.valid_from:%Y}–)"


class Person(models.Model):
    """A named person: politician or official, with or without a login."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        """R3 holds when a login is linked to a person who already has seats."""
        if self.user_id is None or self.pk is None:
            return
        for seat in Assignment.objects.filter(person_id=self.pk):
            seat.refuse_ineligible(self.user_id)


class PeriodQuerySet(models.QuerySet):
    """Rows valid for a period (valid_from–valid_to)."""

    def active(self, day: datetime.date | None = None):
        return self.filter(active_on(day or datetime.date.today()))


HEAD_IN_OWN_COMMITTEE = _(
    "A head of department cannot sit in the committee that the department serves (KL "
    "7 kap. 3 §)."
)
DIRECTOR_NOT_ELIGIBLE = _(
    "The city director is not eligible for any seat in the municipality (KL 7 kap. "
    "3 §)."
)


def refuse_ineligible_seat(*, user_id, organisation_id, role, valid_from, valid_to):
    """R3: the head of a department holds no deciding seat in the committee the
    department serves; the director, who heads the office under the executive
    board (KL 7:1), holds no seat at all during the period of the seat."""
    if user_id is None:
        return
    heads = StaffRole.objects.filter(
        overlaps(valid_from, valid_to, "valid_from", "valid_to"),
        user_id=user_id,
        role=StaffRole.Role.HEAD_OF_DEPARTMENT,
    )
    if heads.filter(
        organisation__serves__kind=Organisation.Kind.EXECUTIVE_BOARD
    ).exists():
        raise ValidationError(DIRECTOR_NOT_ELIGIBLE, code="director_not_eligible")
    if (
        role in Assignment.DECIDING_ROLES
        and heads.filter(organisation__serves_id=organisation_id).exists()
    ):
        raise ValidationError(
            HEAD_IN_OWN_COMMITTEE, code="head_of_department_in_own_committee"
        )


class Assignment(models.Model):
    """A person's seat in an organisation for a period (sv. uppdrag, R2)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        SUBSTITUTE = "substitute", _("substitute")
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        COMMISSIONER = "commissioner", _("commissioner")
        RAPPORTEUR = "rapporteur", _("rapporteur")

    SEAT_ROLES = (Role.MEMBER, Role.SUBSTITUTE, Role.CHAIR, Role.VICE_CHAIR)
    # Every seat that takes part in deciding (R3, R7); the rapporteur only reports.
    DECIDING_ROLES = (*SEAT_ROLES, Role.COMMISSIONER)

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "role", "person"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="directory_assignment_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.organisation}"

    def clean(self):
        if self.organisation_id and not self.organisation.is_political:
            raise field_error(
                "organisation",
                _("Seats exist only in political bodies."),
                code="seat_in_non_political_body",
            )
        if self.person_id and self.organisation_id:
            self.refuse_ineligible(self.person.user_id)

    def refuse_ineligible(self, user_id) -> None:
        """R3 for this seat held by the person with login ``user_id``."""
        refuse_ineligible_seat(
            user_id=user_id,
            organisation_id=self.organisation_id,
            role=self.role,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


class StaffRole(models.Model):
    """A user's role as staff of an organisation, or of a party, or city-wide."""

    class Role(models.TextChoices):
        REGISTRAR = "registrar", _("registrar")
        CASE_OFFICER = "case_officer", _("case officer")
        HEAD_OF_DIVISION = "head_of_division", _("head of division")
        HEAD_OF_DEPARTMENT = "head_of_department", _("head of department")
        COMMITTEE_SECRETARY = "committee_secretary", _("committee secretary")
        PARTY_SECRETARY = "party_secretary", _("party secretary")
        AUDITOR = "auditor", _("auditor")

    ORGANISATION_ROLES = (
        Role.REGISTRAR,
        Role.CASE_OFFICER,
        Role.HEAD_OF_DIVISION,
        Role.HEAD_OF_DEPARTMENT,
        Role.COMMITTEE_SECRETARY,
    )

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="staff_roles",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_roles",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_roles",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="directory_staffrole_period_ordered",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=[
                            "registrar",
                            "case_officer",
                            "head_of_division",
                            "head_of_department",
                            "committee_secretary",
                        ],
                        organisation__isnull=False,
                        party__isnull=True,
                    )
                    | Q(role="party_secretary", party__isnull=False)
                    | Q(role="auditor", organisation__isnull=True, party__isnull=True)
                ),
                name="directory_staffrole_scope_matches_role",
            ),
        ]

    def __str__(self):
        scope = self.organisation or self.party or _("the whole city")
        return f"{self.user} – {self.get_role_display()}, {scope}"

    def clean(self):
        self._require_scope()
        if (
            self.role == self.Role.HEAD_OF_DEPARTMENT
            and self.organisation_id
            and self.user_id
        ):
            self._refuse_seat_in_served_committee()

    def _require_scope(self):
        if self.role in self.ORGANISATION_ROLES and not self.organisation_id:
            raise field_error(
                "organisation",
                _("This role needs an organisation."),
                code="organisation_required",
            )
        if self.role in self.ORGANISATION_ROLES and self.party_id:
            raise field_error(
                "party",
                _("This role is not tied to a party."),
                code="party_not_allowed",
            )
        if self.role == self.Role.PARTY_SECRETARY and not self.party_id:
            raise field_error(
                "party", _("A party secretary needs a party."), code="party_required"
            )
        if self.role == self.Role.AUDITOR and (self.organisation_id or self.party_id):
            raise ValidationError(
                _("The auditor role is city-wide."), code="auditor_is_city_wide"
            )

    def _refuse_seat_in_served_committee(self):
        """R3: the head of a department may not sit in the committee it serves;
        the director, who heads the office under the executive board, nowhere."""
        served = self.organisation.serves
        if served is None:
            return
        seats = Assignment.objects.filter(
            overlaps(self.valid_from, self.valid_to, "valid_from", "valid_to"),
            person__user_id=self.user_id,
        )
        if served.kind == Organisation.Kind.EXECUTIVE_BOARD and seats.exists():
            raise ValidationError(DIRECTOR_NOT_ELIGIBLE, code="director_not_eligible")
        deciding = seats.filter(organisation=served, role__in=Assignment.DECIDING_ROLES)
        if deciding.exists():
            raise ValidationError(
                HEAD_IN_OWN_COMMITTEE, code="head_of_department_in_own_committee"
            )
