"""List pages read through compiled queries (api/prepared.py, the page query of api/views.py) answer what the
ORM-built queries answer, and survive a session that lost its prepared statements."""

import pytest
from django.db import connection

from modellkommune.council.api import views
from modellkommune.council.api.pagination import forward_page
from modellkommune.council.models import Paper


@pytest.mark.django_db
@pytest.mark.parametrize("after", [None, 0, 2])
def test_compiled_page_query_reads_what_the_orm_reads(body_id, after):
    Paper.objects.create(body_id=body_id, name="Zweite Vorlage", reference="2026/2")
    Paper.objects.create(body_id=body_id, name="Zurückgezogen", reference="2026/3", public=False, was_public=True)
    for body in (body_id, body_id + 1000):  # another body's page is empty in both
        orm = list(forward_page(views._list_queryset("Paper", {}, {}, body), after, 100))
        args = {"body": body} if after is None else {"body": body, "after": after}
        compiled = views._page_query("Paper", body=True, after=after is not None, limit=100)(**args)
        assert compiled == orm


# Ids are at most 18 digits in every OParl URL (core/converters.py): a longer number reaches the OParl 404
# instead of the database (SQLite's driver overflowed: a 500; PostgreSQL's bigint parameter would too).
@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/oparl/v1.1/body/99999999999999999999/paper",
        "/oparl/v1.1/paper/99999999999999999999",
        "/oparl/v1.1/file/99999999999999999999/access",
        "/oparl/v1.1/file/99999999999999999999/download/a.pdf",
    ],
)
def test_an_id_beyond_bigint_is_a_404_not_a_500(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_page_after_the_session_lost_its_prepared_statements(client, body_id):
    url = f"/oparl/v1.1/body/{body_id}/paper?after=0"
    first = client.get(url)
    assert first.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what a proxy's DISCARD ALL does to the session
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    connection.close()  # psycopg's own prepared statements (SensorThings) went too: a fresh session for the next test


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_page_in_a_session_that_already_holds_the_statements(client, body_id):
    from modellkommune.council.api import prepared

    url = f"/oparl/v1.1/body/{body_id}/paper"
    first = client.get(url)
    prepared._prepared_on.clear()  # a new client connection on a session a proxy kept without DISCARD ALL
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_oparl_pages_inside_a_transaction_after_the_session_lost_its_statements(client, body_id):
    """psycopg answers a rollback after statements it prepared itself (SensorThings pages, row_pages.py) with
    DEALLOCATE ALL, which takes the OParl statements too. Inside a transaction the OParl page cannot prepare
    again after the error, so it does not use them there (CI: two security tests in a shared transaction)."""
    from django.db import transaction

    url = f"/oparl/v1.1/body/{body_id}/paper"
    first = client.get(url)  # prepares the statements of the page in this session
    assert first.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what psycopg sends on that rollback
    with transaction.atomic():
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    connection.close()  # psycopg's own prepared statements (SensorThings) went too: a fresh session for the next test
