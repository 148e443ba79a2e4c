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
