"""The invitation to a meeting as a barrier-free PDF (WeasyPrint, PDF/UA-1): agenda and papers.

It is published as OParl `Meeting.invitation` for a public meeting, so it lists only the public part;
the non-public part appears as a count (its papers go to the members through other channels)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import AgendaItem, Meeting
from .selectors import body_current


def invitation_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    items = list(
        meeting.agenda_items.filter(deleted=False).order_by("order").prefetch_related("consultations__paper__main_file")
    )
    public_items: list[AgendaItem] = [i for i in items if i.public]
    papers = []
    for item in public_items:
        for consultation in item.consultations.all():
            paper = consultation.paper
            if paper.public and not paper.deleted and paper not in papers:
                papers.append(paper)
    with translation.override("de"):
        html = render_to_string(
            "council/invitation_pdf.html",
            {
                "meeting": meeting,
                "start": timezone.localtime(meeting.start),
                "body": body_current(),
                "items": public_items,
                "internal_count": len(items) - len(public_items),
                "papers": papers,
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
