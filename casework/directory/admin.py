from django.contrib.auth.admin import UserAdmin

from casework.admin_base import TrackedAdmin, register
from casework.directory.models import (
    Assignment,
    Organisation,
    Party,
    PartyDesignation,
    Person,
    StaffRole,
    User,
)


class CaseworkUserAdmin(UserAdmin, TrackedAdmin):
    pass


register(User, CaseworkUserAdmin)
register(
    Organisation,
    list_display=("name", "code", "kind", "serves"),
    list_filter=("kind",),
    search_fields=("name", "code"),
)
register(Party, list_display=("code", "name"))
register(PartyDesignation, list_display=("party", "code", "valid_from", "valid_to"))
register(
    Person,
    list_display=("last_name", "first_name", "title"),
    search_fields=("last_name",),
)
register(
    Assignment,
    list_display=("person", "organisation", "role", "party", "valid_from", "valid_to"),
    list_filter=("role", "organisation"),
)
register(
    StaffRole,
    list_display=("user", "role", "organisation", "party", "valid_from", "valid_to"),
    list_filter=("role",),
)
