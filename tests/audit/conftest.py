from tests.meetings.conftest import (  # noqa: F401
    approval_day,
    committee,
    meeting,
    meeting_day,
    parties,
    secretary,
)
from tests.referrals.conftest import (  # noqa: F401
    deadline,
    dispatched,
    e_registrar,
    ks_case,
    received,
    referral,
    slk_officer,
    trn_recipient,
)
