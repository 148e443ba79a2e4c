"""Meetings, agenda items, proposals, votes, statements and minutes."""

from casework.meetings.models.meeting import (
    AgendaItem,
    AttendanceChange,
    ItemParticipation,
    Meeting,
    Participant,
)
from casework.meetings.models.minutes import (
    Minutes,
    MinutesApproval,
    MinutesVersion,
    Notice,
)
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
    "AttendanceChange",
    "Ballot",
    "Clause",
    "ItemParticipation",
    "Meeting",
    "Memorandum",
    "Minutes",
    "MinutesApproval",
    "MinutesVersion",
    "Motion",
    "Notice",
    "Participant",
    "ProposedResolution",
    "Statement",
    "StatementClause",
    "StatementSignatory",
    "Vote",
]
