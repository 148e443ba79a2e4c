from casework.admin_base import ReadOnlyAdmin, TrackedAdmin, register
from casework.registry.models import (
    Attachment,
    Case,
    CaseLink,
    ConfidentialityMarking,
    Document,
    DocumentVersion,
    Register,
)

register(Register, TrackedAdmin, list_display=("name", "code", "organisation"))
register(
    Case,
    ReadOnlyAdmin,
    list_display=("registration_number", "title", "organisation", "status"),
    list_filter=("status",),
    search_fields=("registration_number", "title"),
)
register(CaseLink, ReadOnlyAdmin)
register(
    Document,
    ReadOnlyAdmin,
    list_display=("case", "sequence", "direction", "state", "public_description"),
)
register(DocumentVersion, ReadOnlyAdmin)
register(Attachment, ReadOnlyAdmin)
register(ConfidentialityMarking, ReadOnlyAdmin)
