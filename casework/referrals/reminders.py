"""Who a referral's reminders are sent to."""

from django.utils import timezone

from casework.directory.models import Organisation, StaffRole, User

Role = StaffRole.Role


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
