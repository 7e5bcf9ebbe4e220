"""The catalogue and single datasets as RDF (Turtle, RDF/XML, JSON-LD), with paging and content negotiation."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from modellkommune.core.parsing import parse_id
from modellkommune.core.selectors import municipality_current

from . import quality, rdf
from .govdata import contributor_id, contributor_id_problem
from .links import absolute
from .selectors import dataset_get_published, dataset_list_published

ACCEPT_TO_EXT = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/xml": "rdf",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}


def _negotiate(accept: str) -> str | None:
    """The extension of the best RDF type in an Accept header; None when HTML is wanted."""
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, position, media.lower()))
    for _q, _pos, media in sorted(choices):
        if media in ACCEPT_TO_EXT:
            return ACCEPT_TO_EXT[media]
        if media in ("text/html", "application/xhtml+xml"):
            return None
    return "ttl"


def _page_number(request) -> int:
    page = parse_id(request.GET.get("page", "1"))  # ASCII digits only ("²".isdigit() is True)
    if page is None or page < 1:
        raise Http404
    return page


def _response(request, graph, ext: str, *, last_modified=None) -> HttpResponse:
    """The serialised graph with ETag (hash of the body) and Last-Modified; 304 when the client has it."""
    body = rdf.serialize(graph, ext)
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    timestamp = int(last_modified.timestamp()) if last_modified else None  # HTTP dates: whole seconds
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type=rdf.FORMATS[ext][1] + "; charset=utf-8")
    response["ETag"] = etag
    if timestamp:
        response["Last-Modified"] = http_date(timestamp)
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _refusal(problem: str) -> HttpResponse:
    """Without a valid contributor ID GovData would reject every dataset (Konvention 12): publish nothing."""
    response = HttpResponse(
        f"Catalogue not published: {problem}\n", status=503, content_type="text/plain; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalog(request, ext: str | None = None):
    if ext is None:
        ext = _negotiate(request.headers.get("Accept", ""))
        if ext is None:
            return HttpResponseRedirect(reverse("opendata:index"), status=303)
    elif ext not in rdf.FORMATS:
        raise Http404
    page = _page_number(request)
    contributor = contributor_id()
    if problem := contributor_id_problem(contributor):
        return _refusal(problem)
    per_page = int(getattr(settings, "OPENDATA_RDF_PAGE_SIZE", 100))
    datasets = dataset_list_published()
    total = datasets.count()
    last = max(1, -(-total // per_page))
    if page > last:
        raise Http404
    base = absolute(reverse("opendata:catalog_format", kwargs={"ext": ext}))
    town = municipality_current()
    graph = rdf.new_graph()
    modified = datasets.aggregate(m=Max("modified"))["m"]
    rdf.add_catalog(
        graph,
        datasets[(page - 1) * per_page : page * per_page],
        publisher_name=town.official_name if town else "Modellkommune",
        modified=modified,
        contributor=contributor,
    )
    cat = rdf.URIRef(rdf.catalog_uri())
    rdf.add_quality(graph, cat, quality.catalogue_assess(datasets))
    rdf.add_paging(graph, page_url=lambda n: f"{base}?page={n}", page=page, per_page=per_page, total=total)
    return _response(request, graph, ext, last_modified=modified)


def dataset_rdf(request, slug: str, ext: str):
    if ext not in rdf.FORMATS:
        raise Http404
    dataset = dataset_get_published(slug=slug)
    if dataset is None:
        raise Http404
    contributor = contributor_id()
    if problem := contributor_id_problem(contributor):
        return _refusal(problem)
    graph = rdf.new_graph()
    rdf.add_dataset(graph, dataset, contributor=contributor)
    rdf.add_data_services(graph, None, [dataset])
    rdf.add_metrics(graph)
    return _response(request, graph, ext, last_modified=dataset.modified)
