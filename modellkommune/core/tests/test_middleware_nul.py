import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/rat/suche/?q=a%00b", "/?x%00=1"])
def test_nul_bytes_in_query_parameters_are_bad_requests(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Nullzeichen" in response.content.decode()


@pytest.mark.django_db
def test_ordinary_parameters_pass(client):
    assert client.get("/rat/suche/?q=Radweg").status_code == 200
