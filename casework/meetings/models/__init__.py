"""Meetings, agenda items, proposals, votes, statements and minutes."""

from casework.meetings.models.board import NoticeBoardOutage
from casework.meetings.models.chair_decisions import ChairDecision
from casework.meetings.models.consent import UnanimousConsent
from casework.meetings.models.council_motions import (
    CouncilMotion,
    MotionStrikeOff,
    PreparationReport,
)
from casework.meetings.models.delegation import DelegatedDecision, DelegationProtocol
from casework.meetings.models.delegation_order import (
    DelegationOrder,
    DelegationPoint,
    MatterCategory,
)
from casework.meetings.models.meeting import (
    AgendaItem,
    AttendanceChange,
    ItemParticipation,
    Meeting,
    Participant,
)
from casework.meetings.models.minutes import (
    ApprovalMethod,
    Minutes,
    MinutesApproval,
    MinutesVersion,
    Notice,
)
from casework.meetings.models.paragraphs import ItemExecution, ParagraphApproval
from casework.meetings.models.procedure import Dissent, MotionRefusal, Postponement
from casework.meetings.models.proceedings import (
    Ballot,
    Clause,
    Memorandum,
    Motion,
    ProposedResolution,
    Vote,
)
from casework.meetings.models.statements import (
    Statement,
    StatementClause,
    StatementSignatory,
)

__all__ = [
    "AgendaItem",
    "ApprovalMethod",
    "AttendanceChange",
    "Ballot",
    "ChairDecision",
    "Clause",
    "CouncilMotion",
    "DelegatedDecision",
    "DelegationOrder",
    "DelegationPoint",
    "DelegationProtocol",
    "Dissent",
    "ItemExecution",
    "ItemParticipation",
    "MatterCategory",
    "Meeting",
    "Memorandum",
    "Minutes",
    "MinutesApproval",
    "MinutesVersion",
    "Motion",
    "MotionRefusal",
    "Notice",
    "NoticeBoardOutage",
    "ParagraphApproval",
    "Participant",
    "Postponement",
    "PreparationReport",
    "MotionStrikeOff",
    "ProposedResolution",
    "Statement",
    "StatementClause",
    "StatementSignatory",
    "UnanimousConsent",
    "Vote",
]
