"""Barrier-free PDFs of the meeting's record (WeasyPrint, PDF/UA-1, as the invitation): the minutes
(Niederschrift) and an agenda item's resolution (Beschluss). Text in, PDF out: the text is the one the
council office drafted and approved, so the PDF says exactly what was approved."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .selectors import body_current


def record_pdf(*, title: str, sections: list[tuple[str, str]]) -> bytes:
    """`sections`: (heading or "", plain text); blank lines separate paragraphs."""
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string(
            "council/record_pdf.html",
            {
                "title": title,
                "body": body_current(),
                "sections": [{"heading": h, "text": t} for h, t in sections if t.strip()],
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
