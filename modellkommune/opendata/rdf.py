"""The catalogue as DCAT-AP.de RDF, built with rdflib. Every emitted property is written out here.

Paging follows what CKAN's DCAT harvester reads: a hydra:PagedCollection node (the page URL) with
hydra:totalItems, hydra:itemsPerPage, hydra:firstPage, hydra:lastPage and hydra:nextPage/previousPage."""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from . import quality
from .constants import (
    ACCESS_RIGHT_BASE,
    FILE_TYPE_BASE,
    FREQUENCY_BASE,
    IANA_MEDIA_TYPE_BASE,
    LANGUAGE_DEU,
    LICENCE_BASE,
    LICENCE_SHORT,
    THEME_BASE,
    Licence,
)
from .dataservices import data_services
from .links import absolute, catalog_uri, dataset_page_url, dataset_uri

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
DQV = Namespace("http://www.w3.org/ns/dqv#")

FORMATS = {
    # extension: (rdflib format, media type)
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("pretty-xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
# Licences whose terms require naming the source (dcatde:licenseAttributionByText).
ATTRIBUTION_LICENCES = {Licence.DL_BY_DE_2, Licence.CC_BY_4, Licence.CC_BY_SA_4, Licence.ODBL}


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in (
        ("dcat", DCAT), ("dct", DCTERMS), ("dcatde", DCATDE), ("foaf", FOAF), ("vcard", VCARD),
        ("adms", ADMS), ("spdx", SPDX), ("hydra", HYDRA), ("locn", LOCN), ("xsd", XSD), ("dqv", DQV),
    ):  # fmt: skip
        g.bind(prefix, ns, override=True)
    return g


def _de(text: str) -> Literal:
    return Literal(text, lang="de")


def _datetime(value) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def _bnode(*parts) -> BNode:
    """A blank node with a stable label: same graph, same bytes, so the ETag of an unchanged catalogue holds."""
    return BNode("n" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:20])


def _publisher(g: Graph, dataset, owner: str = "") -> BNode:
    node = _bnode("publisher", owner or dataset.slug)
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, _de(dataset.publisher_name)))
    if dataset.publisher_url:
        g.add((node, FOAF.homepage, URIRef(dataset.publisher_url)))
    return node


def service_uri(key: str) -> URIRef:
    return URIRef(absolute("/opendata/catalog") + f"#service-{key}")


def metric_uri(key: str) -> URIRef:
    return URIRef(absolute("/opendata/catalog") + f"#mqa-{key}")


def add_quality(g: Graph, node, assessment) -> None:
    """The MQA score as DQV quality measurements: one per dimension and the total."""
    for key, value in [("score", assessment.score), *assessment.dimensions.items()]:
        measurement = _bnode("mqa", node, key)
        g.add((measurement, RDF.type, DQV.QualityMeasurement))
        g.add((measurement, DQV.isMeasurementOf, metric_uri(key)))
        g.add((measurement, DQV.computedOn, node))
        g.add((measurement, DQV.value, Literal(value, datatype=XSD.integer)))
        g.add((node, DQV.hasQualityMeasurement, measurement))


def add_metrics(g: Graph) -> None:
    for key, label in [("score", "MQA-Punkte gesamt (von 405)"), *quality.DIMENSIONS.items()]:
        metric = metric_uri(key)
        g.add((metric, RDF.type, DQV.Metric))
        g.add((metric, RDFS.label, _de(str(label))))
        g.add((metric, DQV.expectedDataType, XSD.integer))


def add_dataset(g: Graph, dataset, *, contributor: str = "", with_quality: bool = True) -> URIRef:
    ds = URIRef(dataset_uri(dataset.slug))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(dataset_uri(dataset.slug))))
    g.add((ds, DCTERMS.title, _de(dataset.title)))
    g.add((ds, DCTERMS.description, _de(dataset.description)))
    g.add((ds, DCTERMS.publisher, _publisher(g, dataset)))
    contact = _bnode("contact", dataset.slug)
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, _de(dataset.contact_name)))
    g.add((contact, VCARD.hasEmail, URIRef("mailto:" + dataset.contact_email)))
    g.add((ds, DCAT.contactPoint, contact))
    for code in dataset.themes:
        g.add((ds, DCAT.theme, URIRef(THEME_BASE + code)))
    for keyword in dataset.keywords:
        g.add((ds, DCAT.keyword, _de(keyword)))
    # DCAT-AP.de 3.0 reads the geocoding from dct:spatial; 2.0 harvesters still read politicalGeocodingURI
    # (deprecated in 3.0: a warning there), so both are written unless the operator switches 2.0 off.
    spatial = dataset.spatial_uri or dataset.political_geocoding_uri
    g.add((ds, DCTERMS.spatial, URIRef(spatial)))
    if getattr(settings, "OPENDATA_DCATDE_2_GEOCODING", True):
        g.add((ds, DCATDE.politicalGeocodingURI, URIRef(dataset.political_geocoding_uri)))
        g.add((ds, DCATDE.politicalGeocodingLevelURI, URIRef(dataset.political_geocoding_level_uri)))
    if contributor:
        g.add((ds, DCATDE.contributorID, URIRef(contributor)))
    g.add((ds, DCTERMS.accessRights, URIRef(ACCESS_RIGHT_BASE + dataset.access_rights)))
    if dataset.conforms_to:
        g.add((ds, DCTERMS.conformsTo, URIRef(dataset.conforms_to)))
        g.add((URIRef(dataset.conforms_to), RDF.type, DCTERMS.Standard))
    if dataset.musterdatensatz:
        # The Musterdatenkatalog link as DCAT-AP.de portals write it (e.g. Schleswig-Holstein's): dct:references.
        g.add((ds, DCTERMS.references, URIRef(dataset.musterdatensatz)))
    if dataset.temporal_start or dataset.temporal_end:
        period = _bnode("temporal", dataset.slug)
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            g.add((period, DCAT.startDate, Literal(dataset.temporal_start.isoformat(), datatype=XSD.date)))
        if dataset.temporal_end:
            g.add((period, DCAT.endDate, Literal(dataset.temporal_end.isoformat(), datatype=XSD.date)))
        g.add((ds, DCTERMS.temporal, period))
    g.add((ds, DCTERMS.accrualPeriodicity, URIRef(FREQUENCY_BASE + dataset.accrual_periodicity)))
    g.add((ds, DCTERMS.language, URIRef(LANGUAGE_DEU)))
    g.add((ds, DCTERMS.issued, _datetime(dataset.issued)))
    g.add((ds, DCTERMS.modified, _datetime(dataset.modified)))
    g.add((ds, DCAT.landingPage, URIRef(dataset_page_url(dataset.slug))))
    for dist in dataset.distributions.all():
        g.add((ds, DCAT.distribution, add_distribution(g, dist, dataset)))
    if with_quality:
        add_quality(g, ds, quality.dataset_assess(dataset))
    return ds


def add_distribution(g: Graph, dist, dataset) -> URIRef:
    node = URIRef(f"{dataset_page_url(dataset.slug)}#distribution-{dist.pk}")
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, _de(dist.title)))
    if dist.description:
        g.add((node, DCTERMS.description, _de(dist.description)))
    g.add((node, DCAT.accessURL, URIRef(dist.access_url or dist.download_url)))
    if dist.download_url:
        g.add((node, DCAT.downloadURL, URIRef(dist.download_url)))
    g.add((node, DCTERMS.format, URIRef(FILE_TYPE_BASE + dist.format)))
    if dist.media_type:
        g.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPE_BASE + dist.media_type)))
    licence = dist.licence or dataset.licence
    g.add((node, DCTERMS.license, URIRef(licence)))
    if licence in ATTRIBUTION_LICENCES:
        g.add((node, DCATDE.licenseAttributionByText, _de(dataset.publisher_name)))
    # An IRI typed dct:RightsStatement: 3.0 wants the class, the 2.0 conventions an IRI or literal.
    rights = URIRef(f"{dataset_page_url(dataset.slug)}#rechte-{dist.pk}")
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    statement = f"Nutzung nach {LICENCE_SHORT.get(licence, licence)} ({licence})"
    if licence in ATTRIBUTION_LICENCES:
        statement += f"; Quellenvermerk: {dataset.publisher_name}"
    g.add((rights, RDFS.label, _de(statement)))
    g.add((node, DCTERMS.rights, rights))
    if dist.byte_size is not None:
        g.add((node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger)))
    if dist.access_service:
        g.add((node, DCAT.accessService, service_uri(dist.access_service)))
    g.add((node, DCTERMS.issued, _datetime(dist.issued)))
    g.add((node, DCTERMS.modified, _datetime(dist.modified)))
    return node


def add_data_services(g: Graph, cat: URIRef, datasets) -> None:
    """dcat:DataService nodes for the services that the given datasets' distributions use."""
    used: dict[str, list] = {}
    for dataset in datasets:
        for dist in dataset.distributions.all():
            if dist.access_service:
                used.setdefault(dist.access_service, []).append(dataset)
    services = data_services()
    for key, served in used.items():
        service = services.get(key)
        if service is None:
            continue
        node = service_uri(key)
        g.add((node, RDF.type, DCAT.DataService))
        g.add((node, DCTERMS.title, _de(service.title)))
        g.add((node, DCTERMS.description, _de(service.description)))
        for url in service.endpoint_urls:
            g.add((node, DCAT.endpointURL, URIRef(url)))
        g.add((node, DCAT.endpointDescription, URIRef(service.endpoint_description)))
        g.add((node, DCTERMS.conformsTo, URIRef(service.conforms_to)))
        g.add((URIRef(service.conforms_to), RDF.type, DCTERMS.Standard))
        g.add((node, DCTERMS.accessRights, URIRef(ACCESS_RIGHT_BASE + "PUBLIC")))
        g.add((node, DCTERMS.license, URIRef(served[0].licence)))
        g.add((node, DCTERMS.publisher, _publisher(g, served[0], owner=f"service-{key}")))
        for dataset in {d.pk: d for d in served}.values():
            g.add((node, DCAT.servesDataset, URIRef(dataset_uri(dataset.slug))))
        if cat is not None:
            g.add((cat, DCAT.service, node))


def add_catalog(g: Graph, datasets, *, publisher_name: str, modified, contributor: str = "") -> URIRef:
    cat = URIRef(catalog_uri())
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, _de(f"Offene Daten – {publisher_name}")))
    g.add((cat, DCTERMS.description, _de(f"Katalog der offenen Daten von {publisher_name} nach DCAT-AP.de.")))
    publisher = _bnode("catalogue-publisher", publisher_name)
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, _de(publisher_name)))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, FOAF.homepage, URIRef(absolute("/opendata/"))))
    g.add((cat, DCTERMS.language, URIRef(LANGUAGE_DEU)))
    g.add((cat, DCTERMS.license, URIRef(LICENCE_BASE + "dl-zero-de/2.0")))
    if modified is not None:
        g.add((cat, DCTERMS.modified, _datetime(modified)))
    datasets = list(datasets)
    for dataset in datasets:
        g.add((cat, DCAT.dataset, add_dataset(g, dataset, contributor=contributor)))
    add_data_services(g, cat, datasets)
    add_metrics(g)
    return cat


def add_paging(g: Graph, *, page_url, page: int, per_page: int, total: int) -> None:
    """page_url(n) returns the absolute URL of page n."""
    last = max(1, math.ceil(total / per_page))
    node = URIRef(page_url(page))
    g.add((node, RDF.type, HYDRA.PagedCollection))
    g.add((node, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    g.add((node, HYDRA.itemsPerPage, Literal(per_page, datatype=XSD.integer)))
    g.add((node, HYDRA.firstPage, Literal(page_url(1))))
    g.add((node, HYDRA.lastPage, Literal(page_url(last))))
    if page < last:
        g.add((node, HYDRA.nextPage, Literal(page_url(page + 1))))
    if page > 1:
        g.add((node, HYDRA.previousPage, Literal(page_url(page - 1))))


def serialize(g: Graph, ext: str) -> bytes:
    rdflib_format, _media_type = FORMATS[ext]
    if rdflib_format == "json-ld":
        context = {"dcat": str(DCAT), "dct": str(DCTERMS), "dcatde": str(DCATDE), "foaf": str(FOAF),
                   "vcard": str(VCARD), "hydra": str(HYDRA), "xsd": str(XSD), "dqv": str(DQV)}  # fmt: skip
        return g.serialize(format="json-ld", context=context, auto_compact=True).encode()
    return g.serialize(format=rdflib_format, encoding="utf-8")
