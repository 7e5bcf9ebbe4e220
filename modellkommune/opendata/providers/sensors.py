"""One dataset per sector with public SensorThings datastreams."""

from urllib.parse import quote

from django.db.models import Max, Min
from django.utils.translation import gettext as _

from ..constants import SECTOR_THEME, FileType, Frequency, Theme
from ..dataservices import STA_STANDARD
from ..registry import DatasetSpec, Link, Table, register

DATASTREAM_COLUMNS = ["datastream_id", "name", "beobachtete_groesse", "einheit", "thing", "breite", "laenge", "sta_url"]
OBSERVATION_COLUMNS = ["datastream_id", "datastream", "zeitpunkt", "ergebnis"]


def _point(thing) -> tuple[float | None, float | None]:
    locations = getattr(thing, "locations", None)
    location = locations.all()[0] if locations is not None and locations.all() else None
    geometry = getattr(location, "location", None) or {}
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if geometry.get("type") == "Point" and coordinates and len(coordinates) >= 2:
        return coordinates[1], coordinates[0]
    return None, None


def _datastream_rows(code: str):
    from modellkommune.sensors import selectors

    streams = (
        selectors.datastream_list_public()
        .filter(sector__code=code)
        .select_related("thing", "observed_property")
        .prefetch_related("thing__locations")
        .order_by("pk")
    )
    for ds in streams.iterator(chunk_size=500):
        unit = ds.unit_of_measurement or {}
        lat, lon = _point(ds.thing)
        yield [
            ds.pk,
            ds.name,
            ds.observed_property.name,
            unit.get("symbol", ""),
            ds.thing.name,
            lat,
            lon,
            selectors.datastream_url(ds),
        ]


def _observations(code: str):
    from modellkommune.sensors import selectors

    streams = selectors.datastream_list_public().filter(sector__code=code)
    query = getattr(selectors, "observation_list_public", None)
    if query is not None:
        observations = query().filter(datastream__in=streams)
    else:  # the sensors app offers no observation selector (yet): read through the public datastreams
        from modellkommune.sensors.models import Observation

        observations = Observation.objects.filter(datastream__in=streams)
    rows = observations.order_by("datastream_id", "phenomenon_time_start", "id").values_list(
        "datastream_id", "datastream__name", "phenomenon_time_start", "result"
    )
    for ds_id, ds_name, time, result in rows.iterator(chunk_size=2000):
        yield [ds_id, ds_name, time.isoformat() if time else "", result]


def _sta_sector_query_url(selectors, code: str) -> str:
    """The sector's own datastreams as a SensorThings query (not the unfiltered collection).

    The sector is stored in the Thing's properties (properties/sector), which STA $filter can address."""
    odata = f"Thing/properties/sector eq '{code}'"
    return f"{selectors.sta_base_url()}/Datastreams?$filter={quote(odata, safe='/')}"


def _temporal(code: str):
    """(first day, last day) of the sector's public observations, from the datastreams' phenomenonTime."""
    from modellkommune.sensors import selectors

    span = selectors.datastream_list_for_sector(sector_code=code).aggregate(
        first=Min("phenomenon_time_start"), last=Max("phenomenon_time_end")
    )
    first, last = span["first"], span["last"] or span["first"]
    return (first.date() if first else None, last.date() if last else None)


@register("sensoren")
def sensor_datasets() -> list[DatasetSpec]:
    from modellkommune.core.selectors import sector_list
    from modellkommune.sensors import selectors

    public = selectors.datastream_list_public()
    specs = []
    for sector in sector_list():
        first = public.filter(sector=sector).order_by("pk").first()
        if first is None:
            continue
        code = sector.code
        specs.append(
            DatasetSpec(
                key=f"sensoren-{code}",
                title=_("Sensordaten %(sector)s") % {"sector": sector.name},
                description=_(
                    "Messwerte der öffentlichen Sensoren im Sektor %(sector)s der Stadt, laufend über die "
                    "SensorThings-API (OGC SensorThings 1.1) veröffentlicht. Die Downloads enthalten die "
                    "Datenströme mit Standort und alle bisherigen Beobachtungen."
                )
                % {"sector": sector.name},
                themes=[SECTOR_THEME.get(code, Theme.ENVI), Theme.TECH],
                keywords=[_("Sensoren"), "SensorThings", sector.name],
                frequency=Frequency.CONT,
                sector_code=code,
                links=[
                    Link(
                        key="sta",
                        title=_("SensorThings-API (Datenströme des Sektors)"),
                        format=FileType.JSON,
                        access_url=_sta_sector_query_url(selectors, code),
                        description=_("OGC SensorThings API 1.1: die Datenströme dieses Sektors, live abfragbar"),
                        access_service="sensorthings",
                        downloadable=True,
                    )
                ],
                temporal=lambda code=code: _temporal(code),
                conforms_to=STA_STANDARD,
                tables=[
                    Table(
                        key="datenstroeme",
                        title=_("Datenströme"),
                        columns=DATASTREAM_COLUMNS,
                        rows=lambda code=code: _datastream_rows(code),
                        lat_column="breite",
                        lon_column="laenge",
                    ),
                    Table(
                        key="beobachtungen",
                        title=_("Beobachtungen"),
                        columns=OBSERVATION_COLUMNS,
                        rows=lambda code=code: _observations(code),
                    ),
                ],
            )
        )
    return specs
