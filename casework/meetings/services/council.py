"""What the council (kommunfullmäktige) may decide: only matters the executive
board has prepared (R36, R37)."""

from django.utils.translation import gettext as _

from casework.directory.models import Organisation
from casework.history import field_error
from casework.meetings.models import AgendaItem


def is_council_item(item: AgendaItem) -> bool:
    return item.meeting.organisation.kind == Organisation.Kind.COUNCIL


def prepared_by_board(case) -> bool:
    """The executive board has decided its proposal in the case: it prepared the
    matter or had its say on another body's preparation (KL 5:26, 5:28, 6:13)."""
    if case is None:
        return False
    return AgendaItem.objects.filter(
        case=case,
        meeting__organisation__kind=Organisation.Kind.EXECUTIVE_BOARD,
        state=AgendaItem.State.DECIDED,
    ).exists()


def require_prepared_by_board(case, *, field: str) -> None:
    """The council decides only a prepared matter, and the board always has its
    say on it (R36, R37)."""
    if not prepared_by_board(case):
        raise field_error(
            field,
            _(
                "The council decides only prepared matters: the executive board has "
                "not yet decided its proposal in this case (KL 5 kap. 26 §)."
            ),
            code="not_prepared",
        )


def require_council_may_decide(item: AgendaItem) -> None:
    """A council item is decided only when the board has prepared its matter;
    the other bodies decide their items without this check."""
    if is_council_item(item):
        require_prepared_by_board(item.case, field="item")
