"""Streamed downloads: rows are written one by one as the database cursor delivers them."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
from collections.abc import Iterable, Iterator, Sequence


class _Echo:
    """A file-like object whose write() hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _plain(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _german_number(value):
    """Decimal comma for German spreadsheet programs; other values unchanged."""
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")
    return value


def csv_rows(columns: Sequence[str], rows: Iterable[Sequence], *, excel: bool = False) -> Iterator[str]:
    """RFC 4180 CSV (comma, UTF-8 without BOM); excel=True: the variant German Excel opens correctly
    by double-click (semicolon, decimal comma, UTF-8 with BOM so umlauts are not garbled)."""
    writer = csv.writer(_Echo(), delimiter=";" if excel else ",")
    header = writer.writerow(columns)
    yield ("\ufeff" + header) if excel else header
    for row in rows:
        if excel:
            row = [_german_number(v) for v in row]
        yield writer.writerow(
            [json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else _plain(v) for v in row]
        )


def json_rows(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        item = json.dumps(dict(zip(columns, map(_plain, row), strict=False)), ensure_ascii=False)
        yield item if first else "," + item
        first = False
    yield "]"


def geojson_rows(columns: Sequence[str], rows: Iterable[Sequence], *, lat: str, lon: str) -> Iterator[str]:
    """A FeatureCollection; rows without coordinates are left out (they have no place on a map)."""
    lat_i, lon_i = columns.index(lat), columns.index(lon)
    yield '{"type":"FeatureCollection","features":['
    first = True
    for row in rows:
        if row[lat_i] is None or row[lon_i] is None or row[lat_i] == "" or row[lon_i] == "":
            continue
        properties = {
            c: _plain(v) for i, (c, v) in enumerate(zip(columns, row, strict=False)) if i not in (lat_i, lon_i)
        }
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row[lon_i]), float(row[lat_i])]},
            "properties": properties,
        }
        item = json.dumps(feature, ensure_ascii=False)
        yield item if first else "," + item
        first = False
    yield "]}"
