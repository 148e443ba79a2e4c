"""The one place that answers "may this user do X to this object?" and "which
objects may this user see?".

Access comes from a user's active staff roles, scoped to organisations with joins
(rules.md (d), V1–V5), and from per-object guardian grants for single exceptions
(``permissions.grants`` writes them). An object a user may not see answers 404.
"""

from django.db.models import (
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone

from casework.directory.models import Assignment, Organisation, StaffRole, User
from casework.registry.models import (
    Attachment,
    Case,
    ConfidentialityMarking,
    Document,
    Register,
)
from permissions import codes

Role = StaffRole.Role
HANDLING_ROLES = (
    Role.REGISTRAR,
    Role.CASE_OFFICER,
    Role.HEAD_OF_DIVISION,
    Role.HEAD_OF_DEPARTMENT,
)
CACHE_ATTRIBUTE = "_casework_access"


class Access:
    """A user's active roles, read once per request."""

    def __init__(self, user):
        rows = _access_rows(user, timezone.localdate())
        self.user = user
        self.roles = [
            (role, org, serves) for kind, role, org, serves in rows if kind == "role"
        ]
        self.seat_organisations = {org for kind, _r, org, _s in rows if kind == "seat"}
        # Organisations serving one the user works for or its served body: a
        # superset of what ``organisations`` adds for any subset of roles.
        self._served = [
            (org, serves) for kind, _r, org, serves in rows if kind == "served"
        ]
        self._scopes = {}

    @property
    def is_auditor(self) -> bool:
        return any(role == Role.AUDITOR for role, _org, _serves in self.roles)

    def organisations(self, *roles) -> set[int]:
        """The organisations the user works for in any of ``roles``.

        Staff of a department also work for the committee it serves, and staff of
        a committee for the departments serving it.
        """
        key = roles or ("*",)
        if key not in self._scopes:
            direct = {
                (org, serves)
                for role, org, serves in self.roles
                if org is not None and (not roles or role in roles)
            }
            scope = {org for org, _serves in direct} | {
                serves for _org, serves in direct if serves
            }
            scope |= {org for org, serves in self._served if serves in scope}
            self._scopes[key] = scope
        return self._scopes[key]

    def handles(self, organisation_id: int) -> bool:
        return organisation_id in self.organisations(*HANDLING_ROLES)


def _access_rows(user, today) -> list[tuple[str, str, int, int | None]]:
    """In one query: the user's active staff roles ("role", role, organisation,
    the body it serves), seats ("seat", "", organisation, None) and the
    organisations serving those the roles are in ("served", "", organisation,
    the body it serves)."""
    text, number = CharField(), IntegerField()
    roles = StaffRole.objects.active(today).filter(user=user)
    role_rows = (
        roles.annotate(
            row_kind=Value("role", output_field=text),
            row_org=F("organisation_id"),
            row_serves=F("organisation__serves_id"),
        )
        .values_list("row_kind", "role", "row_org", "row_serves")
        .order_by()
    )
    seat_rows = (
        Assignment.objects.active(today)
        .filter(person__user=user)
        .annotate(
            row_kind=Value("seat", output_field=text),
            row_role=Value("", output_field=text),
            row_org=F("organisation_id"),
            row_serves=Value(None, output_field=number),
        )
        .values_list("row_kind", "row_role", "row_org", "row_serves")
        .order_by()
    )
    served_rows = (
        Organisation.objects.filter(
            Q(serves__in=roles.values("organisation_id"))
            | Q(
                serves__in=roles.exclude(organisation__serves=None).values(
                    "organisation__serves_id"
                )
            )
        )
        .annotate(
            row_kind=Value("served", output_field=text),
            row_role=Value("", output_field=text),
            row_org=F("pk"),
            row_serves=F("serves_id"),
        )
        .values_list("row_kind", "row_role", "row_org", "row_serves")
        .order_by()
    )
    return list(role_rows.union(seat_rows, served_rows, all=True))


def access_for(user) -> Access:
    """The user's access, cached on the user object for the current request."""
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = Access(user)
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def _anonymous(user) -> bool:
    return not getattr(user, "is_authenticated", False) or not user.is_active


# --- cases --------------------------------------------------------------------


def cases_visible_to(user) -> QuerySet:
    """The cases a user may see: those of the organisations the user works for or
    sits in; every case for an auditor."""
    if _anonymous(user):
        return Case.objects.none()
    access = access_for(user)
    if access.is_auditor:
        return Case.objects.all()
    organisations = access.organisations() | access.seat_organisations
    return Case.objects.filter(organisation_id__in=organisations)


def get_case_for_user_or_404(user, pk) -> Case:
    try:
        return (
            cases_visible_to(user)
            .select_related("register", "organisation", "case_officer")
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def can_view_case(user, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def _case_organisation_ids(user) -> set[int] | None:
    """The organisations whose cases the user sees; None means all (auditor)."""
    access = access_for(user)
    if access.is_auditor:
        return None
    return access.organisations() | access.seat_organisations


def organisations_with_cases_visible_to(user) -> QuerySet:
    """The organisations whose cases the user may see, e.g. to filter a case list."""
    if _anonymous(user):
        return Organisation.objects.none()
    scope = _case_organisation_ids(user)
    if scope is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=scope)


def registers_visible_to(user) -> QuerySet:
    """The registers kept by the organisations whose cases the user may see."""
    if _anonymous(user):
        return Register.objects.none()
    scope = _case_organisation_ids(user)
    if scope is None:
        return Register.objects.all()
    return Register.objects.filter(organisation_id__in=scope)


def case_officers_for(
    *organisations: Organisation, roles: tuple = HANDLING_ROLES
) -> QuerySet:
    """The active users who may handle cases of ``organisations`` (sv. handläggare):
    handling staff of the organisation, of the body it serves and of the
    departments serving either, the same scope as ``Access.organisations``."""
    related = Q(pk__in=[])
    for organisation in organisations:
        related |= Q(organisation=organisation) | Q(organisation__serves=organisation)
        if organisation.serves_id:
            related |= Q(organisation_id=organisation.serves_id)
            related |= Q(organisation__serves_id=organisation.serves_id)
    staff = StaffRole.objects.active(timezone.localdate()).filter(
        related, role__in=roles
    )
    return User.objects.filter(is_active=True, pk__in=staff.values("user_id"))


def report_writers_for(organisation: Organisation) -> QuerySet:
    """Who may be made responsible for a referral's officer report (R42): the
    handling staff of ``organisation`` who write it, not its registrars."""
    return case_officers_for(organisation, roles=TASK_ROLES[codes.DRAFT_OFFICER_REPORT])


def registers_for_registrar(user) -> QuerySet:
    """The registers in which the user may register cases."""
    if _anonymous(user):
        return Register.objects.none()
    organisations = access_for(user).organisations(Role.REGISTRAR)
    return Register.objects.filter(organisation_id__in=organisations)


def can_register_case(user, register: Register) -> bool:
    return registers_for_registrar(user).filter(pk=register.pk).exists()


def can_edit_case(user, case: Case) -> bool:
    """Registrars of the organisation, and the case's own officer."""
    if _anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    access = access_for(user)
    return case.organisation_id in access.organisations(Role.REGISTRAR) or (
        case.case_officer_id == user.pk and access.handles(case.organisation_id)
    )


def can_register_document(user, case: Case) -> bool:
    return can_edit_case(user, case)


def can_close_case(user, case: Case) -> bool:
    if _anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return case.organisation_id in access_for(user).organisations(Role.REGISTRAR)


def can_assign_case_officer(user, case: Case) -> bool:
    if _anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return case.organisation_id in access_for(user).organisations(
        Role.REGISTRAR, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT
    )


def can_see_protected_description(user, case: Case) -> bool:
    """The protected part of a register entry (R54) is for those handling it."""
    if _anonymous(user):
        return False
    access = access_for(user)
    return access.is_auditor or access.handles(case.organisation_id)


# --- documents ----------------------------------------------------------------


def _active_marking():
    return ConfidentialityMarking.objects.filter(
        document=OuterRef("pk"), lifted_on__isnull=True
    )


def documents_visible_to(user, case: Case) -> QuerySet:
    """The documents of a visible case a user may see: the filter form of
    ``can_view_document``.

    Drafts only to the staff handling the case, and a draft written through an
    officer report or a memorandum only to those its record admits (TU_UTKAST,
    PM_UTKAST); confidential documents only to its registrars, its case officer
    and its heads, and to auditors (logged later); official documents to
    everyone who may see the case.
    """
    documents = Document.objects.filter(case=case)
    if _anonymous(user):
        return documents.none()
    access = access_for(user)
    handles = access.handles(case.organisation_id)
    if not handles:
        documents = documents.filter(state=Document.State.OFFICIAL)
    elif hidden := _record_drafts_hidden_from(user, case):
        documents = documents.exclude(pk__in=hidden)
    if not (handles or access.is_auditor):
        granted = _granted_document_ids(user, case)
        documents = documents.filter(~Exists(_active_marking()) | Q(pk__in=granted))
    return documents


def _record_drafts_hidden_from(user, case: Case) -> list[int]:
    """The drafts of ``case`` written through an officer report or a
    memorandum whose own page the user may not read: a department's registrar
    does not read a report still in its approval chain (issue 10 point 1)."""
    drafts = (
        Document.objects.filter(case=case, state=Document.State.DRAFT)
        .filter(Q(officer_report__isnull=False) | Q(memorandum__isnull=False))
        .select_related("officer_report__case", "memorandum__case")
    )
    return [d.pk for d in drafts if not _record_admits(user, d)]


def _record_admits(user, document: Document) -> bool:
    """Whether the record the document is written through, if any, may be read
    by the user on its own page."""
    report = getattr(document, "officer_report", None)
    if report is not None:
        return can_view_officer_report(user, report)
    memorandum = getattr(document, "memorandum", None)
    return memorandum is None or can_view_memorandum(user, memorandum)


def _granted_document_ids(user, case: Case) -> list[int]:
    from guardian.shortcuts import get_objects_for_user

    return list(
        get_objects_for_user(
            user,
            codes.VIEW_CONFIDENTIAL_DOCUMENT,
            klass=Document.objects.filter(case=case),
            accept_global_perms=False,
        ).values_list("pk", flat=True)
    )


# The staff of a recipient who read what a referral sent it (R42): its
# registrars, case officers, heads and the committee's secretary.
RECIPIENT_STAFF_ROLES = (*HANDLING_ROLES, Role.COMMITTEE_SECRETARY)


def _sent_to(organisations) -> Exists:
    """The document went with a sent referral to one of ``organisations``."""
    from casework.referrals.models import Referral, ReferralRecipient

    return Exists(
        ReferralRecipient.objects.filter(
            referral__documents=OuterRef("pk"), organisation_id__in=organisations
        ).exclude(referral__state=Referral.State.DRAFT)
    )


def enclosures_visible_to(user) -> QuerySet:
    """The documents sent with a referral that the recipients' staff read:
    access follows the referral once it is sent, by the organisations the user
    works for (rules.md (d), R42). Only official documents travel; a
    confidential one only to those handling the referral at the recipient
    (registrars, case officers, heads), each read logged (V5)."""
    if _anonymous(user):
        return Document.objects.none()
    access = access_for(user)
    staff = access.organisations(*RECIPIENT_STAFF_ROLES)
    if not staff:
        return Document.objects.none()
    handling = access.organisations(*HANDLING_ROLES)
    return Document.objects.filter(
        _sent_to(staff), state=Document.State.OFFICIAL
    ).filter(~Exists(_active_marking()) | _sent_to(handling))


def can_view_document(user, document: Document) -> bool:
    """The one rule asked by every page that shows, versions, downloads,
    revises or changes the state of a document, and by the services that
    change it: a document of a case the user sees, as ``documents_visible_to``
    lists it (this is its form for one document), or one a referral sent to
    the user's organisation."""
    if _anonymous(user):
        return False
    case = document.case
    if _sees_cases_of(user, case.organisation_id) and _sees_in_case(user, document):
        return True
    return enclosures_visible_to(user).filter(pk=document.pk).exists()


def _sees_in_case(user, document: Document) -> bool:
    access = access_for(user)
    if access.handles(document.case.organisation_id):
        return document.is_official or _record_admits(user, document)
    if not document.is_official:
        return False
    if access.is_auditor or not _active_marking_on(document):
        return True
    return document.pk in _granted_document_ids(user, document.case)


def _active_marking_on(document: Document) -> bool:
    return ConfidentialityMarking.objects.filter(
        document=document, lifted_on__isnull=True
    ).exists()


def get_document_for_user_or_404(user, pk) -> Document:
    """A document the user may see (``can_view_document``); any other answers
    404."""
    try:
        document = Document.objects.select_related(
            "case", "officer_report", "memorandum"
        ).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_document(user, document):
        raise Http404
    return document


def written_through_its_record(document: Document) -> bool:
    """An officer report's or a memorandum's document: its text follows the
    record and is changed on the record's own page, only while the record
    allows it (rules.md c.2 TU_UTKAST, c.1 PM_UTKAST)."""
    return any(
        getattr(document, record, None) is not None
        for record in ("officer_report", "memorandum")
    )


def _writes_record_text(user, document: Document) -> bool:
    """Who changes the text of a record's document: the report's own case
    officer while it is a draft; the referring office while the memorandum
    may be edited."""
    report = getattr(document, "officer_report", None)
    if report is not None:
        return report.state == report.State.DRAFT and report.case_officer_id == user.pk
    memorandum = getattr(document, "memorandum", None)
    return memorandum is not None and can_edit_memorandum(user, memorandum)


def can_revise_document(user, document: Document, *, through_record=False) -> bool:
    """Change a document's content or files: a draft in place, an official
    document by a new version (R57). The case's registrars and its own case
    officer, on a document they may see; a document written through an
    officer report or a memorandum only through its record
    (``through_record``), by who may edit the record."""
    if _anonymous(user) or not can_view_document(user, document):
        return False
    if written_through_its_record(document):
        return through_record and _writes_record_text(user, document)
    return can_edit_case(user, document.case)


def can_make_document_official(user, document: Document) -> bool:
    """Make a draft official by an act (R59). An officer report only once it
    is approved, by the staff handling the case (it goes with the committee's
    answer, R61c); a memorandum only when its case is concluded (R61b), never
    by hand; any other draft by the case's registrars and its case officer."""
    if document.is_official or not can_view_document(user, document):
        return False
    report = getattr(document, "officer_report", None)
    if report is not None:
        return report.state == report.State.APPROVED and access_for(user).handles(
            document.case.organisation_id
        )
    if getattr(document, "memorandum", None) is not None:
        return False
    return can_edit_case(user, document.case)


def can_mark_confidential(user, document: Document) -> bool:
    """Registrars and heads of the handling organisation mark confidentiality
    on a document they may see."""
    if _anonymous(user):
        return False
    marks = document.case.organisation_id in access_for(user).organisations(
        Role.REGISTRAR, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT
    )
    return marks and can_view_document(user, document)


def get_attachment_for_user_or_404(user, pk) -> Attachment:
    """An attachment, if the user may see the document it belongs to."""
    try:
        attachment = Attachment.objects.select_related("version").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    get_document_for_user_or_404(user, attachment.version.document_id)
    return attachment


def get_marking_for_user_or_404(user, pk) -> ConfidentialityMarking:
    """A confidentiality marking, if the user may see the document it is on."""
    try:
        marking = ConfidentialityMarking.objects.select_related("authority").get(pk=pk)
    except (ConfidentialityMarking.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    marking.document = get_document_for_user_or_404(user, marking.document_id)
    return marking


# --- meetings and statements ------------------------------------------------


def _party_secretary_parties(user, organisation_id: int) -> set[int]:
    """The parties the user is party secretary of, for work in ``organisation_id``
    (a role without an organisation covers every body)."""
    access = access_for(user)
    if not hasattr(access, "party_roles"):
        access.party_roles = list(
            StaffRole.objects.active(timezone.localdate())
            .filter(user=user, role=Role.PARTY_SECRETARY)
            .values_list("party_id", "organisation_id")
        )
    return {
        party
        for party, org in access.party_roles
        if org is None or org == organisation_id
    }


def _person_id(user):
    person = getattr(user, "person", None) if not _anonymous(user) else None
    return person.pk if person else None


def _is_committee_secretary(user, organisation_id: int) -> bool:
    return organisation_id in access_for(user).organisations(Role.COMMITTEE_SECRETARY)


def _approver_person_ids(meeting) -> set[int]:
    people = set(meeting.minutes_checkers.values_list("pk", flat=True))
    if meeting.chair_id:
        people.add(meeting.chair_id)
    return people


def _belongs_to_party(user, statement) -> bool:
    """The author's side: the party's secretaries and the signatories (V1)."""
    organisation_id = statement.item.meeting.organisation_id
    if statement.party_id in _party_secretary_parties(user, organisation_id):
        return True
    person_id = _person_id(user)
    return (
        person_id is not None
        and statement.signatories.filter(person_id=person_id).exists()
    )


def can_view_statement(user, statement) -> bool:
    """rules.md (d): a draft only to its party; once submitted also to the
    secretary, the chair and the minutes checkers; after approval to everyone
    who may see the meeting."""
    from casework.meetings.models import Statement

    if _anonymous(user):
        return False
    if statement.state == Statement.State.IN_MINUTES:
        return True
    if _belongs_to_party(user, statement):
        return True
    if statement.state in (Statement.State.ANNOUNCED, Statement.State.DRAFT):
        return False
    meeting = statement.item.meeting
    return _is_committee_secretary(user, meeting.organisation_id) or (
        _person_id(user) in _approver_person_ids(meeting)
    )


def can_edit_statement(user, statement) -> bool:
    """Only the party's own people write, co-sign and submit its statement."""
    return (
        not _anonymous(user)
        and statement.is_editable
        and _belongs_to_party(user, statement)
    )


def can_announce_statement(user, item, party) -> bool:
    """The secretary records what is announced at the meeting; a party's
    secretaries and its members at the meeting announce for their party."""
    if _anonymous(user):
        return False
    organisation_id = item.meeting.organisation_id
    if _is_committee_secretary(user, organisation_id):
        return True
    if party.pk in _party_secretary_parties(user, organisation_id):
        return True
    person_id = _person_id(user)
    return (
        person_id is not None
        and item.meeting.participants.filter(person_id=person_id, party=party).exists()
    )


def can_keep_minutes(user, meeting) -> bool:
    """The committee secretary records the meeting and draws up its minutes."""
    return not _anonymous(user) and _is_committee_secretary(
        user, meeting.organisation_id
    )


# --- meeting pages ------------------------------------------------------------


def _party_secretary_roles(user) -> list[tuple[int, int | None]]:
    """(party, organisation) for each of the user's party-secretary roles."""
    _party_secretary_parties(user, None)  # reads the roles once and caches them
    return access_for(user).party_roles


def _meeting_organisation_ids(user) -> set[int] | None:
    """The organisations whose meetings the user sees; None means all: auditors,
    and party secretaries whose role covers every body."""
    access = access_for(user)
    covers_all = any(org is None for _party, org in _party_secretary_roles(user))
    if access.is_auditor or covers_all:
        return None
    return access.organisations() | access.seat_organisations


def meetings_visible_to(user) -> QuerySet:
    """The meetings of the bodies a user works for or sits in, and of the bodies
    a party secretary works in; every meeting for an auditor (rules.md (d), V3)."""
    from casework.meetings.models import Meeting

    if _anonymous(user):
        return Meeting.objects.none()
    scope = _meeting_organisation_ids(user)
    if scope is None:
        return Meeting.objects.all()
    return Meeting.objects.filter(organisation_id__in=scope)


def organisations_with_meetings_visible_to(user) -> QuerySet:
    """The political bodies whose meetings the user may see, e.g. to filter a
    list of meetings."""
    if _anonymous(user):
        return Organisation.objects.none()
    bodies = Organisation.objects.filter(kind__in=Organisation.POLITICAL_KINDS)
    scope = _meeting_organisation_ids(user)
    return bodies if scope is None else bodies.filter(pk__in=scope)


def get_meeting_for_user_or_404(user, pk):
    from casework.meetings.models import Meeting

    try:
        return (
            meetings_visible_to(user)
            .select_related("organisation", "chair", "secretary")
            .get(pk=pk)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def get_item_for_user_or_404(user, pk):
    """An agenda item of a meeting the user may see."""
    from casework.meetings.models import AgendaItem

    try:
        return AgendaItem.objects.select_related(
            "meeting__organisation",
            "meeting__chair",
            "meeting__secretary",
            "case",
            "proposal",
        ).get(pk=pk, meeting__in=meetings_visible_to(user))
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def organisations_for_minutes_keeper(user) -> QuerySet:
    """The political bodies whose meetings the user plans and minutes as their
    committee secretary."""
    if _anonymous(user):
        return Organisation.objects.none()
    scope = access_for(user).organisations(Role.COMMITTEE_SECRETARY)
    return Organisation.objects.filter(
        pk__in=scope, kind__in=Organisation.POLITICAL_KINDS
    )


def _party_side(user) -> Q:
    """Statements on whose party's side the user stands: the party's secretaries
    for the bodies their role covers, and the signatories (V1)."""
    from casework.meetings.models import StatementSignatory

    side = Q(pk__in=[])
    for party, organisation in _party_secretary_roles(user):
        if organisation is None:
            side |= Q(party_id=party)
        else:
            side |= Q(party_id=party, item__meeting__organisation_id=organisation)
    person_id = _person_id(user)
    if person_id is not None:
        signed = StatementSignatory.objects.filter(
            statement=OuterRef("pk"), person_id=person_id
        )
        side |= Q(Exists(signed))
    return side


def _minutes_side(user) -> Q:
    """Statements of the meetings the user minutes, chairs or checks."""
    from casework.meetings.models import Meeting

    kept = access_for(user).organisations(Role.COMMITTEE_SECRETARY)
    side = Q(item__meeting__organisation_id__in=kept)
    person_id = _person_id(user)
    if person_id is not None:
        checked = Meeting.objects.filter(minutes_checkers=person_id).values("pk")
        side |= Q(item__meeting__chair_id=person_id) | Q(item__meeting__in=checked)
    return side


def statements_visible_to(user, item=None, *, meeting=None) -> QuerySet:
    """The statements a user may read, on ``item`` or ``meeting`` if given: the
    filter form of ``can_view_statement`` (rules.md (d))."""
    from casework.meetings.models import Statement

    statements = Statement.objects.all()
    if item is not None:
        statements = statements.filter(item=item)
    if meeting is not None:
        statements = statements.filter(item__meeting=meeting)
    if _anonymous(user):
        return statements.none()
    State = Statement.State
    handed_in = Q(state__in=[State.SUBMITTED, State.LOCKED]) & _minutes_side(user)
    return statements.filter(Q(state=State.IN_MINUTES) | _party_side(user) | handed_in)


def own_party_statements(user) -> QuerySet:
    """The statements the user works on for a party: a party secretary's
    party's statements, and those the user signed (V1)."""
    from casework.meetings.models import Statement

    if _anonymous(user):
        return Statement.objects.none()
    return Statement.objects.filter(_party_side(user))


def get_statement_for_user_or_404(user, pk):
    """A statement the user may read; any other answers 404 (V1)."""
    from casework.meetings.models import Statement

    try:
        statement = Statement.objects.select_related(
            "item__meeting__organisation",
            "item__proposal",
            "party",
            "refers_to__item__meeting__organisation",
        ).get(pk=pk)
    except (Statement.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_statement(user, statement):
        raise Http404
    return statement


def can_read_draft_minutes(user, meeting) -> bool:
    """Minutes not yet approved are read by the secretary, the chair and the
    minutes checkers (not official, TF 2:10)."""
    if _anonymous(user):
        return False
    return can_keep_minutes(user, meeting) or (
        _person_id(user) in _approver_person_ids(meeting)
    )


def signs_minutes(user, meeting) -> bool:
    """Whether the user is the chair or a minutes checker of this meeting, who
    sign its minutes themselves (R24)."""
    person_id = _person_id(user)
    return person_id is not None and person_id in _approver_person_ids(meeting)


def _minutes_awaiting_signatures(minutes) -> bool:
    from casework.meetings.models import Meeting, Minutes

    return (
        minutes.state == Minutes.State.DRAFT
        and minutes.meeting.state == Meeting.State.MINUTES_DRAFTED
    )


def can_approve_minutes(user, minutes) -> bool:
    """The chair and the minutes checkers sign drawn-up minutes (R24)."""
    if _anonymous(user) or not _minutes_awaiting_signatures(minutes):
        return False
    return signs_minutes(user, minutes.meeting)


def can_record_paper_signature(user, minutes) -> bool:
    """The committee secretary records a signature the chair or a checker made
    on paper, with its evidence (R27)."""
    if _anonymous(user) or not _minutes_awaiting_signatures(minutes):
        return False
    return can_keep_minutes(user, minutes.meeting)


# --- referrals and officer reports --------------------------------------------


def department_of(case: Case) -> Organisation:
    """The department that prepares a case: the keeper of its register, or the
    department serving the case's organisation."""
    keeper = case.register.organisation
    if keeper.kind == Organisation.Kind.DEPARTMENT:
        return keeper
    return (
        Organisation.objects.filter(serves=case.organisation).order_by("id").first()
        or keeper
    )


def can_draft_officer_report(user, case: Case) -> bool:
    """The staff handling the case at its department draft its officer report."""
    if _anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return case.organisation_id in access_for(user).organisations(
        Role.CASE_OFFICER, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT
    )


def can_review_officer_report(user, report, *, division: bool) -> bool:
    """The head of division, then the head of department, of the report's
    department approve it or send it back."""
    if _anonymous(user):
        return False
    role = Role.HEAD_OF_DIVISION if division else Role.HEAD_OF_DEPARTMENT
    return any(
        r == role and org == report.department_id
        for r, org, _serves in access_for(user).roles
    )


def addresses_for_referral(recipient) -> set[str]:
    """Where reminders go: the recipient's registrars and the case's officer."""
    organisations = {recipient.organisation_id} | set(
        Organisation.objects.filter(serves=recipient.organisation_id).values_list(
            "pk", flat=True
        )
    )
    registrars = StaffRole.objects.active(timezone.localdate()).filter(
        role=Role.REGISTRAR, organisation_id__in=organisations
    )
    addresses = set(
        User.objects.filter(pk__in=registrars.values("user_id"), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    case = recipient.committee_case
    if case is not None and case.case_officer_id and case.case_officer.email:
        addresses.add(case.case_officer.email)
    return addresses


# --- referral and officer report pages ----------------------------------------

REPORT_WRITING_ROLES = (
    Role.CASE_OFFICER,
    Role.HEAD_OF_DIVISION,
    Role.HEAD_OF_DEPARTMENT,
)


def referrals_visible_to(user) -> QuerySet:
    """The referrals a user may read: those of the cases the user may see, and,
    once sent, those asked of an organisation the user works for (the letter is
    official when it is dispatched, R59a)."""
    from casework.referrals.models import Referral, ReferralRecipient

    if _anonymous(user):
        return Referral.objects.none()
    asked = ReferralRecipient.objects.filter(
        referral=OuterRef("pk"),
        organisation_id__in=access_for(user).organisations(),
    )
    sent_to_own = ~Q(state=Referral.State.DRAFT) & Q(Exists(asked))
    return Referral.objects.filter(Q(case__in=cases_visible_to(user)) | sent_to_own)


def get_referral_for_user_or_404(user, pk):
    from casework.referrals.models import Referral

    try:
        return (
            referrals_visible_to(user)
            .select_related("case__organisation", "letter__case", "prepared_by")
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _writes_reports_of(user, report) -> bool:
    """The report's author, and the case officers and heads of its department
    itself: neither its registrars nor the committee's staff (rules.md (d),
    TU_UTKAST: reviewers on a need-to-know basis)."""
    if report.case_officer_id == user.pk:
        return True
    return any(
        role in REPORT_WRITING_ROLES and org == report.department_id
        for role, org, _serves in access_for(user).roles
    )


def _sees_cases_of(user, organisation_id: int) -> bool:
    """``cases_visible_to`` for one organisation, without a query."""
    scope = _case_organisation_ids(user)
    return scope is None or organisation_id in scope


def _answer_sent_with(report):
    """The referral answer the report went with, once it is sent to the
    referring body (sv. expedierat); None before that or without a referral."""
    from casework.referrals.models import ReferralRecipient

    recipient = getattr(report.case, "referral_recipient", None)
    if recipient is None or recipient.state != ReferralRecipient.State.ANSWERED:
        return None
    return recipient


def _receives_meeting_papers(user) -> bool:
    """Whether the user sits in a body or is a party secretary: those to whom
    a meeting's papers are sent, told from the roles already read."""
    access = access_for(user)
    return bool(access.seat_organisations) or any(
        role == Role.PARTY_SECRETARY for role, _org, _serves in access.roles
    )


def _sent_with_a_notice(user, report) -> bool:
    """The report's proposal is on the agenda of a meeting whose notice has
    been sent, and the user receives that meeting's papers: its body's
    members and substitutes, the party secretaries (rules.md (d), V3)."""
    from casework.meetings.models import Meeting

    if report.proposal_id is None or not _receives_meeting_papers(user):
        return False
    meetings = meetings_visible_to(user).filter(items__proposal_id=report.proposal_id)
    return meetings.exclude(state=Meeting.State.PLANNED).exists()


def can_view_officer_report(user, report) -> bool:
    """rules.md (d): a draft, also while with the heads, only to its author and
    its department's case officers and heads (TU_UTKAST); the approved report
    also to the members and staff of the committee it is addressed to
    (TU_FASTSTÄLLD, R61a) and, once sent with the notice of a meeting, to all
    who receive that meeting's papers; once the committee's answer is sent, to
    everyone who may see the committee's case or the referring case."""
    from casework.referrals.models import OfficerReport

    if _anonymous(user):
        return False
    if _writes_reports_of(user, report):
        return True
    if report.state != OfficerReport.State.APPROVED:
        return False
    access = access_for(user)
    if report.addressed_to_id in access.organisations() | access.seat_organisations:
        return True
    if _sent_with_a_notice(user, report):
        return True
    recipient = _answer_sent_with(report)
    return recipient is not None and (
        _sees_cases_of(user, report.case.organisation_id)
        or _sees_cases_of(user, recipient.referral.case.organisation_id)
    )


def can_view_review_comments(user, report) -> bool:
    """The heads' comments on returning a report are the department's own
    working material (TF 2:12)."""
    return not _anonymous(user) and _writes_reports_of(user, report)


def get_officer_report_for_user_or_404(user, pk):
    """An officer report the user may read; any other answers 404."""
    from casework.referrals.models import OfficerReport

    try:
        report = OfficerReport.objects.select_related(
            "case__organisation",
            "case__referral_recipient__referral__case",
            "department",
            "addressed_to",
            "case_officer",
            "division_head",
            "department_head",
        ).get(pk=pk)
    except (OfficerReport.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_officer_report(user, report):
        raise Http404
    return report


# --- workflow tasks -----------------------------------------------------------

# Who carries out the human tasks of the referral, response and meeting flows:
# each task names one of these permissions (declared on the process models in
# casework/referrals/processes.py and workflows/models.py), and a user holds
# it through one of the roles listed here in the task's organisation. The
# permissions are never granted to users, globally or per object.
TASK_HANDLERS = (Role.CASE_OFFICER, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT)
TASK_ROLES = {
    # the referring body's office
    codes.DISPATCH_REFERRAL: TASK_HANDLERS,
    codes.DECIDE_EXTENSION: TASK_HANDLERS,
    codes.COMPILE_ANSWERS: TASK_HANDLERS,
    # the recipient's office and committee
    codes.REGISTER_REFERRAL: (Role.REGISTRAR,),
    codes.ASSIGN_REFERRAL_OFFICER: (
        Role.REGISTRAR,
        Role.HEAD_OF_DIVISION,
        Role.HEAD_OF_DEPARTMENT,
    ),
    codes.DRAFT_OFFICER_REPORT: TASK_HANDLERS,
    codes.REVIEW_REPORT_AS_DIVISION_HEAD: (Role.HEAD_OF_DIVISION,),
    codes.REVIEW_REPORT_AS_DEPARTMENT_HEAD: (Role.HEAD_OF_DEPARTMENT,),
    codes.PUT_REPORT_ON_AGENDA: (Role.COMMITTEE_SECRETARY,),
    codes.DISPATCH_RESPONSE: (Role.REGISTRAR, Role.CASE_OFFICER),
    # the meeting's committee
    codes.KEEP_MINUTES: (Role.COMMITTEE_SECRETARY,),
}


def holds_task_permission(user, permission: str, organisation_id) -> bool:
    """Whether one of the user's roles in ``organisation_id`` (or in the body it
    serves, or a department serving it) carries the task permission."""
    roles = TASK_ROLES.get(permission)
    if _anonymous(user) or not roles or organisation_id is None:
        return False
    return organisation_id in access_for(user).organisations(*roles)


def task_permission_scopes(user) -> dict[str, set[int]]:
    """For each task permission the user holds, the organisations of the roles
    that carry it and the bodies those serve: a task is in scope when its
    organisation is one of them or serves one of them. The filter form of
    ``holds_task_permission``, read from the roles already loaded."""
    if _anonymous(user):
        return {}
    scopes = {}
    for permission, roles in TASK_ROLES.items():
        scope = set()
        for role, organisation, serves in access_for(user).roles:
            if role in roles and organisation is not None:
                scope |= {organisation, serves} - {None}
        if scope:
            scopes[permission] = scope
    return scopes


def task_organisation_id(task):
    """The organisation whose staff carry out a referral, response or meeting
    task."""
    return getattr(task.process.coerced, "organisation_id", None)


def _open_task(task) -> bool:
    from viewflow.workflow.status import STATUS

    return task.status in (STATUS.NEW, STATUS.ASSIGNED)


def can_assign_task(user, task) -> bool:
    """Take an open task no one has taken: only staff whose role in the task's
    organisation carries the task's permission (viewflow's own ``assign`` checks
    nothing when called from code)."""
    if _anonymous(user) or task.owner_id is not None or not _open_task(task):
        return False
    return holds_task_permission(
        user, task.owner_permission, task_organisation_id(task)
    )


def can_execute_task(user, task) -> bool:
    """Carry out an open task taken by the user, or one the user may take; the
    role must still carry the permission."""
    if _anonymous(user) or not _open_task(task):
        return False
    if task.owner_id not in (None, user.pk):
        return False
    return holds_task_permission(
        user, task.owner_permission, task_organisation_id(task)
    )


def can_release_task(user, task) -> bool:
    """Give back a task one has taken, so that a colleague can take it."""
    from viewflow.workflow.status import STATUS

    return (
        not _anonymous(user)
        and task.owner_id == user.pk
        and task.status == STATUS.ASSIGNED
    )


def can_view_task(user, task) -> bool:
    """A task is seen by the one who has it and by those whose roles could
    carry it out, whoever has taken it or whether it is done."""
    if _anonymous(user):
        return False
    return task.owner_id == user.pk or holds_task_permission(
        user, task.owner_permission, task_organisation_id(task)
    )


def task_handlers(task) -> list:
    """Who may take or carry out an open task no one has taken: the active
    users whose roles carry its permission in its organisation (the one who
    has taken it, when someone has)."""
    if task.owner_id is not None:
        return [task.owner]
    roles = TASK_ROLES.get(task.owner_permission, ())
    organisation = Organisation.objects.filter(pk=task_organisation_id(task)).first()
    if organisation is None or not roles:
        return []
    near = {organisation.pk, organisation.serves_id} - {None}
    users = User.objects.filter(
        Q(staff_roles__organisation_id__in=near)
        | Q(staff_roles__organisation__serves_id__in=near),
        staff_roles__role__in=roles,
        is_active=True,
    ).distinct()
    return [
        user
        for user in users.order_by("last_name", "first_name", "username")
        if holds_task_permission(user, task.owner_permission, organisation.pk)
    ]


def get_task_for_user_or_404(user, pk):
    """A task of the desk (referral, response or meeting flow) the user may
    see; any other task answers 404, even to other staff."""
    from viewflow.workflow.models import Task

    try:
        task = Task.objects.select_related("process", "owner").get(
            pk=pk, owner_permission__in=TASK_ROLES
        )
    except (Task.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_task(user, task):
        raise Http404
    return task


def can_prepare_referral(user, case: Case) -> bool:
    """The referring office's case officers and heads prepare and send a
    referral in a case of their organisation (R39)."""
    if _anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return holds_task_permission(user, codes.DISPATCH_REFERRAL, case.organisation_id)


def can_handle_referral(user, referral) -> bool:
    """The referring office's case officers and heads decide on requests for an
    extension and compile the answers (R43, R45)."""
    return holds_task_permission(
        user, codes.DECIDE_EXTENSION, referral.case.organisation_id
    )


def can_answer_referral(user, recipient) -> bool:
    """The recipient's registrars, case officers and heads ask for an extension,
    decline to answer and send the answer (R42–R44)."""
    return any(
        holds_task_permission(user, permission, recipient.organisation_id)
        for permission in (codes.DISPATCH_RESPONSE, codes.DRAFT_OFFICER_REPORT)
    )


# --- the memorandum -------------------------------------------------------------


def _drafts_memorandum(user, memorandum) -> bool:
    """The referring office's case officers and heads, who draft it, and the
    rapporteur commissioner whose memorandum it is (PM_UTKAST, rules.md (d))."""
    if _person_id(user) == memorandum.rapporteur_id:
        return True
    return holds_task_permission(
        user, codes.COMPILE_ANSWERS, memorandum.case.organisation_id
    )


def _memorandum_meetings(memorandum) -> QuerySet:
    from casework.meetings.models import Meeting

    return Meeting.objects.filter(items__proposal_id=memorandum.proposal_id)


def memorandum_on_agenda(memorandum) -> bool:
    return _memorandum_meetings(memorandum).exists()


BOARD_KINDS = (
    Organisation.Kind.PREPARATORY_BODY,
    Organisation.Kind.EXECUTIVE_BOARD,
    Organisation.Kind.COUNCIL,
)


def _keeps_board_minutes(user) -> bool:
    """The secretaries of the preparatory body, the board and the council, to
    whom the memorandum goes to be put on an agenda."""
    scope = access_for(user).organisations(Role.COMMITTEE_SECRETARY)
    return Organisation.objects.filter(pk__in=scope, kind__in=BOARD_KINDS).exists()


def can_view_memorandum(user, memorandum) -> bool:
    """rules.md (d): a draft to those drafting it and to the secretaries of the
    bodies it goes to; once on an agenda also to those who see that meeting's
    papers (members and party secretaries of the body; internal, R61b); once
    official to everyone who sees the case, auditors included."""
    if _anonymous(user):
        return False
    if _drafts_memorandum(user, memorandum) or _keeps_board_minutes(user):
        return True
    document = memorandum.document
    official = document is not None and document.is_official
    if official and can_view_case(user, memorandum.case):
        return True
    if access_for(user).is_auditor and not official:
        return False
    meetings = _memorandum_meetings(memorandum)
    return meetings.filter(pk__in=meetings_visible_to(user).values("pk")).exists()


def can_edit_memorandum(user, memorandum) -> bool:
    """The referring office edits the memorandum while it is a draft: not yet
    official, not on any meeting's agenda, the case open."""
    if _anonymous(user) or memorandum.case.status == Case.Status.CLOSED:
        return False
    document = memorandum.document
    if document is not None and document.is_official:
        return False
    if memorandum_on_agenda(memorandum):
        return False
    return holds_task_permission(
        user, codes.COMPILE_ANSWERS, memorandum.case.organisation_id
    )


def memoranda_visible_to(user, case) -> list:
    """The memoranda of ``case`` the user may read."""
    from casework.meetings.models import Memorandum

    memoranda = Memorandum.objects.filter(case=case).select_related(
        "case", "document", "rapporteur"
    )
    return [m for m in memoranda.order_by("pk") if can_view_memorandum(user, m)]


def get_memorandum_for_user_or_404(user, pk):
    """A memorandum the user may read; any other answers 404."""
    from casework.meetings.models import Memorandum

    try:
        memorandum = Memorandum.objects.select_related(
            "case__organisation",
            "case__register",
            "document",
            "rapporteur",
            "commissioner_office",
            "proposal",
        ).get(pk=pk)
    except (Memorandum.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_memorandum(user, memorandum):
        raise Http404
    return memorandum


def is_read_only(user) -> bool:
    """An auditor reads everything official and changes nothing."""
    if _anonymous(user):
        return False
    return access_for(user).is_auditor


def can_audit(user) -> bool:
    """The auditor's pages: the timeline, every record's history and exports."""
    return not _anonymous(user) and access_for(user).is_auditor


def drafts_statements(user) -> bool:
    """Whether the user works in a party's statement workspace."""
    if _anonymous(user):
        return False
    return any(role == Role.PARTY_SECRETARY for role, _o, _s in access_for(user).roles)
