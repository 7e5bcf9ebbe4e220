"""Data services (dcat:DataService) the catalogue describes: the platform's live APIs.

A distribution that is a query of such a service names it in `Distribution.access_service`; the RDF then
links it with dcat:accessService and the service lists the dataset in dcat:servesDataset."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

# OGC SensorThings API Part 1: Sensing, version 1.1 (OGC 18-088).
STA_STANDARD = "http://www.opengis.net/spec/iot_sensing/1.1"
STA_DOCUMENT = "https://docs.ogc.org/is/18-088/18-088.html"


@dataclass(frozen=True)
class DataService:
    key: str
    title: str
    description: str
    endpoint_urls: list[str]
    conforms_to: str
    endpoint_description: str
    extra_endpoints: list[str] = field(default_factory=list)


def data_services() -> dict[str, DataService]:
    services = {}
    try:
        from modellkommune.sensors.selectors import sta_base_url
    except ImportError:  # sensors app not installed
        return services
    base = sta_base_url()
    mqtt = (getattr(settings, "OPENDATA_STA_MQTT_URL", "") or "").strip()
    services["sensorthings"] = DataService(
        key="sensorthings",
        title="SensorThings-API",
        description=(
            "Live-Messwerte aller öffentlichen Sensoren nach OGC SensorThings API 1.1: HTTP-Abfragen"
            + (" und MQTT-Abonnements (Erweiterung SensorThings MQTT)." if mqtt else ".")
        ),
        endpoint_urls=[base] + ([mqtt] if mqtt else []),
        conforms_to=STA_STANDARD,
        endpoint_description=STA_DOCUMENT,
    )
    return services
