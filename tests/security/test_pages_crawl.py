"""Every page a visitor can reach by following links answers without a server error."""

import pytest
from django.urls import NoReverseMatch, reverse
from qa_support import EXPECTED_PAGES, crawl_public_pages


@pytest.mark.parametrize(("name", "kwargs"), EXPECTED_PAGES, ids=[name for name, _ in EXPECTED_PAGES])
def test_entry_page_is_public_and_german(client, demo, name, kwargs):
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        pytest.skip(f"{name} does not exist yet")
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    assert response["Content-Language"] == "de"
    assert b'<html lang="de"' in response.content


def test_no_reachable_public_page_fails(client, demo):
    found = crawl_public_pages(client, per_type=2)
    broken = {path: status for pages in found.values() for path, status in pages if status >= 500}
    assert not broken, f"server errors on public pages: {broken}"
    not_found = {path: status for pages in found.values() for path, status in pages if status == 404}
    assert not not_found, f"links to missing pages: {not_found}"
    assert len(found) >= 10, sorted(found)
