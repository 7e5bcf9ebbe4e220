"""Replica routing: anonymous public reads may use the replica; writes, sessions, tokens and a client that
just wrote stay on the primary (read-your-own-writes)."""

import time

import pytest
from django.db import connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from modellkommune.accounts.tests.factories import UserFactory
from modellkommune.core import db_router
from modellkommune.core.db_router import PIN_COOKIE, PrimaryReplicaRouter, request_may_use_replica
from modellkommune.egov.reports.models import Report

ROUTER = "modellkommune.core.db_router.PrimaryReplicaRouter"
PUBLIC_API = "/open311/v2/requests.json"


@pytest.fixture
def replica_on(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


def _request(method="get", path=PUBLIC_API, **extra):
    return getattr(RequestFactory(), method)(path, **extra)


@pytest.mark.parametrize(
    ("request_kwargs", "expected"),
    [
        ({}, True),
        ({"method": "head"}, True),
        ({"method": "post"}, False),
        ({"method": "delete"}, False),
        ({"HTTP_AUTHORIZATION": "Bearer sta-token"}, False),
        ({"path": "/admin/"}, False),
        ({"path": "/konto/login/"}, False),
        ({"path": "/healthz"}, False),
    ],
)
def test_routing_decision(request_kwargs, expected):
    assert request_may_use_replica(_request(**request_kwargs)) is expected


def test_session_and_pin_cookies_keep_the_client_on_the_primary(settings):
    request = _request()
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert request_may_use_replica(request) is False
    request = _request()
    request.COOKIES[PIN_COOKIE] = str(time.time() + 10)
    assert request_may_use_replica(request) is False
    request.COOKIES[PIN_COOKIE] = str(time.time() - 1)
    assert request_may_use_replica(request) is True
    request.COOKIES[PIN_COOKIE] = "kaputt"  # a forged cookie can only cost the replica, never an error
    assert request_may_use_replica(request) is True


@pytest.mark.django_db(transaction=True)
def test_router_reads_replica_only_when_allowed_and_outside_transactions():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Report) == "default"
    token = db_router._use_replica.set(True)
    try:
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_write(Report) == "default"
        with transaction.atomic():
            assert router.db_for_read(Report) == "default"
    finally:
        db_router._use_replica.reset(token)
    assert router.allow_migrate("default", "reports") is True
    assert router.allow_migrate("replica", "reports") is False


def _queries(client, method, path, **kwargs):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as rep:
        response = getattr(client, method)(path, **kwargs)
    return response, len(primary), len(rep)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_anonymous_public_api_reads_from_the_replica(client, replica_on):
    response, primary, replica = _queries(client, "get", PUBLIC_API)
    assert response.status_code == 200
    assert replica > 0
    assert primary == 0


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_after_a_write_the_client_reads_its_own_writes_from_the_primary(client, replica_on, settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 30
    response = client.post(PUBLIC_API, {"service_code": "gibt-es-nicht"})
    assert response.status_code < 500
    assert PIN_COOKIE in response.cookies
    assert response.cookies[PIN_COOKIE]["max-age"] == 30
    response, primary, replica = _queries(client, "get", PUBLIC_API)
    assert response.status_code == 200
    assert primary > 0
    assert replica == 0


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_logged_in_users_and_token_holders_use_the_primary(client, replica_on):
    client.force_login(UserFactory())
    _response, primary, replica = _queries(client, "get", PUBLIC_API)
    assert (primary > 0, replica) == (True, 0)
    client.logout()
    client.cookies.clear()
    _response, primary, replica = _queries(client, "get", PUBLIC_API, HTTP_AUTHORIZATION="Bearer x")
    assert (primary > 0, replica) == (True, 0)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_without_a_replica_nothing_changes(client):
    response = client.post(PUBLIC_API, {"service_code": "gibt-es-nicht"})
    assert PIN_COOKIE not in response.cookies
    _response, primary, replica = _queries(client, "get", PUBLIC_API)
    assert (primary > 0, replica) == (True, 0)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_anonymous_sensorthings_reads_use_the_replica_despite_their_savepoint(client, replica_on):
    response, primary, replica = _queries(client, "get", "/sta/v1.1/Things")
    assert response.status_code == 200
    assert replica > 0
    assert primary == 0
    _response, primary, replica = _queries(client, "get", "/sta/v1.1/Things", HTTP_AUTHORIZATION="Bearer sta_x")
    assert (primary > 0, replica) == (True, 0)
