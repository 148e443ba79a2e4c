"""The demo's groups of rights in the administration and the users admitted to
it with them, e.g. the system administrator who lifts log-in locks.

Read from ``fixtures/stockholm.toml`` by ``casework.demo``: a ``[[groups]]``
entry names its rights by their names in ``permissions.codes``; a user entry's
``groups`` admits the user to the administration (staff, never superuser) with
the rights of those groups. Each is looked up first and only created or given
when missing.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group

from casework.directory import services as directory
from casework.directory.models import User
from permissions import codes

if TYPE_CHECKING:
    from casework.demo import Loader


class AdministrationLoader:
    def __init__(self, loader: "Loader"):
        self.loader = loader

    def group(self, entry: dict) -> Group:
        loader = self.loader
        rights = [getattr(codes, name) for name in entry["rights"]]
        return loader.ensure(
            "groups",
            Group.objects.filter(name=entry["name"]).first(),
            lambda: directory.create_group(
                name=entry["name"],
                permissions=rights,
                actor=loader.actor,
                reason=loader.reason,
            ),
        )

    def admit(self, user: User, names: list[str]) -> None:
        """Admit ``user`` to the administration with the groups ``names``."""
        if not names:
            return
        groups = list(Group.objects.filter(name__in=names))
        has = set(user.groups.values_list("name", flat=True))
        if user.is_staff and set(names) <= has:
            return
        self.loader.result.created["admitted_to_administration"] += 1
        directory.admit_to_administration(
            user=user,
            groups=groups,
            actor=self.loader.actor,
            reason=self.loader.reason,
        )
