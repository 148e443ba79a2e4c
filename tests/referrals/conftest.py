import datetime

import pytest

from casework import clock
from casework.referrals import services
from tests.builders import Role, make_case, make_staff


@pytest.fixture
def slk_officer(city):
    """A case officer at stadsledningskontoret who prepares the referral."""
    return make_staff("handlaggare.slk", Role.CASE_OFFICER, city.slk)


@pytest.fixture
def e_registrar(city):
    return make_staff("registrator.expk", Role.REGISTRAR, city.expk)


@pytest.fixture
def deadline():
    return clock.today() + datetime.timedelta(days=60)


@pytest.fixture
def ks_case(city, registrar):
    return make_case(
        city.ks_register, registrar, title="Internationell strategi för Stockholms stad"
    )


@pytest.fixture
def referral(ks_case, city, slk_officer, deadline):
    return services.prepare_referral(
        case=ks_case,
        question="Synpunkter på förslaget till internationell strategi.",
        response_deadline=deadline,
        recipients=[city.trn, city.expn],
        actor=slk_officer,
        reason="remiss",
    )


@pytest.fixture
def dispatched(referral, slk_officer):
    return services.dispatch_referral(
        referral=referral, actor=slk_officer, reason="expedierad"
    )


@pytest.fixture
def trn_recipient(dispatched, city):
    return dispatched.recipients.get(organisation=city.trn)


@pytest.fixture
def received(trn_recipient, t_registrar):
    services.receive_referral(
        recipient=trn_recipient, actor=t_registrar, reason="registrerad"
    )
    trn_recipient.refresh_from_db()
    return trn_recipient
