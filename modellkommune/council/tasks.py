"""Daily e-mail alerts for saved searches."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SavedSearch
from .selectors import paper_search


@shared_task
def saved_searches_notify() -> int:
    """Mail every subscriber the public papers matching their query since the last alert."""
    sent = 0
    now = timezone.now()
    for saved in SavedSearch.objects.select_related("user"):
        since = saved.last_notified or saved.created
        papers = list(paper_search(saved.query).filter(modified__gt=since)[:20])
        if papers:
            lines = [
                f"- {p.reference} {p.name}: {settings.SITE_URL}{reverse('council:paper_detail', args=[p.pk])}"
                for p in papers
            ]
            send_mail(
                subject=_("Neue Treffer für „%(q)s“") % {"q": saved.query},
                message="\n".join([_("Neue Drucksachen zu Ihrem Suchabo:"), "", *lines]),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[saved.user.email],
            )
            sent += 1
        saved.last_notified = now
        saved.save(update_fields=["last_notified"])
    return sent
