"""One client-IP function for every limit: forwarded headers count only from configured proxies."""

import pytest
from django.test import RequestFactory

from modellkommune.core.ratelimit import client_ip


def _request(remote="10.0.0.1", xff=None, real_ip=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    if real_ip is not None:
        extra["HTTP_X_REAL_IP"] = real_ip
    return RequestFactory().get("/", **extra)


def test_forwarded_headers_are_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request(xff="1.2.3.4", real_ip="5.6.7.8")) == "10.0.0.1"


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/16"]
    assert client_ip(_request(remote="203.0.113.9", xff="1.2.3.4")) == "203.0.113.9"


def test_xff_is_read_from_the_right_skipping_trusted_hops(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.168.1.5"]
    # The client forged "6.6.6.6"; nginx appended the address it really saw, then an inner proxy its own.
    request = _request(xff="6.6.6.6, 198.51.100.23, 192.168.1.5")
    assert client_ip(request) == "198.51.100.23"


def test_x_real_ip_when_no_xff(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request(real_ip="198.51.100.7")) == "198.51.100.7"


def test_ipv6_and_ports(settings):
    settings.TRUSTED_PROXIES = ["::1", "10.0.0.1"]
    assert client_ip(_request(remote="::1", xff="[2001:db8::5]:4711")) == "2001:db8::5"
    assert client_ip(_request(xff="198.51.100.1:443")) == "198.51.100.1"


@pytest.mark.parametrize("xff", ["kein-ip, 10.0.0.1", "", " , "])
def test_garbage_never_becomes_the_client_ip(settings, xff):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request(xff=xff)) == "10.0.0.1"
