"""The URL × role × method matrix (issue 5, QUALITY_BARS.md "Permission matrix").

Every URL pattern of the project — ours, viewflow's and the admin's — has a
declared expectation in ``EXPECTED`` for anonymous visitors and every user
``load_demo`` creates (staff and politicians), for GET and for POST with an
empty body. Every user GETs every URL; the POSTs are sent by the users of
``SAMPLE``, one or more of each class of user (``CLASS_OF``). A pattern without a
declaration fails ``test_every_url_pattern_is_declared``: a new URL must be
declared here before it ships.

Outcome classes:

* ``ok`` – 2xx, or a redirect to a page of the application;
* ``login`` – a redirect to the log-in page (ours or the admin's);
* ``denied`` – 403, 404 or 405.

A 500, an exception or any other status is always a mismatch. Every cell runs
in a savepoint that is rolled back, so cells do not affect each other; a POST
that is not ``ok`` must also leave every table and history table as it was.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from casework.publicity.models import ParagraphSecrecy
from tests.security.conftest import (
    ANONYMOUS,
    CLASS_OF,
    DEMO_USERS,
    POLITICIAN,
    ROLES,
    SAMPLE,
    SAMPLED_ROLES,
    clients_for,
    db_state,
    report,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, DENIED = "ok", "login", "denied"

# --- who -----------------------------------------------------------------------

EVERYONE = frozenset(DEMO_USERS)
REGISTRAR = {"registrator"}  # stadsledningskontoret (kommunstyrelsen's cases)
KARIN = {"karin.dhakal"}  # case officer, trafikkontoret
JONAS = {"jonas.eliasson"}  # head of department, trafikkontoret
TK = KARIN | JONAS
EXPK_HEADS = {"ann-charlotte.bergqvist", "hakan.falk"}
EXPK = {"anders.hallberg"} | EXPK_HEADS
SEK_TRN = {"sekreterare.trn"}
SEK_EXPN = {"sekreterare.expn"}
SEK_KS = {"sekreterare.ks"}
SECRETARIES = SEK_TRN | SEK_EXPN | SEK_KS
PS_MP = {"partisekreterare.mp"}
PARTY = {
    "partisekreterare.mp",
    "partisekreterare.v",
    "partisekreterare.s",
    "partisekreterare.m",
}
AUDITOR = {"revisor"}
SLK_OFFICER = {"handlaggare.slk"}  # prepares kommunstyrelsen's referrals
REGISTRAR_TK = {"registrator.tk"}
REGISTRAR_EXPK = {"registrator.expk"}
REGISTRAR_SBK = {"registrator.sbk"}
# stadsbyggnadskontoret's staff handling a referral to its committee
SBK = REGISTRAR_SBK | {"handlaggare.sbk"}
# the system administrator: lifts log-in locks, reads accounts in the admin
ADMINISTRATOR = {"it.forvaltare"}
# the politicians, by the bodies they sit in this term
TRN_CHAIR = {"moa.demoberg"}  # chairs the world's meetings of trafiknämnden
TRN_CHECKER = {"alva.demoberg"}  # checks their minutes
MP_SIGNATORY = {"elin.demoberg"}  # signs MP's statements there (SIGNATORIES)
TRN_POLITICIANS = (
    TRN_CHAIR
    | TRN_CHECKER
    | {
        "bengt.provsson",
        "cecilia.provsson",
        "elin.demoberg",
        "gun.fiktivsson",
        "fredrik.demoberg",
    }
)
# exploateringsnämnden's: none of the world's records is theirs to read
EXPN_POLITICIANS = {
    "mona.provsson",
    "per-erik.demoberg",
    "nils.provsson",
    "rebecka.demoberg",
    "tore.fiktivsson",
    "viktor.fiktivsson",
}
KS_POLITICIANS = {
    "hanna.exempelsson",
    "jenny.exempelsson",
    "magnus.exempelsson",
    "kalle.exempelsson",
    "ivar.exempelsson",
    "oskar.exempelsson",
    "sofia.exempelsson",
}
# Those who see trafiknämnden's meetings: its department's staff, its
# secretary, the party secretaries (their roles cover every body) and the
# auditor (rules.md (d), V3).
TRN_MEETINGS = TK | REGISTRAR_TK | SEK_TRN | PARTY | AUDITOR | TRN_POLITICIANS
# Kommunstyrelsen's referral: its own staff and the auditor, and once sent the
# staff of the committees it was sent to (R59a).
REFERRAL_READERS = (
    REGISTRAR
    | SLK_OFFICER
    | SEK_KS
    | AUDITOR
    | TK
    | REGISTRAR_TK
    | SEK_TRN
    | EXPK
    | REGISTRAR_EXPK
    | SEK_EXPN
)
# Kommunstyrelsen's case and its meetings: the board's staff, its members
# (they sit in it this term) and the auditor.
KS_CASE = REGISTRAR | SLK_OFFICER | SEK_KS | AUDITOR | KS_POLITICIANS
# Trafikkontoret's registry pages: those handling its cases (rules.md (d)).
TK_HANDLERS = TK | REGISTRAR_TK


def only(*groups, anonymous=LOGIN) -> dict[str, str]:
    """``ok`` for the users in ``groups``, ``denied`` for every other user, and
    ``anonymous`` for a visitor who is not signed in."""
    allowed = set().union(*groups) if groups else set()
    unknown = allowed - EVERYONE
    assert not unknown, unknown
    cells = {ANONYMOUS: anonymous}
    cells.update({u: OK if u in allowed else DENIED for u in DEMO_USERS})
    return cells


def same(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


NOBODY = only()  # signed-in users are refused; anonymous visitors log in first
PUBLIC = same(OK)


@dataclass(frozen=True)
class Spec:
    """How to build the URL from the world, and the outcome for each role."""

    url: Callable
    get: dict
    post: dict
    relogin: bool = False  # the request logs the client out


@dataclass
class Cell:
    key: str
    variant: str
    role: str
    method: str
    expected: str
    url: str = ""
    actual: str = ""
    detail: str = ""
    state_changed: bool = False


def page(get, post=None, **options):
    """Read-only page: POST answers 405 to signed-in users."""
    return get, post if post is not None else NOBODY, options


def form(allowed, **options):
    """A write page: the same users may GET and POST (an empty POST re-shows
    the form with its errors)."""
    return allowed, allowed, options


def rev(name, *args, query=""):
    return lambda w: (
        reverse(name, args=[a(w) if callable(a) else a for a in args])
        + (f"?{query}" if query else "")
    )


def pk(attribute):
    """The pk of ``world.<attribute>`` (dots allowed)."""

    def get(w):
        obj = w
        for part in attribute.split("."):
            obj = getattr(obj, part)
        return obj.pk

    return get


def spec(url, rule) -> Spec:
    get, post, options = rule
    return Spec(url=url, get=get, post=post, **options)


def marked_paragraph(w):
    """The demo's paragraph marked as holding secret information (R67)."""
    return ParagraphSecrecy.objects.filter(lifted_at__isnull=True).first().item_id


def meeting_task(process_attr):
    """The pk of the notice task in ``world.<process_attr>``'s meeting flow."""

    def get(w):
        from viewflow.workflow.models import Task

        process = getattr(w, process_attr)
        tasks = Task.objects.filter(process=process).order_by("pk")
        return next(t.pk for t in tasks if t.flow_task.name == "send_notice")

    return get


# --- documents ------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentState:
    """A document of the world in one state, and who may do what to it on its
    pages (rules.md (d); issue 10 point 1): read it and its versions, revise it
    and add files, make it official, mark it confidential."""

    document: str  # the world's attribute (dots allowed)
    read: set
    revise: set = frozenset()
    make_official: set = frozenset()
    mark: set = frozenset()


# Trafikkontoret's cases: those handling them, trafiknämnden's secretary and
# the auditor (official documents only, for the last two).
TK_CASE = TK_HANDLERS | SEK_TRN | AUDITOR
# The registrar and the case's own officer revise and make official; the
# registrar and the heads mark confidentiality.
TK_WRITERS = KARIN | REGISTRAR_TK
TK_MARKERS = JONAS | REGISTRAR_TK
DOCUMENT_STATES = {
    "draft": DocumentState("t_draft", TK_HANDLERS, TK_WRITERS, TK_WRITERS, TK_MARKERS),
    # TU_UTKAST: its author and its department's heads, not its registrar;
    # written only through the report, official only once approved
    "draft report": DocumentState("t_report.document", TK, mark=JONAS),
    "report under review": DocumentState("t_review_report.document", TK, mark=JONAS),
    # TU_FASTSTÄLLD: whoever handles the case; made official with the answer
    "approved report": DocumentState(
        "t_approved_report.document",
        TK_HANDLERS,
        make_official=TK_HANDLERS,
        mark=TK_MARKERS,
    ),
    "incoming": DocumentState("t_incoming", TK_CASE, TK_WRITERS, mark=TK_MARKERS),
    "decided": DocumentState("t_decided", TK_CASE, TK_WRITERS, mark=TK_MARKERS),
    "confidential": DocumentState(
        "t_conf", TK_HANDLERS | AUDITOR, TK_WRITERS, mark=TK_MARKERS
    ),
    # sent with the referral: its recipients' staff read it too (R42)
    "ks official": DocumentState(
        "ks_official",
        REFERRAL_READERS | KS_POLITICIANS | SBK,
        REGISTRAR,
        mark=REGISTRAR,
    ),
    # PM_UTKAST: the referring office drafting it, not its registrar
    "memorandum draft": DocumentState("memorandum_draft.document", SLK_OFFICER),
}


def document_pages() -> dict:
    """The declarations of every document page, one variant per state."""
    pages = {
        "registry:document_detail": lambda s: page(only(s.read)),
        "registry:document_version": lambda s: page(only(s.read)),
        "registry:document_revise": lambda s: form(only(s.revise)),
        "registry:attachment_add": lambda s: form(only(s.revise)),
        "registry:document_make_official": lambda s: form(only(s.make_official)),
        "registry:document_mark_confidential": lambda s: form(only(s.mark)),
    }
    declared = {}
    for name, rule in pages.items():
        args = [1] if name == "registry:document_version" else []
        declared[name] = {
            variant: spec(rev(name, pk(state.document), *args), rule(state))
            for variant, state in DOCUMENT_STATES.items()
        }
    return declared


def document_histories() -> dict:
    """A record's history of each document: the auditor, of the documents the
    auditor reads."""
    return {
        f"document, {variant}": spec(
            rev("audit:record_history", "document", pk(state.document)),
            page(only(AUDITOR & state.read)),
        )
        for variant, state in DOCUMENT_STATES.items()
    }


# --- our pages -----------------------------------------------------------------

OURS = {
    # log-in, log-out, language
    "login": {"": spec(rev("login"), (PUBLIC, PUBLIC, {}))},
    # Django 5 logs out on POST only; the log-out page sends everyone to log in.
    "logout": {"": spec(rev("logout"), (same(DENIED), same(LOGIN), {"relogin": True}))},
    "set_language": {"": spec(rev("set_language"), (PUBLIC, PUBLIC, {}))},
    # the register
    "registry:case_list": {"": spec(rev("registry:case_list"), page(only(EVERYONE)))},
    "registry:case_create": {
        "": spec(
            rev("registry:case_create"),
            form(only(REGISTRAR, REGISTRAR_TK, REGISTRAR_EXPK, REGISTRAR_SBK)),
        )
    },
    "registry:case_detail": {
        "tk case": spec(
            rev("registry:case_detail", pk("t_case")),
            page(only(TK_HANDLERS, SEK_TRN, AUDITOR)),
        ),
        "ks case": spec(
            rev("registry:case_detail", pk("ks_case")),
            page(only(KS_CASE)),
        ),
    },
    "registry:case_assign": {
        "": spec(
            rev("registry:case_assign", pk("t_case")),
            form(only(JONAS, REGISTRAR_TK)),
        )
    },
    # Only the registrars of the case's organisation close it.
    "registry:case_close": {
        "": spec(rev("registry:case_close", pk("t_case")), form(only(REGISTRAR_TK)))
    },
    "registry:document_create": {
        "": spec(
            rev("registry:document_create", pk("t_case")),
            form(only(KARIN, REGISTRAR_TK)),
        )
    },
    # every document page for a document in every state (DOCUMENT_STATES)
    **document_pages(),
    # the files of the documents that have one
    "registry:attachment_download": {
        "draft": spec(
            rev("registry:attachment_download", pk("t_draft_file")),
            page(only(TK_HANDLERS)),
        ),
        "confidential": spec(
            rev("registry:attachment_download", pk("t_conf_file")),
            page(only(TK_HANDLERS, AUDITOR)),
        ),
        "incoming": spec(
            rev("registry:attachment_download", pk("t_incoming_file")),
            page(only(TK_CASE)),
        ),
    },
    "registry:marking_lift": {
        "": spec(
            rev("registry:marking_lift", pk("t_marking")),
            form(only(JONAS, REGISTRAR_TK)),
        )
    },
    # meetings
    "meetings:meeting_list": {
        "": spec(rev("meetings:meeting_list"), page(only(EVERYONE)))
    },
    "meetings:meeting_create": {
        "": spec(rev("meetings:meeting_create"), form(only(SECRETARIES)))
    },
    "meetings:meeting_detail": {
        "in progress": spec(
            rev("meetings:meeting_detail", pk("m_live")), page(only(TRN_MEETINGS))
        ),
        "finished": spec(
            rev("meetings:meeting_detail", pk("m_done")), page(only(TRN_MEETINGS))
        ),
        "upcoming": spec(
            rev("meetings:meeting_detail", pk("upcoming")), page(only(TRN_MEETINGS))
        ),
        "ks 2011": spec(
            rev("meetings:meeting_detail", pk("ks_meeting")),
            page(only(KS_CASE, PARTY)),
        ),
    },
    "meetings:meeting_send_notice": {
        "": spec(rev("meetings:meeting_send_notice", pk("m_live")), form(only(SEK_TRN)))
    },
    "meetings:participant_add": {
        "": spec(rev("meetings:participant_add", pk("m_live")), form(only(SEK_TRN)))
    },
    "meetings:meeting_open": {
        "": spec(rev("meetings:meeting_open", pk("m_live")), form(only(SEK_TRN)))
    },
    "meetings:attendance_change": {
        "": spec(rev("meetings:attendance_change", pk("m_live")), form(only(SEK_TRN)))
    },
    "meetings:item_create": {
        "": spec(rev("meetings:item_create", pk("m_live")), form(only(SEK_TRN)))
    },
    "meetings:meeting_close": {
        "": spec(rev("meetings:meeting_close", pk("m_live")), form(only(SEK_TRN)))
    },
    "meetings:minutes_detail": {
        # approved minutes: everyone who sees the meeting
        "approved": spec(
            rev("meetings:minutes_detail", pk("m_done")), page(only(TRN_MEETINGS))
        ),
        # the current draft: the secretary (and the chair and the checkers)
        "draft": spec(
            rev("meetings:minutes_detail", pk("m_live")), page(only(SEK_TRN))
        ),
    },
    # the minutes printed and as PDF: the same readers as the minutes' page
    **{
        name: {
            "approved": spec(rev(name, pk("m_done")), page(only(TRN_MEETINGS))),
            "draft": spec(rev(name, pk("m_live")), page(only(SEK_TRN))),
        }
        for name in ("meetings:minutes_print", "meetings:minutes_pdf")
    },
    "meetings:minutes_create": {
        "": spec(rev("meetings:minutes_create", pk("m_live")), form(only(SEK_TRN)))
    },
    # Only the chair and the checkers sign, and only drawn-up minutes: the
    # world's minutes are approved or not drawn up yet.
    "meetings:minutes_approve": {
        "approved": spec(rev("meetings:minutes_approve", pk("m_done")), form(NOBODY)),
        "no minutes": spec(rev("meetings:minutes_approve", pk("m_live")), form(NOBODY)),
    },
    # The secretary records a signature made on paper while the minutes await
    # signatures; the demo's minutes are approved or not drawn up yet.
    "meetings:minutes_paper_signature": {
        "approved": spec(
            rev("meetings:minutes_paper_signature", pk("m_done")), form(NOBODY)
        ),
        "no minutes": spec(
            rev("meetings:minutes_paper_signature", pk("m_live")), form(NOBODY)
        ),
    },
    "meetings:notice_detail": {
        "posted": spec(
            rev("meetings:notice_detail", pk("m_done")), page(only(TRN_MEETINGS))
        ),
        "none": spec(rev("meetings:notice_detail", pk("m_live")), page(NOBODY)),
    },
    "meetings:notice_create": {
        "": spec(rev("meetings:notice_create", pk("m_done")), form(only(SEK_TRN)))
    },
    "meetings:item_detail": {
        "": spec(rev("meetings:item_detail", pk("item_a")), page(only(TRN_MEETINGS)))
    },
    # the chair's refusal to put a motion, the council overruling it, a
    # dissenting opinion and the dispatch of a decision: the body's secretary
    "meetings:motion_refuse": {
        "": spec(rev("meetings:motion_refuse", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:refusal_overrule": {
        "": spec(rev("meetings:refusal_overrule", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:item_unanimous_consent": {
        "": spec(
            rev("meetings:item_unanimous_consent", pk("item_a")),
            form(only(SEK_TRN)),
        )
    },
    "meetings:dissent_record": {
        "": spec(rev("meetings:dissent_record", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:decision_dispatch": {
        "": spec(rev("meetings:decision_dispatch", pk("item_a")), form(only(SEK_TRN)))
    },
    # one paragraph after its decision (R25, R33): the body's secretary
    "meetings:paragraph_approve": {
        "": spec(rev("meetings:paragraph_approve", pk("item_a")), form(only(SEK_TRN)))
    },
    # only a paragraph approved at the meeting has a notice of its own
    "meetings:paragraph_notice_create": {
        "not approved at the meeting": spec(
            rev("meetings:paragraph_notice_create", pk("item_a")), form(NOBODY)
        )
    },
    "meetings:execution_create": {
        "": spec(rev("meetings:execution_create", pk("item_done")), form(only(SEK_TRN)))
    },
    # the public notice board (KL 8:10), its notices and its downtime (R29)
    "meetings:notice_board": {
        "": spec(rev("meetings:notice_board"), page(PUBLIC, same(DENIED)))
    },
    "meetings:notice_take_down": {
        "": spec(
            rev("meetings:notice_take_down", pk("minutes_notice")), form(only(SEK_TRN))
        )
    },
    "meetings:outage_create": {
        "": spec(rev("meetings:outage_create"), form(only(SECRETARIES)))
    },
    "meetings:outage_end": {
        "": spec(rev("meetings:outage_end", pk("outage")), form(only(SECRETARIES)))
    },
    # delegated decisions (R35, R49): read by those who see the body's meetings,
    # recorded by a secretary of a body
    "meetings:delegated_decision_list": {
        "": spec(rev("meetings:delegated_decision_list"), page(only(EVERYONE)))
    },
    "meetings:delegated_decision_create": {
        "": spec(rev("meetings:delegated_decision_create"), form(only(SECRETARIES)))
    },
    "meetings:delegation_protocol_create": {
        "": spec(rev("meetings:delegation_protocol_create"), form(only(SECRETARIES)))
    },
    "meetings:delegation_protocol_detail": {
        "": spec(
            rev("meetings:delegation_protocol_detail", pk("delegation_protocol")),
            page(only(TRN_MEETINGS)),
        )
    },
    "meetings:delegation_notice_create": {
        "": spec(
            rev("meetings:delegation_notice_create", pk("delegation_protocol")),
            form(only(SEK_TRN)),
        )
    },
    # the delegation order (R46, R47): read by those who see the body's
    # meetings, written by the body's secretary while it is a draft
    "meetings:delegation_order_list": {
        "": spec(rev("meetings:delegation_order_list"), page(only(EVERYONE)))
    },
    "meetings:delegation_order_create": {
        "": spec(rev("meetings:delegation_order_create"), form(only(SECRETARIES)))
    },
    "meetings:delegation_order_detail": {
        "in force": spec(
            rev("meetings:delegation_order_detail", pk("delegation_order")),
            page(only(TRN_MEETINGS)),
        ),
        "draft": spec(
            rev("meetings:delegation_order_detail", pk("delegation_draft")),
            page(only(TRN_MEETINGS)),
        ),
    },
    "meetings:delegation_point_create": {
        "draft": spec(
            rev("meetings:delegation_point_create", pk("delegation_draft")),
            form(only(SEK_TRN)),
        ),
        "in force": spec(
            rev("meetings:delegation_point_create", pk("delegation_order")),
            form(only()),
        ),
    },
    "meetings:delegation_point_edit": {
        "": spec(
            rev("meetings:delegation_point_edit", pk("delegation_draft_point")),
            form(only(SEK_TRN)),
        )
    },
    "meetings:delegation_order_adopt": {
        "": spec(
            rev("meetings:delegation_order_adopt", pk("delegation_draft")),
            form(only(SEK_TRN)),
        )
    },
    # urgent decisions of the chair (R48), recorded by a body's secretary
    "meetings:chair_decision_list": {
        "": spec(rev("meetings:chair_decision_list"), page(only(EVERYONE)))
    },
    "meetings:chair_decision_create": {
        "": spec(rev("meetings:chair_decision_create"), form(only(SECRETARIES)))
    },
    # motions (R41): recorded on a case of kommunstyrelsen's register by its
    # registrar and the board's secretary
    "meetings:council_motion_list": {
        "": spec(rev("meetings:council_motion_list"), page(only(EVERYONE)))
    },
    "meetings:council_motion_create": {
        "": spec(
            rev("meetings:council_motion_create", pk("ks_motion_case")),
            form(only(REGISTRAR | SEK_KS)),
        )
    },
    "meetings:council_motion_report": {
        "": spec(
            rev("meetings:council_motion_report", pk("council_motion")),
            form(only(REGISTRAR | SEK_KS)),
        )
    },
    "meetings:item_open": {
        "": spec(rev("meetings:item_open", pk("item_pending")), form(only(SEK_TRN)))
    },
    "meetings:item_declaration": {
        "": spec(rev("meetings:item_declaration", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:motion_create": {
        "": spec(rev("meetings:motion_create", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:vote_create": {
        "": spec(rev("meetings:vote_create", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:item_decide": {
        "": spec(rev("meetings:item_decide", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:item_postpone": {
        "": spec(rev("meetings:item_postpone", pk("item_a")), form(only(SEK_TRN)))
    },
    "meetings:extract_detail": {
        # before approval the draft is read by the secretary, chair and checkers
        "draft": spec(
            rev("meetings:extract_detail", pk("item_a")),
            page(only(SEK_TRN, TRN_CHAIR, TRN_CHECKER)),
        ),
        "approved": spec(
            rev("meetings:extract_detail", pk("item_done")),
            page(only(TRN_MEETINGS)),
        ),
    },
    # the extract printed and as PDF: the same readers as the extract's page
    **{
        name: {
            "draft": spec(
                rev(name, pk("item_a")), page(only(SEK_TRN, TRN_CHAIR, TRN_CHECKER))
            ),
            "approved": spec(rev(name, pk("item_done")), page(only(TRN_MEETINGS))),
        }
        for name in ("meetings:extract_print", "meetings:extract_pdf")
    },
    "meetings:extract_file": {
        "": spec(rev("meetings:extract_file", pk("item_done")), form(only(SEK_TRN)))
    },
    # the secretary announces for any party, a party secretary and the members
    # at the meeting for their own
    "meetings:statement_announce": {
        "": spec(
            rev("meetings:statement_announce", pk("item_a")),
            form(only(SEK_TRN, PARTY, TRN_POLITICIANS)),
        )
    },
    "meetings:statement_workspace": {
        "": spec(rev("meetings:statement_workspace"), page(only(EVERYONE)))
    },
    "meetings:statement_detail": {
        # V1: a draft only to its party (its secretary and its signatory)
        "draft": spec(
            rev("meetings:statement_detail", lambda w: w.statements["a", "MP"].pk),
            page(only(PS_MP, MP_SIGNATORY)),
        ),
        # handed in: also the secretary, the chair and the checkers
        "submitted": spec(
            rev("meetings:statement_detail", lambda w: w.statements["b", "MP"].pk),
            page(only(PS_MP, MP_SIGNATORY, SEK_TRN, TRN_CHAIR, TRN_CHECKER)),
        ),
        # after approval of the minutes: everyone
        "in minutes": spec(
            rev("meetings:statement_detail", pk("statement_done")),
            page(only(EVERYONE)),
        ),
        "brb 2011": spec(
            rev("meetings:statement_detail", pk("brb_mp_statement")),
            page(only(EVERYONE)),
        ),
    },
    "meetings:statement_write": {
        "draft": spec(
            rev("meetings:statement_write", lambda w: w.statements["a", "MP"].pk),
            form(only(PS_MP, MP_SIGNATORY)),
        ),
        "submitted": spec(
            rev("meetings:statement_write", lambda w: w.statements["b", "MP"].pk),
            form(NOBODY),
        ),
    },
    "meetings:statement_cosign": {
        "draft": spec(
            rev("meetings:statement_cosign", lambda w: w.statements["a", "MP"].pk),
            form(only(PS_MP, MP_SIGNATORY)),
        ),
        "submitted": spec(
            rev("meetings:statement_cosign", lambda w: w.statements["b", "MP"].pk),
            form(NOBODY),
        ),
    },
    "meetings:statement_submit": {
        "draft": spec(
            rev("meetings:statement_submit", lambda w: w.statements["a", "MP"].pk),
            form(only(PS_MP, MP_SIGNATORY)),
        ),
        "submitted": spec(
            rev("meetings:statement_submit", lambda w: w.statements["b", "MP"].pk),
            form(NOBODY),
        ),
    },
    # referrals and officer reports
    "referrals:referral_list": {
        "": spec(rev("referrals:referral_list"), page(only(EVERYONE)))
    },
    "referrals:referral_detail": {
        "": spec(
            rev("referrals:referral_detail", pk("referral")),
            page(only(REFERRAL_READERS, KS_POLITICIANS)),
        )
    },
    # the memorandum: drafted by the referring office once the answers are
    # compiled, put on the agenda by the secretary of the board
    "referrals:memorandum_create": {
        "": spec(
            rev("referrals:memorandum_create", pk("referral")), form(only(SLK_OFFICER))
        )
    },
    # the demo's memorandum: read by the secretary of the board it goes to
    # and, once official with its case concluded, by all who see the case
    "referrals:memorandum_detail": {
        "": spec(
            rev("referrals:memorandum_detail", pk("memorandum")),
            page(only(KS_CASE, PARTY)),
        )
    },
    # edited by the referring office while it is a draft: the demo's is not
    "referrals:memorandum_edit": {
        "": spec(rev("referrals:memorandum_edit", pk("memorandum")), form(NOBODY))
    },
    "referrals:memorandum_agenda": {
        "": spec(
            rev("referrals:memorandum_agenda", pk("memorandum")), form(only(SEK_KS))
        )
    },
    "referrals:dashboard": {
        "": spec(
            rev("referrals:dashboard", pk("referral")),
            page(only(REFERRAL_READERS, KS_POLITICIANS)),
        )
    },
    # TU_UTKAST: the draft only to its department's officers and heads
    "referrals:report_detail": {
        "": spec(rev("referrals:report_detail", pk("t_report")), page(only(TK)))
    },
    "referrals:report_print": {
        "": spec(rev("referrals:report_print", pk("t_report")), page(only(TK)))
    },
    "referrals:report_pdf": {
        "": spec(rev("referrals:report_pdf", pk("t_report")), page(only(TK)))
    },
    # the memorandum printed: whoever sees kommunstyrelsen's case
    # the memorandum printed and as PDF: the same readers as its page
    **{
        name: {"": spec(rev(name, pk("memorandum")), page(only(KS_CASE, PARTY)))}
        for name in ("referrals:memorandum_print", "referrals:memorandum_pdf")
    },
    # the auditor's pages
    "audit:history": {"": spec(rev("audit:history"), page(only(AUDITOR)))},
    "audit:history_export": {
        "csv": spec(
            rev("audit:history_export", "csv", query="record=case"),
            page(only(AUDITOR)),
        ),
        "json": spec(
            rev("audit:history_export", "json", query="record=statement"),
            page(only(AUDITOR)),
        ),
    },
    "audit:record_history": {
        **document_histories(),
        "case": spec(
            rev("audit:record_history", "case", pk("t_case")), page(only(AUDITOR))
        ),
        "statement in minutes": spec(
            rev("audit:record_history", "statement", pk("statement_done")),
            page(only(AUDITOR)),
        ),
        # V1: a party's draft is the party's own, the auditor's included
        "draft statement": spec(
            rev(
                "audit:record_history",
                "statement",
                lambda w: w.statements["a", "MP"].pk,
            ),
            page(NOBODY),
        ),
    },
    "audit:timeline": {
        "": spec(rev("audit:timeline", pk("t_case")), page(only(AUDITOR)))
    },
    # public access (R63–R67): the request form, its receipt, a public
    # document and the published minutes answer everyone without logging in
    "publicity:request_create": {
        "": spec(rev("publicity:request_create"), (PUBLIC, PUBLIC, {}))
    },
    "publicity:request_receipt": {
        "decided": spec(
            rev("publicity:request_receipt", lambda w: w.decided_request.reference),
            (PUBLIC, PUBLIC, {}),
        ),
        "unknown": spec(
            rev("publicity:request_receipt", "finns-inte"),
            (same(DENIED), same(DENIED), {}),
        ),
    },
    # V2: the file of an official, unmarked document is everyone's; the file
    # of a draft or of a marked document nobody's
    "publicity:public_attachment": {
        "incoming": spec(
            rev("publicity:public_attachment", pk("t_incoming_file")),
            page(PUBLIC, same(DENIED)),
        ),
        **{
            variant: spec(
                rev("publicity:public_attachment", pk(attribute)),
                page(same(DENIED), same(DENIED)),
            )
            for variant, attribute in (
                ("draft", "t_draft_file"),
                ("confidential", "t_conf_file"),
            )
        },
    },
    "publicity:public_document": {
        # V2: a draft published ahead of the meeting (R64)
        "published draft": spec(
            rev("publicity:public_document", pk("published_report")),
            page(PUBLIC, same(DENIED)),
        ),
        # V2: an unpublished draft and a document under a marking: nobody
        "draft": spec(
            rev("publicity:public_document", pk("t_draft")),
            page(same(DENIED), same(DENIED)),
        ),
        "confidential": spec(
            rev("publicity:public_document", pk("t_conf")),
            page(same(DENIED), same(DENIED)),
        ),
    },
    "publicity:published_minutes": {
        "approved": spec(
            rev("publicity:published_minutes", pk("published_minutes")),
            page(PUBLIC, same(DENIED)),
        )
    },
    # the requests to trafikkontoret: its registrar alone
    "publicity:request_list": {
        "": spec(
            rev("publicity:request_list"),
            page(only(REGISTRAR, REGISTRAR_TK, REGISTRAR_EXPK, REGISTRAR_SBK)),
        )
    },
    "publicity:request_detail": {
        "open": spec(
            rev("publicity:request_detail", pk("open_request")),
            page(only(REGISTRAR_TK)),
        ),
        "decided": spec(
            rev("publicity:request_detail", pk("decided_request")),
            page(only(REGISTRAR_TK)),
        ),
    },
    "publicity:request_assess": {
        "open": spec(
            rev("publicity:request_assess", pk("open_request")),
            form(only(REGISTRAR_TK)),
        ),
        "decided": spec(
            rev("publicity:request_assess", pk("decided_request")), form(NOBODY)
        ),
    },
    "publicity:request_answer": {
        "open": spec(
            rev("publicity:request_answer", pk("open_request")),
            form(only(REGISTRAR_TK)),
        ),
        "decided": spec(
            rev("publicity:request_answer", pk("decided_request")), form(NOBODY)
        ),
    },
    # only once something was withheld and no decision was asked for yet
    "publicity:request_decision_asked": {
        "open": spec(
            rev("publicity:request_decision_asked", pk("open_request")), form(NOBODY)
        ),
        "decided": spec(
            rev("publicity:request_decision_asked", pk("decided_request")),
            form(NOBODY),
        ),
    },
    "publicity:request_decide": {
        "open": spec(rev("publicity:request_decide", pk("open_request")), form(NOBODY)),
        "decided": spec(
            rev("publicity:request_decide", pk("decided_request")), form(NOBODY)
        ),
    },
    # masked copies (R66): made by the registrars and heads handling the case,
    # read by those who read the original
    "publicity:rendition_create": {
        "confidential": spec(
            rev("publicity:rendition_create", pk("t_conf")),
            form(only(JONAS, REGISTRAR_TK)),
        ),
        # a draft's content still changes: it is not masked
        "draft": spec(rev("publicity:rendition_create", pk("t_draft")), form(NOBODY)),
    },
    "publicity:rendition_detail": {
        "": spec(
            rev("publicity:rendition_detail", pk("rendition")),
            page(only(TK_HANDLERS, AUDITOR)),
        )
    },
    # publication (R64): the registrars and heads handling the case
    **{
        name: {"draft": spec(rev(name, pk("t_draft")), form(only(JONAS, REGISTRAR_TK)))}
        for name in ("publicity:document_publish", "publicity:document_withdraw")
    },
    # a secret paragraph (R67): the secretary keeping the minutes
    "publicity:paragraph_secrecy": {
        "": spec(rev("publicity:paragraph_secrecy", pk("item_a")), form(only(SEK_TRN)))
    },
    # lifting it: the same secretary, and only where a marking is in force
    "publicity:paragraph_unmark": {
        "marked": spec(
            rev("publicity:paragraph_unmark", marked_paragraph), form(only(SEK_TRN))
        ),
        "not marked": spec(
            rev("publicity:paragraph_unmark", pk("item_a")), form(NOBODY)
        ),
    },
    # the page of log-in locks and lifting one: the system administrator
    "signin:lockouts": {"": spec(rev("signin:lockouts"), page(only(ADMINISTRATOR)))},
    "signin:unlock": {
        "": spec(rev("signin:unlock", pk("lockout")), form(only(ADMINISTRATOR)))
    },
    # the task desk: referral, response and meeting tasks
    "tasks:mine": {"": spec(rev("tasks:mine"), page(only(EVERYONE)))},
    "tasks:claimable": {"": spec(rev("tasks:claimable"), page(only(EVERYONE)))},
    "tasks:task": {
        # Karin's draft report: Jonas could carry it out but Karin has taken
        # it, so he is sent to his task list with a message.
        "taken": spec(rev("tasks:task", pk("t_report_task")), form(only(TK))),
        "open": spec(
            rev("tasks:task", pk("e_assign_task")),
            form(only(EXPK_HEADS, REGISTRAR_EXPK)),
        ),
        "board": spec(
            rev("tasks:task", pk("decide_extension_task")), form(only(SLK_OFFICER))
        ),
        # the notice of the meeting in progress: no one has taken it
        "meeting": spec(rev("tasks:task", meeting_task("p_live")), form(only(SEK_TRN))),
        "meeting taken": spec(
            rev("tasks:task", meeting_task("p_taken")), form(only(SEK_TRN))
        ),
    },
    "tasks:take": {
        "": spec(
            rev("tasks:take", pk("e_assign_task")),
            (NOBODY, only(EXPK_HEADS, REGISTRAR_EXPK), {}),
        ),
        "meeting": spec(
            rev("tasks:take", meeting_task("p_live")), (NOBODY, only(SEK_TRN), {})
        ),
    },
    "tasks:release": {
        "": spec(rev("tasks:release", pk("t_report_task")), (NOBODY, only(KARIN), {})),
        "meeting": spec(
            rev("tasks:release", meeting_task("p_taken")), (NOBODY, only(SEK_TRN), {})
        ),
    },
    "tasks:extension": {
        "": spec(rev("tasks:extension", pk("t_report_task")), (NOBODY, only(TK), {}))
    },
    "tasks:decline": {
        "": spec(rev("tasks:decline", pk("t_report_task")), (NOBODY, only(TK), {}))
    },
    "tasks:prepare_referral": {
        "": spec(rev("tasks:prepare_referral", pk("t_case")), form(only(TK)))
    },
}

# --- the admin --------------------------------------------------------------------
#
# Every admin page sends every role but the system administrator to the admin's
# log-in page, except the log-in page itself. The system administrator is staff
# with her group's rights (fixtures/stockholm.toml): the admin's own pages, and
# reading users and django-axes's attempts and failures; no adding, changing or
# deleting anywhere. The models with an admin are declared by hand, so that
# registering another model adds URLs that must be declared.

ADMIN_MODELS = {
    # app_label.model: has simple_history's admin (one more URL)
    "auth.group": False,
    "axes.accessattempt": False,
    "axes.accesslog": False,
    "axes.accessfailurelog": False,
    "viewflow.process": False,
    "viewflow.task": False,
    "directory.user": True,
    "directory.organisation": True,
    "directory.party": True,
    "directory.partydesignation": True,
    "directory.person": True,
    "directory.assignment": True,
    "directory.staffrole": True,
    "registry.register": True,
    "registry.case": True,
    "registry.caselink": True,
    "registry.document": True,
    "registry.documentversion": True,
    "registry.attachment": True,
    "registry.confidentialitymarking": True,
}
# The models whose records the system administrator reads (her group's rights).
READ_BY_ADMINISTRATOR = {
    "directory.user",
    "axes.accessattempt",
    "axes.accessfailurelog",
}


def to_admin_login(administrator: str = DENIED) -> dict[str, str]:
    """The admin's log-in page for every role, ``administrator`` for the
    system administrator."""
    cells = same(LOGIN)
    cells.update(dict.fromkeys(ADMINISTRATOR, administrator))
    return cells


def _admin_spec(url, get=DENIED, post=DENIED) -> dict:
    return {"": Spec(url=url, get=to_admin_login(get), post=to_admin_login(post))}


def _first(label: str):
    model = apps.get_model(label)
    return model._default_manager.order_by("pk").first()


def first_record(label: str):
    """The pk of the model's first record (1 when it has none), so that the
    pages ask for a record that exists on every database, whatever its
    sequences."""

    def get(w):
        first = _first(label)
        return first.pk if first is not None else 1

    return get


def first_version(label: str):
    """The history id of the first record's first version (1 when none)."""

    def get(w):
        first = _first(label)
        version = first and first.history.order_by("history_id").first()
        return version.history_id if version else 1

    return get


def _admin_model_specs(label: str, tracked: bool) -> dict:
    """The pages of one model: the system administrator lists, reads and
    reads the history of what her group may read; adds, changes and deletes
    nothing."""
    app, model = label.split(".")
    prefix = f"admin:{app}_{model}"
    read = OK if label in READ_BY_ADMINISTRATOR else DENIED
    record = first_record(label)
    specs = {
        f"{prefix}_changelist": _admin_spec(rev(f"{prefix}_changelist"), read, read),
        f"{prefix}_add": _admin_spec(rev(f"{prefix}_add")),
        f"{prefix}_history": _admin_spec(rev(f"{prefix}_history", record), read, read),
        f"{prefix}_delete": _admin_spec(rev(f"{prefix}_delete", record)),
        f"{prefix}_change": _admin_spec(rev(f"{prefix}_change", record), read),
        # sends staff on to the change page, which refuses or shows
        f"admin/{app}/{model}/<path:object_id>/": _admin_spec(
            lambda w: f"/admin/{app}/{model}/{record(w)}/", OK, OK
        ),
    }
    if tracked:
        # an earlier version: read, never saved by one who may only read
        specs[f"{prefix}_simple_history"] = _admin_spec(
            rev(f"{prefix}_simple_history", record, first_version(label)), read
        )
    return specs


def _admin_specs() -> dict:
    specs = {
        "admin:index": _admin_spec(rev("admin:index"), OK, OK),
        "admin:password_change": _admin_spec(rev("admin:password_change"), OK, OK),
        "admin:password_change_done": _admin_spec(
            rev("admin:password_change_done"), OK
        ),
        "admin:autocomplete": _admin_spec(rev("admin:autocomplete")),
        "admin:jsi18n": _admin_spec(rev("admin:jsi18n"), OK),
        "admin:view_on_site": _admin_spec(rev("admin:view_on_site", 1, 1)),
        "admin:app_list": _admin_spec(rev("admin:app_list", "registry")),
        "admin/(?P<url>.*)$": _admin_spec(lambda w: "/admin/finns-inte/"),
        # the admin's log-in page answers everyone
        "admin:login": {"": Spec(url=rev("admin:login"), get=PUBLIC, post=PUBLIC)},
        # non-staff are sent to the admin's index, which asks them to log in;
        # staff log out by POST only
        "admin:logout": {
            "": Spec(
                url=rev("admin:logout"),
                get={**PUBLIC, **dict.fromkeys(ADMINISTRATOR, DENIED)},
                post={**PUBLIC, **dict.fromkeys(ADMINISTRATOR, LOGIN)},
                relogin=True,
            )
        },
        "admin:auth_user_password_change": _admin_spec(
            rev("admin:auth_user_password_change", 1)
        ),
    }
    for label, tracked in ADMIN_MODELS.items():
        specs.update(_admin_model_specs(label, tracked))
    return specs


EXPECTED = {**OURS, **_admin_specs()}


@dataclass(frozen=True)
class Bug:
    """A known product bug: the cells it breaks (``affects(key, variant, role,
    method)``) are reported as known, not counted as mismatches, and
    ``test_known_bug`` proves each one with an xfail(strict) until it is fixed;
    then delete it here and its cells count again."""

    reason: str
    affects: Callable


# None known: a bug found is declared here with the cells it breaks.
KNOWN_BUGS: dict[str, Bug] = {}


def known_bug(cell) -> str | None:
    for name, bug in KNOWN_BUGS.items():
        if bug.affects(cell.key, cell.variant, cell.role, cell.method):
            return name
    return None


# --- enumerating the URL patterns -------------------------------------------------


def url_patterns(patterns=None, prefix="", namespaces=()):
    """(key, route) for every URL pattern of the project, recursively: the key
    is the namespaced name, or the full route for a pattern without a name."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from url_patterns(
                entry.url_patterns, prefix + str(entry.pattern), inner
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            key = ":".join((*namespaces, entry.name)) if entry.name else route
            yield key, route


# --- running one cell ---------------------------------------------------------------


def outcome(response) -> tuple[str, str]:
    """The outcome class of a response, and what it was."""
    code = response.status_code
    if code in (403, 404, 405):
        return DENIED, str(code)
    if 300 <= code < 400:
        location = response["Location"]
        path = urlsplit(location).path
        try:
            match = resolve(path)
        except Resolver404:
            return f"redirect outside the application ({location})", str(code)
        if match.view_name in ("login", "admin:login"):
            return LOGIN, f"{code} {location}"
        return OK, f"{code} {location}"
    if 200 <= code < 300:
        return OK, str(code)
    return f"HTTP {code}", str(code)


def run_cell(client, method: str, url: str, check_state: bool) -> tuple[str, str, bool]:
    """Request ``url`` in a savepoint that is rolled back afterwards."""
    changed = False
    with transaction.atomic():
        before = db_state() if check_state else None
        try:
            response = getattr(client, method.lower())(url)
        except Exception as error:  # a 500: the view raised
            actual, detail = "error", f"{type(error).__name__}: {error}"[:300]
        else:
            actual, detail = outcome(response)
            if check_state and actual != OK:
                changed = db_state() != before
        transaction.set_rollback(True)
    return actual, detail, changed


def check_matrix(world, clients, *, only_cells=None) -> list[Cell]:
    cells = []
    for key, variants in EXPECTED.items():
        for variant, entry in variants.items():
            url = entry.url(world)
            for method, expectations in (("GET", entry.get), ("POST", entry.post)):
                for role in ROLES if method == "GET" else SAMPLED_ROLES:
                    cell_id = (key, variant, role, method)
                    if only_cells is not None and cell_id not in only_cells:
                        continue
                    cell = Cell(key, variant, role, method, expectations[role], url)
                    cell.actual, cell.detail, cell.state_changed = run_cell(
                        clients[role], method, url, check_state=method == "POST"
                    )
                    if entry.relogin and role != ANONYMOUS:
                        clients[role].force_login(world.users[role])
                    cells.append(cell)
    return cells


def mismatched(cell: Cell) -> bool:
    return cell.actual != cell.expected or cell.state_changed


# --- the tests ----------------------------------------------------------------------


def test_every_url_pattern_is_declared():
    declared = set(EXPECTED)
    patterns = {key for key, _route in url_patterns()}
    undeclared = sorted(patterns - declared)
    stale = sorted(declared - patterns)
    report(f"URL patterns: {len(patterns)}, declared: {len(declared)}")
    assert not undeclared, f"URL patterns without a declared expectation: {undeclared}"
    assert not stale, f"declared patterns that no longer exist: {stale}"


def test_every_demo_user_has_a_class(world):
    """The matrix's roles are the users load_demo creates: a new demo user
    without a declared class (and so without declared expectations) fails."""
    assert set(DEMO_USERS) == world.loaded_usernames
    assert set(CLASS_OF) == set(DEMO_USERS)
    # the users who also POST include one of every class
    assert {CLASS_OF[u] for u in SAMPLE} == set(CLASS_OF.values())
    # every politician is placed in the bodies whose papers they read
    politicians = {u for u, (kind, _role) in CLASS_OF.items() if kind == POLITICIAN}
    assert politicians == TRN_POLITICIANS | EXPN_POLITICIANS | KS_POLITICIANS


def test_every_declaration_covers_every_role_and_method():
    for key, variants in EXPECTED.items():
        for variant, entry in variants.items():
            assert set(entry.get) == set(ROLES), (key, variant)
            assert set(entry.post) == set(ROLES), (key, variant)


def _report(cell) -> str:
    return (
        f"{cell.method} {cell.key} [{cell.variant}] as {cell.role}: expected "
        f"{cell.expected}, got {cell.actual} ({cell.detail})"
        + (" and the database changed" if cell.state_changed else "")
    )


def test_the_url_role_method_matrix(world):
    clients = clients_for(world)
    cells = check_matrix(world, clients)
    wrong = [c for c in cells if mismatched(c)]
    known = [c for c in wrong if known_bug(c)]
    unexplained = [c for c in wrong if not known_bug(c)]
    errors = [c for c in cells if c.actual == "error" or c.actual.startswith("HTTP 5")]
    classes = Counter(c.actual for c in cells)
    report(
        f"URL × role × method matrix: {len(cells)} cells checked "
        f"({len(EXPECTED)} patterns, {len(ROLES)} roles, GET and POST), "
        f"{len(unexplained)} mismatches, {len(known)} cells broken by "
        f"{len({known_bug(c) for c in known})} known bugs (xfail below), "
        f"{len(errors)} server errors; outcomes {dict(classes)}"
    )
    for cell in known:
        print(f"  KNOWN BUG ({known_bug(cell)}) {_report(cell)}")
    for cell in unexplained:
        print(f"  MISMATCH {_report(cell)}")
    assert not unexplained


def _bug_cells(name):
    bug = KNOWN_BUGS[name]
    return {
        (key, variant, role, method)
        for key, variants in EXPECTED.items()
        for variant in variants
        for role in ROLES
        for method in ("GET", "POST")
        if bug.affects(key, variant, role, method)
    }


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=bug.reason))
        for name, bug in KNOWN_BUGS.items()
    ],
)
def test_known_bug(world, name):
    """The cells of one known bug behave as declared (fails until fixed)."""
    cells = check_matrix(world, clients_for(world), only_cells=_bug_cells(name))
    wrong = [c for c in cells if mismatched(c)]
    for cell in wrong:
        print(f"  {_report(cell)}")
    assert not wrong


def test_the_secretary_gives_a_taken_meeting_task_back(world):
    """A meeting task is given back on the desk like any other: the post frees
    the task for any committee secretary to take."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    client = clients_for(world)["sekreterare.trn"]
    task = Task.objects.get(pk=meeting_task("p_taken")(world))
    url = reverse("tasks:release", args=[task.pk])
    with transaction.atomic():
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("tasks:mine")
        task.refresh_from_db()
        assert (task.status, task.owner_id) == (STATUS.NEW, None)
        claimable = client.get(reverse("tasks:claimable")).context["tasks"]
        assert task in list(claimable)
        transaction.set_rollback(True)
