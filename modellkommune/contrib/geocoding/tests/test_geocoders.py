"""The geocoders: the offline street list, and Nominatim/Photon answers as their servers send them."""

import httpx
import pytest

from modellkommune.contrib.geocoding.base import GeocoderUnavailable
from modellkommune.contrib.geocoding.http import NominatimGeocoder, PhotonGeocoder
from modellkommune.contrib.geocoding.offline import StreetListGeocoder


def test_street_list_finds_streets_by_prefix_abbreviation_and_umlaut_spelling():
    geo = StreetListGeocoder()
    assert geo.search("Wermingser Str. 12")[0].label == "Wermingser Straße 12, Iserlohn"
    assert geo.search("wermingser strasse")[0].label.startswith("Wermingser Straße")
    labels = [p.label for p in geo.search("Mendener")]
    assert labels == ["Mendener Straße, Iserlohn", "Mendener Straße, Dröschede, Iserlohn"]
    assert geo.search("x") == [] and geo.search("") == []


def test_street_list_names_the_nearest_street_and_nothing_far_away():
    geo = StreetListGeocoder()
    place = geo.reverse(51.37285, 7.69835)
    assert place.label == "Wermingser Straße, Iserlohn" and place.lat == 51.37285
    assert geo.reverse(52.52, 13.40) is None  # Berlin is not in the street list of Iserlohn


def _transport(payload, status=200):
    def handler(request):
        handler.requests.append(request)
        return httpx.Response(status, json=payload)

    handler.requests = []
    return httpx.MockTransport(handler), handler.requests


def test_nominatim_search_is_bounded_to_the_town_and_reverse_names_the_place():
    transport, seen = _transport([{"display_name": "Poth 3, Iserlohn", "lat": "51.376", "lon": "7.6975"}])
    geo = NominatimGeocoder(url="https://geo.example", transport=transport)
    [place] = geo.search("Poth 3", bbox=(51.30, 7.55, 51.45, 7.85))
    assert (place.label, place.lat, place.lon) == ("Poth 3, Iserlohn", 51.376, 7.6975)
    params = seen[0].url.params
    assert params["viewbox"] == "7.55,51.45,7.85,51.3" and params["bounded"] == "1" and params["format"] == "jsonv2"
    assert "Modellkommune" in seen[0].headers["User-Agent"]
    transport, _ = _transport({"error": "Unable to geocode"})
    assert NominatimGeocoder(url="https://geo.example", transport=transport).reverse(0.0, 0.0) is None


def test_photon_builds_a_readable_label():
    feature = {
        "geometry": {"coordinates": [7.6984, 51.3728]},
        "properties": {"street": "Wermingser Straße", "housenumber": "12", "city": "Iserlohn"},
    }
    transport, seen = _transport({"features": [feature]})
    [place] = PhotonGeocoder(url="https://photon.example", transport=transport).search("Wermingser 12")
    assert place.label == "Wermingser Straße 12, Iserlohn" and place.lon == 7.6984


def test_an_unreachable_geocoder_raises_one_known_error():
    transport, _ = _transport({}, status=503)
    with pytest.raises(GeocoderUnavailable):
        NominatimGeocoder(url="https://geo.example", transport=transport).search("Poth")
