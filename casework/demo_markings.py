"""The demo's confidentiality markings, made as in the office: by the
registrar of the organisation handling the case (OSL 5:5, R65)."""

from casework import clock
from casework.demo_meetings import at
from casework.directory.models import StaffRole, User
from casework.registry import services as registry
from casework.registry.models import ConfidentialityMarking, Document


def registrar_of(organisation) -> User:
    """Only staff handling the case's organisation mark confidentiality (R65):
    its registrar marks on the load's behalf."""
    return User.objects.get(
        staff_roles__role=StaffRole.Role.REGISTRAR,
        staff_roles__organisation=organisation,
    )


def mark(loader, document: Document, entry: dict) -> ConfidentialityMarking:
    """The marking ``entry`` of the data file, once."""
    existing = document.confidentiality_markings.filter(
        provision=entry["provision"]
    ).first()
    with clock.acting_at(at(entry["marked_on"], 12)):
        return loader.ensure(
            "confidentiality_markings",
            existing,
            lambda: registry.mark_confidential(
                document=document,
                provision=entry["provision"],
                marked_on=entry["marked_on"],
                authority=loader.find_organisation(entry["authority"]),
                note=entry.get("note", ""),
                actor=registrar_of(document.case.organisation),
                reason=loader.reason,
            ),
        )
