"""The ground of the rules: a user's access, read once per request (see
``casework.directory.access``), and the rules that need nothing more."""

from casework.directory.access import (
    CACHE_ATTRIBUTE,
    HANDLING_ROLES,
    Access,
    Role,
    access_for,
    anonymous,
    is_read_only,
)

__all__ = [
    "CACHE_ATTRIBUTE",
    "HANDLING_ROLES",
    "Access",
    "Role",
    "access_for",
    "anonymous",
    "can_audit",
    "drafts_statements",
    "is_read_only",
    "person_id_of",
]


def person_id_of(user):
    person = getattr(user, "person", None) if not anonymous(user) else None
    return person.pk if person else None


def can_audit(user) -> bool:
    """The auditor's pages: the timeline, every record's history and exports."""
    return not anonymous(user) and access_for(user).is_auditor


def drafts_statements(user) -> bool:
    """Whether the user works in a party's statement workspace."""
    if anonymous(user):
        return False
    return any(role == Role.PARTY_SECRETARY for role, _o, _s in access_for(user).roles)
