"""The 500 page must not promise what may not be true (that the visitor's input was saved)."""

from django.test import RequestFactory

from modellkommune.portal.views import error_500


def test_500_page_does_not_claim_input_was_saved():
    response = error_500(RequestFactory().get("/antraege/1/einreichen/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "sind gespeichert" not in text
    assert "möglicherweise nicht gespeichert" in text
    assert 'lang="de"' in text and "<h1>" in text
