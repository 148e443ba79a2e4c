"""Permission strings, in one place. Nothing else spells them."""

VIEW_CONFIDENTIAL_DOCUMENT = "registry.view_confidential_document"
# Django's default permission, used only by the benchmark's guardian baseline.
VIEW_CASE = "registry.view_case"

# The human tasks of the referral flow (the referring body's office), declared
# on casework.referrals.processes.ReferralProcess.
DISPATCH_REFERRAL = "referrals.dispatch_referral"
DECIDE_EXTENSION = "referrals.decide_extension"
COMPILE_ANSWERS = "referrals.compile_answers"

# The human tasks of the response flow (the recipient's office and committee),
# declared on casework.referrals.processes.ResponseProcess.
REGISTER_REFERRAL = "referrals.register_referral"
ASSIGN_REFERRAL_OFFICER = "referrals.assign_referral_officer"
DRAFT_OFFICER_REPORT = "referrals.draft_officer_report"
REVIEW_REPORT_AS_DIVISION_HEAD = "referrals.review_report_as_division_head"
REVIEW_REPORT_AS_DEPARTMENT_HEAD = "referrals.review_report_as_department_head"
PUT_REPORT_ON_AGENDA = "referrals.put_report_on_agenda"
DISPATCH_RESPONSE = "referrals.dispatch_response"

# The committee secretary's human tasks of the meeting flow, declared on
# workflows.models.MeetingProcess.
KEEP_MINUTES = "workflows.keep_minutes"

# The administrator's page of log-in locks, declared on
# casework.signin.models.LoginLockout.
UNLOCK_LOGIN = "signin.unlock_login"

# What an administrator of accounts reads in the administration besides the
# locks: the account a lock names (casework.directory.models.User), and
# django-axes's records of where failed log-ins came from. Never the right to
# change users: whoever may change a user there may make anyone superuser.
VIEW_USER = "directory.view_user"
VIEW_LOGIN_ATTEMPT = "axes.view_accessattempt"
VIEW_LOGIN_FAILURE = "axes.view_accessfailurelog"


def codename(permission: str) -> str:
    """The codename a model's ``Meta.permissions`` declares: the part after the
    app label."""
    return permission.partition(".")[2]
