"""The barrier-free PDF receipt (PDF/UA-1, tagged, German, with a document title)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from modellkommune.core.selectors import municipality_current

from .models import Application


def _rows(application: Application) -> list[tuple[str, str]]:
    props = application.schema_snapshot.get("properties", {})
    rows = []
    for key, value in application.data.items():
        prop = props.get(key, {})
        if isinstance(value, bool):
            shown = "ja" if value else "nein"
        elif isinstance(value, list):
            shown = ", ".join(map(str, value))
        else:
            shown = str(value)
        rows.append((prop.get("title", key), shown))
    return rows


def receipt_pdf(application: Application) -> bytes:
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string(
            "egov/receipt.html",
            {"application": application, "rows": _rows(application), "municipality": municipality_current()},
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
