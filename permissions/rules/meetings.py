"""Who sees and works on meetings, agenda items, statements and minutes."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.directory.models import Organisation, StaffRole
from casework.meetings.models import (
    AgendaItem,
    Meeting,
    Minutes,
    Statement,
    StatementSignatory,
)
from permissions.rules.access import Role, access_for, anonymous, person_id_of


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
    person_id = person_id_of(user)
    return (
        person_id is not None
        and statement.signatories.filter(person_id=person_id).exists()
    )


def can_view_statement(user, statement) -> bool:
    """rules.md (d): a draft only to its party; once submitted also to the
    secretary, the chair and the minutes checkers; after approval to everyone
    who may see the meeting."""
    if anonymous(user):
        return False
    if statement.state == Statement.State.IN_MINUTES:
        return True
    if _belongs_to_party(user, statement):
        return True
    if statement.state in (Statement.State.ANNOUNCED, Statement.State.DRAFT):
        return False
    meeting = statement.item.meeting
    return _is_committee_secretary(user, meeting.organisation_id) or (
        person_id_of(user) in _approver_person_ids(meeting)
    )


def can_edit_statement(user, statement) -> bool:
    """Only the party's own people write, co-sign and submit its statement."""
    return (
        not anonymous(user)
        and statement.is_editable
        and _belongs_to_party(user, statement)
    )


def can_announce_statement(user, item, party) -> bool:
    """The secretary records what is announced at the meeting; a party's
    secretaries and its members at the meeting announce for their party."""
    if anonymous(user):
        return False
    organisation_id = item.meeting.organisation_id
    if _is_committee_secretary(user, organisation_id):
        return True
    if party.pk in _party_secretary_parties(user, organisation_id):
        return True
    person_id = person_id_of(user)
    return (
        person_id is not None
        and item.meeting.participants.filter(person_id=person_id, party=party).exists()
    )


def can_keep_minutes(user, meeting) -> bool:
    """The committee secretary records the meeting and draws up its minutes."""
    return not anonymous(user) and _is_committee_secretary(
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
    if anonymous(user):
        return Meeting.objects.none()
    scope = _meeting_organisation_ids(user)
    if scope is None:
        return Meeting.objects.all()
    return Meeting.objects.filter(organisation_id__in=scope)


def organisations_with_meetings_visible_to(user) -> QuerySet:
    """The political bodies whose meetings the user may see, e.g. to filter a
    list of meetings."""
    if anonymous(user):
        return Organisation.objects.none()
    bodies = Organisation.objects.filter(kind__in=Organisation.POLITICAL_KINDS)
    scope = _meeting_organisation_ids(user)
    return bodies if scope is None else bodies.filter(pk__in=scope)


def get_meeting_for_user_or_404(user, pk):
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
    if anonymous(user):
        return Organisation.objects.none()
    scope = access_for(user).organisations(Role.COMMITTEE_SECRETARY)
    return Organisation.objects.filter(
        pk__in=scope, kind__in=Organisation.POLITICAL_KINDS
    )


def _party_side(user) -> Q:
    """Statements on whose party's side the user stands: the party's secretaries
    for the bodies their role covers, and the signatories (V1)."""
    side = Q(pk__in=[])
    for party, organisation in _party_secretary_roles(user):
        if organisation is None:
            side |= Q(party_id=party)
        else:
            side |= Q(party_id=party, item__meeting__organisation_id=organisation)
    person_id = person_id_of(user)
    if person_id is not None:
        signed = StatementSignatory.objects.filter(
            statement=OuterRef("pk"), person_id=person_id
        )
        side |= Q(Exists(signed))
    return side


def _minutes_side(user) -> Q:
    """Statements of the meetings the user minutes, chairs or checks."""
    kept = access_for(user).organisations(Role.COMMITTEE_SECRETARY)
    side = Q(item__meeting__organisation_id__in=kept)
    person_id = person_id_of(user)
    if person_id is not None:
        checked = Meeting.objects.filter(minutes_checkers=person_id).values("pk")
        side |= Q(item__meeting__chair_id=person_id) | Q(item__meeting__in=checked)
    return side


def statements_visible_to(user, item=None, *, meeting=None) -> QuerySet:
    """The statements a user may read, on ``item`` or ``meeting`` if given: the
    filter form of ``can_view_statement`` (rules.md (d))."""
    statements = Statement.objects.all()
    if item is not None:
        statements = statements.filter(item=item)
    if meeting is not None:
        statements = statements.filter(item__meeting=meeting)
    if anonymous(user):
        return statements.none()
    State = Statement.State
    handed_in = Q(state__in=[State.SUBMITTED, State.LOCKED]) & _minutes_side(user)
    return statements.filter(Q(state=State.IN_MINUTES) | _party_side(user) | handed_in)


def own_party_statements(user) -> QuerySet:
    """The statements the user works on for a party: a party secretary's
    party's statements, and those the user signed (V1)."""
    if anonymous(user):
        return Statement.objects.none()
    return Statement.objects.filter(_party_side(user))


def get_statement_for_user_or_404(user, pk):
    """A statement the user may read; any other answers 404 (V1)."""
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
    if anonymous(user):
        return False
    return can_keep_minutes(user, meeting) or (
        person_id_of(user) in _approver_person_ids(meeting)
    )


def signs_minutes(user, meeting) -> bool:
    """Whether the user is the chair or a minutes checker of this meeting, who
    sign its minutes themselves (R24)."""
    person_id = person_id_of(user)
    return person_id is not None and person_id in _approver_person_ids(meeting)


def _minutes_awaiting_signatures(minutes) -> bool:
    return (
        minutes.state == Minutes.State.DRAFT
        and minutes.meeting.state == Meeting.State.MINUTES_DRAFTED
    )


def can_approve_minutes(user, minutes) -> bool:
    """The chair and the minutes checkers sign drawn-up minutes (R24)."""
    if anonymous(user) or not _minutes_awaiting_signatures(minutes):
        return False
    return signs_minutes(user, minutes.meeting)


def can_record_paper_signature(user, minutes) -> bool:
    """The committee secretary records a signature the chair or a checker made
    on paper, with its evidence (R27)."""
    if anonymous(user) or not _minutes_awaiting_signatures(minutes):
        return False
    return can_keep_minutes(user, minutes.meeting)
