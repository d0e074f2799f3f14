"""agency_site.client_ip: whom a request is counted against (rate limits,
the staff-login lockout). Behind N trusted proxies the client is the N-th
X-Forwarded-For entry from the right; what the client wrote itself further
left is never believed."""

import pytest
from django.test import RequestFactory

from agency_site.client_ip import UNKNOWN, client_ip

PROXY = "10.0.0.5"  # REMOTE_ADDR when a proxy connects to gunicorn


def request(remote=PROXY, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def proxies(settings):
    def set_count(count):
        settings.TRUSTED_PROXY_COUNT = count

    return set_count


# --- no proxy (the default) --------------------------------------------------


def test_without_proxies_the_connecting_address_is_the_client(proxies):
    proxies(0)
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", ["198.51.100.1", "198.51.100.1, 198.51.100.2", "", "garbage"])
def test_without_proxies_x_forwarded_for_is_ignored(proxies, forwarded):
    proxies(0)
    assert client_ip(request("203.0.113.7", forwarded)) == "203.0.113.7"


def test_the_default_is_no_proxy(settings):
    del settings.TRUSTED_PROXY_COUNT
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize("remote", ["", "not-an-address", "999.1.1.1"])
def test_no_usable_remote_address_is_unknown(proxies, remote):
    proxies(0)
    assert client_ip(request(remote)) == UNKNOWN


# --- one proxy -----------------------------------------------------------------


def test_behind_one_proxy_the_entry_it_appended_is_the_client(proxies):
    proxies(1)
    assert client_ip(request(forwarded="203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize("spoofed", ["1.2.3.4", "1.2.3.4, 5.6.7.8", "127.0.0.1", "unknown", "<script>"])
def test_behind_one_proxy_entries_written_by_the_client_do_not_count(proxies, spoofed):
    proxies(1)
    assert client_ip(request(forwarded=f"{spoofed}, 203.0.113.7")) == "203.0.113.7"


def test_a_request_that_did_not_pass_the_proxy_is_its_connecting_address(proxies):
    proxies(1)
    assert client_ip(request("203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("203.0.113.9", "")) == "203.0.113.9"


# --- two proxies (e.g. a load balancer, then nginx) --------------------------


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(proxies):
    proxies(2)
    # The outer proxy appended the client; the inner one appended the outer proxy.
    assert client_ip(request(forwarded="203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_behind_two_proxies_too_few_entries_mean_the_connecting_address(proxies):
    proxies(2)
    assert client_ip(request(forwarded="203.0.113.7")) == PROXY


# --- malformed headers -----------------------------------------------------------


@pytest.mark.parametrize("forwarded", [
    "garbage",
    "1.2.3.4, garbage",
    "203.0.113.7:4711",  # a port is not part of the address
    "203.0.113.256",
    "unknown",
    "1.2.3.4, 203.0.113.7 203.0.113.8",
])
def test_a_malformed_entry_in_the_trusted_position_means_the_connecting_address(proxies, forwarded):
    proxies(1)
    assert client_ip(request(forwarded=forwarded)) == PROXY


def test_empty_entries_and_spaces_are_skipped(proxies):
    proxies(1)
    assert client_ip(request(forwarded=" , 1.2.3.4 ,, 203.0.113.7 , ")) == "203.0.113.7"
    proxies(2)
    assert client_ip(request(forwarded=" , 1.2.3.4 ,, 203.0.113.7 , ")) == "1.2.3.4"


def test_a_very_long_header_is_no_problem(proxies):
    proxies(1)
    assert client_ip(request(forwarded=", ".join(["9.9.9.9"] * 5000 + ["203.0.113.7"]))) == "203.0.113.7"


# --- IPv6 ------------------------------------------------------------------------


def test_ipv6_addresses_are_normalised(proxies):
    proxies(0)
    assert client_ip(request("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1"
    proxies(1)
    assert client_ip(request(forwarded="1.2.3.4, 2001:0db8::0001")) == "2001:db8::1"


def test_an_ipv6_proxy_and_an_ipv4_client(proxies):
    proxies(1)
    assert client_ip(request("::1", "203.0.113.7")) == "203.0.113.7"


def test_a_bracketed_ipv6_entry_is_malformed(proxies):
    # nginx writes bare addresses; "[2001:db8::1]:443" is not one.
    proxies(1)
    assert client_ip(request(forwarded="[2001:db8::1]:443")) == PROXY
