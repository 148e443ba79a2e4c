"""Who works where today: a user's active staff roles and seats, read once per
request and cached on the user object.

The rules in ``permissions.rules`` ask this object; so does ``casework.history``
before any write, to refuse auditors, without standing above the rules.
"""

from django.db.models import CharField, F, IntegerField, Q, Value
from django.utils import timezone

from casework.directory.models import Assignment, Organisation, StaffRole

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


def anonymous(user) -> bool:
    return not getattr(user, "is_authenticated", False) or not user.is_active


def is_read_only(user) -> bool:
    """An auditor reads everything official and changes nothing."""
    if anonymous(user):
        return False
    return access_for(user).is_auditor
