"""Demo measuring network of Iserlohn: ~20 Things, ~40 datastreams over all eight sectors, a month of history.

Idempotent: entities are matched by name; history is only added after the newest stored observation of each
datastream, so a second run adds at most the readings since the first. Stations and figures are fictional.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from modellkommune.core.models import Sector

from .constants import ObservationType
from .models import Datastream, FeatureOfInterest, Location, ObservedProperty, Sensor, Thing
from .services import observation_bulk_create
from .simulation import KINDS, station_series

HISTORY_DAYS = 30
BATCH = 5000

# Observed properties: (name, definition, description)
PROPERTIES = {
    "traffic": ("Verkehrsstärke", "https://dd.eionet.europa.eu/vocabulary/uom/concentration/count", "Kfz je Intervall"),
    "bicycles": ("Radverkehr", "https://www.wikidata.org/wiki/Q11442", "Fahrräder je Stunde"),
    "parking": ("Parkraumbelegung", "https://www.wikidata.org/wiki/Q6501349", "belegte Stellplätze in Prozent"),
    "no2": ("Stickstoffdioxid (NO₂)", "http://dd.eionet.europa.eu/vocabulary/aq/pollutant/8", "Stundenmittel"),
    "pm10": ("Feinstaub PM10", "http://dd.eionet.europa.eu/vocabulary/aq/pollutant/5", "Stundenmittel"),
    "temperature": ("Lufttemperatur", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0023/", "2 m über Grund"),
    "co2": ("CO₂-Konzentration Raumluft", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0021/", "Raumluft"),
    "pv": ("PV-Leistung", "https://www.wikidata.org/wiki/Q25358", "eingespeiste Leistung"),
    "energy": ("Energieverbrauch", "https://www.wikidata.org/wiki/Q11379", "Verbrauch je Stunde"),
    "visitors_cave": ("Besucherzahl", "https://www.wikidata.org/wiki/Q1519127", "Eintritte je Stunde"),
    "visitors_lake": ("Besucherzahl", "https://www.wikidata.org/wiki/Q1519127", "Eintritte je Stunde"),
    "footfall": ("Passantenfrequenz", "https://www.wikidata.org/wiki/Q1519127", "Passanten je Stunde"),
    "noise": ("Schallpegel", "https://www.wikidata.org/wiki/Q1323374", "äquivalenter Dauerschallpegel LAeq"),
    "water_level": ("Wasserstand", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0434/", "Pegelstand"),
    "water_temperature": ("Wassertemperatur", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0335/", "Oberfläche"),
}

# Things: (name, sector, lat, lon, description, [(datastream name, kind, scale)])
STATIONS = [
    ("Zählstelle Westring", "verkehr", 51.3771, 7.6889, "Induktionsschleifen an der Einmündung Theodor-Heuss-Ring", [
        ("Kfz stadteinwärts Westring", "traffic", 1.0), ("Kfz stadtauswärts Westring", "traffic", 0.9),
        ("Schallpegel Westring", "noise", 1.1)]),
    ("Zählstelle Hagener Straße", "verkehr", 51.3822, 7.6741, "Seitenradar und Radzählschleife", [
        ("Kfz Hagener Straße", "traffic", 0.7), ("Radverkehr Hagener Straße", "bicycles", 0.6)]),
    ("Parkhaus Schillerplatz", "verkehr", 51.3746, 7.6986, "Schrankenzählung, 420 Stellplätze", [
        ("Belegung Parkhaus Schillerplatz", "parking", 1.0)]),
    ("Parkhaus Theodor-Heuss-Ring", "verkehr", 51.3733, 7.6921, "Schrankenzählung, 310 Stellplätze", [
        ("Belegung Parkhaus Theodor-Heuss-Ring", "parking", 0.85)]),
    ("Rathaus am Schillerplatz", "energie", 51.3759, 7.6960, "Gebäudeleittechnik und PV-Anlage auf dem Dach", [
        ("Stromverbrauch Rathaus", "energy", 0.8), ("Wärmeverbrauch Rathaus", "energy", 1.3),
        ("PV-Leistung Rathausdach", "pv", 0.3)]),
    ("Schulzentrum Seilersee – Technik", "energie", 51.3855, 7.7086, "PV-Anlage 180 kWp und Hauptzähler", [
        ("PV-Leistung Schulzentrum", "pv", 1.0), ("Stromverbrauch Schulzentrum", "energy", 1.0)]),
    ("Hallenbad Nord", "energie", 51.3902, 7.6972, "Hauptzähler Strom und Fernwärme", [
        ("Stromverbrauch Hallenbad", "energy", 1.1), ("Wärmeverbrauch Hallenbad", "energy", 1.6)]),
    ("Luftmessstation Stadtbahnhof", "gesundheit", 51.3721, 7.6934, "Passivsammler und optischer Partikelzähler", [
        ("NO₂ Stadtbahnhof", "no2", 1.1), ("PM10 Stadtbahnhof", "pm10", 1.0), ("Temperatur Stadtbahnhof", "temperature", 1.0)]),
    ("Luftmessstation Letmathe", "gesundheit", 51.3656, 7.6106, "Messcontainer an der Hagener Straße", [
        ("NO₂ Letmathe", "no2", 0.9), ("PM10 Letmathe", "pm10", 0.9)]),
    ("Schulzentrum Hemberg – Raum 104", "bildung", 51.3707, 7.7029, "Raumluftampel im Klassenraum", [
        ("CO₂ Raum 104", "co2", 1.0), ("Raumtemperatur Raum 104", "temperature", 0.0)]),
    ("Schulzentrum Hemberg – Raum 215", "bildung", 51.3709, 7.7033, "Raumluftampel im Fachraum Chemie", [
        ("CO₂ Raum 215", "co2", 1.15)]),
    ("Grundschule Nußberg – Klasse 3b", "bildung", 51.3801, 7.7051, "Raumluftampel im Klassenraum", [
        ("CO₂ Klasse 3b", "co2", 0.8)]),
    ("Passantenzählung Wermingser Straße", "handel", 51.3763, 7.6991, "Laserzählung, anonym", [
        ("Passanten Wermingser Straße", "footfall", 1.0)]),
    ("Passantenzählung Alter Rathausplatz", "handel", 51.3751, 7.6969, "Laserzählung, anonym", [
        ("Passanten Alter Rathausplatz", "footfall", 0.6)]),
    ("Parkplatz Stadthalle", "handel", 51.3795, 7.6945, "Einzelplatzsensoren, 180 Stellplätze", [
        ("Belegung Parkplatz Stadthalle", "parking", 0.7)]),
    ("Pegel Baarbach", "sicherheit", 51.3790, 7.7101, "Radarpegel an der Brücke Baarstraße", [
        ("Wasserstand Baarbach", "water_level", 1.0)]),
    ("Pegel Lenne Letmathe", "sicherheit", 51.3690, 7.6081, "Radarpegel und Temperaturfühler", [
        ("Wasserstand Lenne", "water_level", 2.2), ("Wassertemperatur Lenne", "water_temperature", 1.0)]),
    ("Dechenhöhle – Eingang", "tourismus", 51.3634, 7.6293, "Kassensystem (Eintritte)", [
        ("Besucher Dechenhöhle", "visitors_cave", 1.0)]),
    ("Seilersee – Uferweg", "tourismus", 51.3871, 7.7131, "Wegezähler am Hauptzugang", [
        ("Besucher Seilersee", "visitors_lake", 1.0), ("Wassertemperatur Seilersee", "water_temperature", 1.0)]),
    ("Danzturm", "tourismus", 51.3694, 7.6994, "Drehkreuz am Aussichtsturm", [
        ("Besucher Danzturm", "visitors_cave", 0.25)]),
    ("Lärmmessung Innenstadt", "lebensqualitaet", 51.3748, 7.6941, "Klasse-1-Schallpegelmesser", [
        ("Schallpegel Innenstadt", "noise", 1.0)]),
    ("Klimastation Stadtgarten", "lebensqualitaet", 51.3741, 7.7001, "Wetterstation im Park", [
        ("Temperatur Stadtgarten", "temperature", 1.0), ("Schallpegel Stadtgarten", "noise", 0.8),
        ("PM10 Stadtgarten", "pm10", 0.8)]),
    ("Radzählstelle Seilerseeweg", "lebensqualitaet", 51.3842, 7.7060, "Radzählschleife auf dem Freizeitweg", [
        ("Radverkehr Seilerseeweg", "bicycles", 0.8)]),
]  # fmt: skip


def _properties() -> dict[str, ObservedProperty]:
    result = {}
    for kind, (name, definition, description) in PROPERTIES.items():
        result[kind], _ = ObservedProperty.objects.update_or_create(
            name=name, defaults={"definition": definition, "description": description}
        )
    return result


def _sensor(kind: str) -> Sensor:
    sensor, _ = Sensor.objects.update_or_create(
        name=f"Demo-Sensor {KINDS[kind].unit_name} ({kind})",
        defaults={
            "description": f"Fiktiver Messfühler für {PROPERTIES[kind][0]}",
            "encoding_type": "text/html",
            "metadata": "https://www.iserlohn.example/stadtdaten/sensoren",
        },
    )
    return sensor


def build_network() -> list[tuple[Datastream, FeatureOfInterest, str, float]]:
    """Create or refresh all Things, Locations, Sensors and Datastreams; return what needs history."""
    properties = _properties()
    sectors = {s.code: s for s in Sector.objects.all()}
    streams = []
    for name, sector_code, lat, lon, description, datastreams in STATIONS:
        thing, _ = Thing.objects.update_or_create(
            name=name, defaults={"description": description, "properties": {"demo": True, "sector": sector_code}}
        )
        point = {"type": "Point", "coordinates": [lon, lat]}
        location, _ = Location.objects.update_or_create(
            name=f"Standort {name}", defaults={"description": description, "location": point}
        )
        thing.locations.set([location])
        foi, _ = FeatureOfInterest.objects.update_or_create(
            name=name, source_location=location, defaults={"description": description, "feature": point}
        )
        for ds_name, kind, scale in datastreams:
            spec = KINDS[kind]
            datastream, _ = Datastream.objects.update_or_create(
                name=ds_name,
                thing=thing,
                defaults={
                    "description": f"{PROPERTIES[kind][0]} – {PROPERTIES[kind][2]}",
                    "sensor": _sensor(kind),
                    "sector": sectors[sector_code],
                    "observed_property": properties[kind],
                    "unit_of_measurement": {
                        "name": spec.unit_name,
                        "symbol": spec.unit_symbol,
                        "definition": spec.unit_definition,
                    },
                    "observation_type": ObservationType.COUNT_OBSERVATION
                    if spec.decimals == 0
                    else ObservationType.MEASUREMENT,
                    "properties": {"kind": kind, "scale": scale, "intervalMinutes": spec.step_minutes},
                },
            )
            # A temperature "scale" of 0 marks an indoor sensor (see simulation.station_series).
            streams.append((datastream, foi, kind, scale))
    return streams


def load_history(streams, *, days: int = HISTORY_DAYS, now: dt.datetime | None = None, stdout=None) -> int:
    """Readings up to ``now`` after each datastream's newest observation, through observation_bulk_create
    (one transaction per datastream, COPY on PostgreSQL, no MQTT notifications). Returns the count."""
    now = now or timezone.now()
    total = 0
    for datastream, foi, kind, scale in streams:
        start = datastream.phenomenon_time_end or (now - dt.timedelta(days=days))
        start += dt.timedelta(seconds=1) if datastream.phenomenon_time_end else dt.timedelta()
        rows = [
            {"phenomenon_time": when, "result_time": when, "result": value, "feature_of_interest": foi}
            for when, value in station_series(kind=kind, scale=scale, name=datastream.name, start=start, end=now)
        ]
        for i in range(0, len(rows), BATCH):
            observation_bulk_create(datastream=datastream, rows=rows[i : i + BATCH], publish=False)
        total += len(rows)
    if stdout:
        stdout.write(f"sensors: {len(streams)} Datenströme, {total} neue Beobachtungen")
    return total


def load(*, stdout=None) -> None:
    """Demo network plus a month of history."""
    load_history(build_network(), stdout=stdout)
