"""Lock-out per account and per address (issue 10, point 4).

Failures are counted per username from every address, and per address over
every username; the lock of an account grows each time it is locked again.
"""

import datetime
import re

import pytest
from django.core import mail

from casework.signin.models import LoginLockout
from tests.builders import make_user
from tests.signin.conftest import PASSWORD, log_in, wind_back

pytestmark = pytest.mark.django_db


def addresses(count: int, prefix: str = "198.51.100") -> list[str]:
    return [f"{prefix}.{n}" for n in range(1, count + 1)]


def test_forty_guesses_from_ten_addresses_lock_the_account(karin):
    """Issue 10.4: distributed guessing of one username is counted together."""
    answers = [
        log_in("karin.dhakal", f"guess{n}", address=address).status_code
        for n in range(4)
        for address in addresses(10)
    ]
    assert answers[:4] == [200] * 4
    assert set(answers[4:]) == {429}
    assert log_in("karin.dhakal", PASSWORD, address="203.0.113.77").status_code == 429
    lock = LoginLockout.objects.get()
    assert (lock.kind, lock.key) == (LoginLockout.Kind.ACCOUNT, "karin.dhakal")


def test_the_lock_of_an_account_holds_from_every_other_address(karin):
    """Issue 10.4: after five failures the account does not log in from elsewhere."""
    for n in range(5):
        log_in("karin.dhakal", f"guess{n}", address="198.51.100.1")
    response = log_in("karin.dhakal", PASSWORD, address="203.0.113.5")
    assert response.status_code == 429
    assert not response.signed_in


def test_sixty_usernames_sprayed_from_one_address_lock_the_address(karin):
    """Issue 10.4: spraying many usernames from one address locks the address."""
    answers = [
        log_in(f"user{n}", "Sommar2026!", address="192.0.2.66").status_code
        for n in range(60)
    ]
    assert answers[:19] == [200] * 19
    assert set(answers[19:]) == {429}
    blocked = log_in("karin.dhakal", PASSWORD, address="192.0.2.66")
    assert blocked.status_code == 429 and not blocked.signed_in
    # the accounts themselves are not locked: from another address they log in
    assert log_in("karin.dhakal", PASSWORD, address="192.0.2.67").signed_in
    lock = LoginLockout.objects.get()
    assert (lock.kind, lock.key) == (LoginLockout.Kind.ADDRESS, "192.0.2.66")


def test_a_few_failures_from_a_shared_office_address_lock_nobody_out(karin):
    """Issue 10.4: the address limit is higher than the account limit, so a
    handful of typing errors by colleagues behind one address lock no one out."""
    for n in range(10):
        log_in(f"colleague{n}", "typo", address="192.0.2.10")
    assert log_in("karin.dhakal", PASSWORD, address="192.0.2.10").signed_in


def test_a_successful_log_in_does_not_clear_the_failures_of_its_address(karin):
    """Issue 10.4: a sprayer who also holds an account cannot reset the count of
    its address by logging in between guesses."""
    make_user("insider")
    for n in range(15):
        log_in(f"user{n}", "guess", address="192.0.2.50")
    assert log_in("insider", PASSWORD, address="192.0.2.50").signed_in
    answers = [
        log_in(f"other{n}", "guess", address="192.0.2.50").status_code
        for n in range(10)
    ]
    assert 429 in answers


def test_each_new_lock_of_an_account_lasts_twice_as_long(karin):
    """Issue 10.4: progressive delay: 15 minutes, then 30, then 60."""
    for n in range(5):
        log_in("karin.dhakal", f"first{n}", address="198.51.100.1")
    wind_back(16)
    # the first lock is over; five more failures lock it for 30 minutes
    for n in range(5):
        log_in("karin.dhakal", f"second{n}", address="198.51.100.2")
    wind_back(16)
    assert log_in("karin.dhakal", PASSWORD, address="198.51.100.3").status_code == 429
    wind_back(15)
    assert log_in("karin.dhakal", PASSWORD, address="198.51.100.3").signed_in
    first, second = LoginLockout.objects.order_by("locked_at")
    assert first.ends_at - first.locked_at == datetime.timedelta(minutes=15)
    assert second.ends_at - second.locked_at == datetime.timedelta(minutes=30)


def test_the_first_lock_ends_after_fifteen_minutes(karin):
    """Issue 10.4: the cool-off is a delay, not a permanent lock."""
    for n in range(5):
        log_in("karin.dhakal", f"guess{n}", address="198.51.100.1")
    wind_back(14)
    assert log_in("karin.dhakal", PASSWORD, address="198.51.100.1").status_code == 429
    wind_back(2)
    assert log_in("karin.dhakal", PASSWORD, address="198.51.100.1").signed_in


def test_the_account_holder_is_told_by_e_mail_once_per_lock(karin):
    """Issue 10.4: the holder learns of the lock, in Swedish, once."""
    for n in range(12):
        log_in("karin.dhakal", f"guess{n}", address=f"198.51.100.{n + 1}")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin.dhakal@example.invalid"]
    assert message.subject == "Ditt konto har låsts"
    assert "karin.dhakal" in message.body
    assert "misslyckade inloggningsförsök" in message.body
    assert "15 minuter" in message.body


def test_no_e_mail_goes_out_when_an_address_is_locked(karin):
    """Issue 10.4: spraying locks the address; no account holder is e-mailed."""
    for n in range(25):
        log_in("karin.dhakal" if n == 0 else f"user{n}", "x", address="192.0.2.9")
    assert LoginLockout.objects.filter(kind=LoginLockout.Kind.ADDRESS).exists()
    assert mail.outbox == []


def _main_text(response) -> str:
    text = response.content.decode()
    main = text[text.index("<main") : text.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_the_lock_page_is_the_same_whether_the_username_exists_or_not(karin):
    """Issue 10.4: the lock-out reveals nothing about which usernames exist."""
    for n in range(5):
        log_in("karin.dhakal", f"guess{n}", address="198.51.100.1")
        log_in("karin.dhakla", f"guess{n}", address="198.51.100.2")
    real = log_in("karin.dhakal", "again", address="198.51.100.3")
    made_up = log_in("karin.dhakla", "again", address="198.51.100.4")
    assert real.status_code == made_up.status_code == 429
    assert _main_text(real) == _main_text(made_up)
    assert "karin" not in _main_text(real)
    assert LoginLockout.objects.filter(key="karin.dhakla").exists()


def test_the_lock_page_says_in_swedish_what_happened_and_what_to_do(karin):
    """Issue 10.4: the user is told why and what to do."""
    for n in range(6):
        response = log_in("karin.dhakal", f"guess{n}", address="198.51.100.1")
    page = _main_text(response)
    assert "Inloggningen är spärrad" in page
    assert "15 minuter" in page
    assert "systemadministratör" in page
