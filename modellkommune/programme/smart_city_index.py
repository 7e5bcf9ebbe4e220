"""The self-assessment's structure: 36 indicators in the five areas of the Bitkom Smart City Index.

Bitkom's index (2021 edition: 36 indicators from 133 parameters) scores each indicator relative to the best of the
81 large cities (best = 100, worst = 0). A single town cannot score itself that way, so every indicator here has an
**absolute threshold** (the target value) with the reason for that number (`basis`). Bitkom's exact list of 36
indicators was not available to us (it is in the index's PDF); this list follows the areas and the parameters
Bitkom names publicly (online services and appointments, card payment, e-file; broadband, mobile, public WLAN;
share of electric vehicles, charging points, solar, smart lighting; sharing, mobile tickets, smart traffic lights;
co-working and start-up hubs) and adds what this platform can measure. See docs/programme.md.

`source` names a value source of providers.py: where the platform has evidence the value is computed,
otherwise it is entered by hand ("manual")."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .constants import SOURCE_MANUAL, MaturityArea

V, IT, E, M, G = (
    MaturityArea.VERWALTUNG,
    MaturityArea.IT_KOMMUNIKATION,
    MaturityArea.ENERGIE_UMWELT,
    MaturityArea.MOBILITAET,
    MaturityArea.GESELLSCHAFT,
)


@dataclass(frozen=True)
class SciIndicator:
    key: str
    area: str
    name: str
    threshold: str  # absolute threshold (target value), a decimal string
    unit: str
    basis: str  # why this threshold
    source: str = SOURCE_MANUAL
    param: str = ""
    higher_is_better: bool = True


# fmt: off
CATALOGUE = [
    SciIndicator("v-online-services", V, _("Online beantragbare Verwaltungsleistungen"), "80", "%",
                 _("OZG-Ziel: die häufigsten Leistungen vollständig online; 80 % des Leistungskatalogs"),
                 "egov.online_share"),
    SciIndicator("v-online-applications", V, _("Online-Anträge pro Monat"), "300", "",
                 _("etwa 3 Anträge je 1.000 Einwohner und Monat bei rund 90.000 Einwohnern"),
                 "egov.applications_month", "30"),
    SciIndicator("v-appointments", V, _("Dienststellen mit Online-Terminvergabe"), "100", "%",
                 _("jede Dienststelle mit Publikumsverkehr (Bürgeramt, Standesamt, Kfz-Zulassung)")),
    SciIndicator("v-payment", V, _("Dienststellen mit Karten- oder Online-Zahlung"), "100", "%",
                 _("jede Kasse und jede gebührenpflichtige Online-Leistung")),
    SciIndicator("v-e-akte", V, _("Fachbereiche mit E-Akte"), "80", "%",
                 _("E-Akte in allen aktenführenden Fachbereichen außer Sonderfällen")),
    SciIndicator("v-strategy", V, _("Digitalstrategie: Strategie, Umsetzungsplan, zuständige Stelle"), "3", "",
                 _("je ein Punkt für beschlossene Strategie, Umsetzungsplan mit Haushaltsmitteln, CDO oder Stabsstelle")),
    SciIndicator("v-defect-reports", V, _("Mängelmeldungen binnen 14 Tagen erledigt (90 Tage)"), "150", "",
                 _("zwei Drittel der erwarteten Meldungen eines Quartals (rund 225) binnen 14 Tagen erledigt"),
                 "reports.closed_14_days", "90"),
    SciIndicator("v-open-data", V, _("veröffentlichte offene Datensätze"), "30", "",
                 _("vergleichbare Kommunen in NRW veröffentlichen 20–60 Datensätze (Musterdatenkatalog 2.1)"),
                 "opendata.datasets"),
    SciIndicator("v-open-data-quality", V, _("Metadatenqualität der offenen Daten (MQA-Punkte)"), "351", "",
                 _("Stufe „Ausgezeichnet“ des Metadata Quality Assessment von data.europa.eu (ab 351 von 405)"),
                 "opendata.mqa_score"),
    SciIndicator("i-gigabit", IT, _("Haushalte mit Gigabit-Anschluss"), "90", "%",
                 _("Gigabitstrategie des Bundes; Stand laut Breitbandatlas")),
    SciIndicator("i-fibre", IT, _("Haushalte mit Glasfaser (FTTB/H)"), "50", "%",
                 _("Bundesziel: die Hälfte der Haushalte mit Glasfaser bis Ende 2025")),
    SciIndicator("i-5g", IT, _("Fläche mit 5G-Versorgung"), "90", "%",
                 _("Versorgungsauflagen der Frequenzvergabe; Stand laut Mobilfunk-Monitoring der Bundesnetzagentur")),
    SciIndicator("i-public-wifi", IT, _("öffentliche WLAN-Hotspots"), "30", "",
                 _("alle öffentlichen Gebäude mit Publikumsverkehr und die zentralen Plätze")),
    SciIndicator("i-iot-network", IT, _("LoRaWAN-Abdeckung des Stadtgebiets"), "90", "%",
                 _("Funknetz für Sensoren im ganzen bebauten Stadtgebiet")),
    SciIndicator("i-live-sectors", IT, _("Sektoren mit Live-Sensoren (urbane Datenplattform)"), "8", "",
                 _("alle acht Sektoren des Landesprogramms liefern Live-Daten"), "sensors.live_sectors"),
    SciIndicator("e-ev-share", E, _("Anteil Elektrofahrzeuge an allen Kfz"), "10", "%",
                 _("Zulassungsstatistik des KBA; Ziel etwa das Anderthalbfache des besten Werts von 2021 (6,9 %)")),
    SciIndicator("e-charging", E, _("öffentliche Ladepunkte je 10.000 Einwohner"), "20", "",
                 _("Masterplan Ladeinfrastruktur (1 Mio. Ladepunkte bundesweit ≈ 12 je 10.000 Einwohner) mit Reserve")),
    SciIndicator("e-solar", E, _("Photovoltaik-Leistung je 1.000 Einwohner (kWp)"), "500", "kWp",
                 _("Ausbaupfad des EEG 2023 (215 GW bis 2030) auf die Einwohnerzahl umgelegt, Marktstammdatenregister")),
    SciIndicator("e-smart-lighting", E, _("Straßenleuchten mit intelligenter Steuerung"), "50", "%",
                 _("die Hälfte der Leuchten dimmbar und fernsteuerbar")),
    SciIndicator("e-building-metering", E, _("städtische Gebäude mit Verbrauchsmessung"), "20", "",
                 _("alle großen städtischen Gebäude (Schulen, Bäder, Rathaus, Hallen)")),
    SciIndicator("e-energy-sensors", E, _("Live-Sensoren im Sektor Energie"), "10", "",
                 _("Strom, Wärme und PV der großen Gebäude live"), "sensors.live_datastreams", "energie"),
    SciIndicator("e-environment-sensors", E, _("Live-Sensoren für Luftqualität (Sektor Gesundheit)"), "5", "",
                 _("je Stadtbezirk mindestens eine Messstelle"), "sensors.live_datastreams", "gesundheit"),
    SciIndicator("m-traffic-sensors", M, _("Live-Sensoren im Sektor Verkehr"), "10", "",
                 _("Zählstellen an allen Hauptzufahrten und die Parkhäuser der Innenstadt"),
                 "sensors.live_datastreams", "verkehr"),
    SciIndicator("m-parking", M, _("Stellplätze mit Belegungserkennung"), "800", "",
                 _("alle öffentlichen Parkhäuser und großen Parkplätze der Innenstadt")),
    SciIndicator("m-traffic-lights", M, _("vernetzte, verkehrsabhängig gesteuerte Ampeln"), "50", "%",
                 _("alle Knoten an Hauptverkehrsstraßen")),
    SciIndicator("m-sharing", M, _("Sharing-Angebote (Auto, Fahrrad, E-Scooter)"), "3", "",
                 _("je ein Punkt für jede der drei Angebotsarten im Stadtgebiet")),
    SciIndicator("m-mobile-ticket", M, _("ÖPNV: Handyticket und digitale Fahrplanauskunft"), "2", "",
                 _("je ein Punkt für Handyticket und Echtzeit-Auskunft in der App")),
    SciIndicator("m-realtime-stops", M, _("Haltestellen mit Echtzeit-Anzeige"), "50", "%",
                 _("alle Haltestellen mit mehr als 500 Ein- und Aussteigern am Tag")),
    SciIndicator("m-clean-buses", M, _("emissionsarme oder -freie Busse"), "50", "%",
                 _("Quote der Clean-Vehicles-Richtlinie für Neubeschaffungen bis 2030 (65 %), auf den Bestand bezogen")),
    SciIndicator("m-mobility-platform", M, _("Mobilitätsplattform, die Angebote verknüpft"), "1", "",
                 _("eine App oder Plattform mit ÖPNV, Sharing und Parken")),
    SciIndicator("g-participation", G, _("öffentlich behandelte Online-Beteiligungen (12 Monate)"), "6", "",
                 _("Anregungen, Beschwerden und Einwohneranträge, die online eingereicht und öffentlich behandelt wurden"),
                 "participation.public_items", "365"),
    SciIndicator("g-council-online", G, _("Ratsdrucksachen über OParl abrufbar"), "3", "",
                 _("Ratsinformation maschinenlesbar nach OParl 1.1"), "council.papers_oparl"),
    SciIndicator("g-projects", G, _("laufende oder verstetigte Modellprojekte"), "8", "",
                 _("ein Projekt je Sektor des Landesprogramms"), "programme.projects_active"),
    SciIndicator("g-coworking", G, _("Coworking-Spaces und Gründungszentren"), "3", "",
                 _("Innenstadt, ein Ortsteilzentrum und ein Hochschulstandort")),
    SciIndicator("g-school-digital", G, _("Schulen mit WLAN in allen Unterrichtsräumen"), "100", "%",
                 _("DigitalPakt Schule")),
    SciIndicator("g-digital-skills", G, _("Kurse zur digitalen Teilhabe im Jahr"), "20", "",
                 _("VHS und Bibliothek: etwa zwei Kurse im Monat")),
]
# fmt: on

BY_KEY = {entry.key: entry for entry in CATALOGUE}

# The demo's earlier indicators and the Smart City Index indicator each stands for (data migration 0004).
LEGACY_CODES = {
    "online-share": "v-online-services",
    "applications-month": "v-online-applications",
    "e-akte": "v-e-akte",
    "reports-closed": "v-defect-reports",
    "open-datasets": "v-open-data",
    "public-wifi": "i-public-wifi",
    "lorawan-coverage": "i-iot-network",
    "smart-meter": "e-building-metering",
    "energy-sensors": "e-energy-sensors",
    "traffic-sensors": "m-traffic-sensors",
    "parking-detected": "m-parking",
    "participation": "g-participation",
    "oparl-papers": "g-council-online",
    "active-projects": "g-projects",
}
