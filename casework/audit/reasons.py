"""Every reason the code itself records in the history (R83).

A service stores the stable English reason given here; the database keeps it
unchanged, so the tamper-evident chain never depends on the language shown.
Pages and exports show its Swedish translation (``display.reason_text``). A
reason a user typed is not in this list and is shown as typed.

A new reason literal in the code belongs here too:
``tests/audit/test_swedish_history.py`` finds every one and fails on any that is
missing or has no Swedish translation.
"""

from django.utils.translation import gettext_noop

REASONS = (
    # The register.
    gettext_noop("registered"),
    gettext_noop("marked confidential"),
    gettext_noop("confidentiality marked"),
    gettext_noop("changed in the administration"),
    gettext_noop("memorandum revised"),
    # Meetings.
    gettext_noop("planned"),
    gettext_noop("signature on paper recorded"),
    gettext_noop("notice of meeting sent"),
    gettext_noop("notice of the meeting sent"),
    gettext_noop("participants recorded"),
    gettext_noop("meeting opened"),
    gettext_noop("attendance changed"),
    gettext_noop("put on the agenda"),
    gettext_noop("item opened"),
    gettext_noop("declared"),
    gettext_noop("motion recorded"),
    gettext_noop("vote recorded"),
    gettext_noop("decided"),
    gettext_noop("tabled or referred back"),
    gettext_noop("motion refused"),
    gettext_noop("refusal overruled"),
    gettext_noop("dissent recorded"),
    gettext_noop("decision dispatched"),
    gettext_noop("meeting closed"),
    gettext_noop("minutes drawn up"),
    gettext_noop("minutes approved"),
    gettext_noop("paragraph approved at the meeting"),
    gettext_noop("notice posted"),
    gettext_noop("notice taken down"),
    gettext_noop("notice board outage logged"),
    gettext_noop("notice board up again"),
    gettext_noop("extract filed"),
    gettext_noop("decision executed"),
    gettext_noop("delegated decision recorded"),
    gettext_noop("protocol of delegated decisions drawn up"),
    gettext_noop("new version of the delegation order started"),
    gettext_noop("point of the delegation order saved"),
    gettext_noop("delegation order adopted"),
    gettext_noop("urgent decision by the chair recorded"),
    gettext_noop("urgent decision by the chair put on the agenda to be reported"),
    gettext_noop("motion recorded on its case"),
    gettext_noop("state of preparation reported"),
    gettext_noop("appeal window passed (automatic step of the meeting flow)"),
    # Statements.
    gettext_noop("announced at the meeting"),
    gettext_noop("drafted"),
    gettext_noop("co-signed"),
    gettext_noop("handed in"),
    # Referrals and answers.
    gettext_noop("referral prepared"),
    gettext_noop("referral sent"),
    gettext_noop("referral registered"),
    gettext_noop("case officer assigned"),
    gettext_noop("officer report drafted"),
    gettext_noop("officer report reviewed"),
    gettext_noop("declined to answer"),
    gettext_noop("extension requested"),
    gettext_noop("extension decided"),
    gettext_noop("answer sent"),
    gettext_noop("answers compiled"),
    gettext_noop("memorandum drafted"),
    gettext_noop("memorandum put on the agenda"),
    gettext_noop("reminders due"),
    gettext_noop("automatic step of the referral flow"),
    gettext_noop("automatic step of the response flow"),
    gettext_noop(
        "decision approved, case closed (automatic step of the referral flow)"
    ),
    # Public access (R63–R67).
    gettext_noop("request received"),
    gettext_noop("document assessed"),
    gettext_noop("request answered"),
    gettext_noop("decision requested"),
    gettext_noop("refusal decided"),
    gettext_noop("masked copy made"),
    gettext_noop("published"),
    gettext_noop("publication withdrawn"),
    gettext_noop("publication withdrawn: confidentiality marked"),
    gettext_noop("paragraph marked secret"),
    # The council's unanimous decision to handle a matter not announced (R10).
    gettext_noop("unanimous decision to handle an unannounced matter"),
    # Log-in protection.
    gettext_noop("locked after failed log-ins"),
    # Snapshots of users' rights and of workflow records (casework.audit.snapshots).
    gettext_noop("rights changed"),
    gettext_noop("workflow record changed"),
    gettext_noop("record removed"),
    gettext_noop("snapshot log begun"),
    # Generated data for load tests.
    gettext_noop("seed_scale"),
    gettext_noop("seed_scale: directory"),
)

KNOWN = frozenset(REASONS)
