"""The client's address behind a trusted proxy (issue 10, point 4).

Behind a reverse proxy every request comes from the proxy's address; the
client's own address is taken from X-Forwarded-For only when a proxy is
configured, and only the entry that proxy wrote.
"""

import pytest
from django.test import RequestFactory, override_settings

from casework.signin.policy import client_address
from tests.builders import make_user
from tests.signin.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/konto/logga-in/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_configured_proxy_a_forwarded_header_is_ignored():
    """Issue 10.4: a direct client cannot choose its address by a forged header."""
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_wrote_is_the_clients():
    """Issue 10.4: the proxy appends the address it saw; earlier entries came
    from the client and are not trusted."""
    request = request_from(PROXY, "6.6.6.6, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_the_outer_one_saw_is_the_clients():
    """Issue 10.4: with two proxies the outer one's entry is the client's."""
    request = request_from(PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.1")
    assert client_address(request) == "198.51.100.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "1.2.3.4:80"])
def test_a_missing_or_malformed_forwarded_header_falls_back_to_the_peer(forwarded):
    """Issue 10.4: a header that names no address is not trusted."""
    assert client_address(request_from(PROXY, forwarded)) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_a_request_that_passed_fewer_proxies_than_configured_is_the_peers():
    """Issue 10.4: a request that skipped the proxies cannot name its address."""
    assert client_address(request_from(PROXY, "198.51.100.1")) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_a_sprayer_locks_only_its_own_address():
    """Issue 10.4: users behind one proxy do not share one address."""
    make_user("karin.dhakal")
    for n in range(25):
        log_in(f"user{n}", "guess", address=PROXY, forwarded="198.51.100.66")
    sprayer = log_in("karin.dhakal", PASSWORD, address=PROXY, forwarded="198.51.100.66")
    colleague = log_in(
        "karin.dhakal", PASSWORD, address=PROXY, forwarded="198.51.100.7"
    )
    assert sprayer.status_code == 429
    assert colleague.signed_in


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_a_sprayer_cannot_escape_by_forging_the_header():
    """Issue 10.4: rotating a forged X-Forwarded-For does not reset the count."""
    make_user("karin.dhakal")
    answers = [
        log_in(
            f"user{n}", "guess", address="203.0.113.9", forwarded=f"10.1.1.{n}"
        ).status_code
        for n in range(25)
    ]
    assert answers[-1] == 429
    assert log_in("karin.dhakal", PASSWORD, address="203.0.113.9").status_code == 429
