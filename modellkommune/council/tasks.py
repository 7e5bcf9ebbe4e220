"""Daily e-mail alerts for saved searches and the members' meeting notices."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms_search import saved_search_label
from .models import SavedSearch
from .selectors_search import saved_search_papers
from .services_search import saved_search_cancel_url


def saved_search_alert(saved: SavedSearch, papers: list) -> EmailMessage:
    """The alert mail: new papers, the RSS feed, and a signed link that cancels without signing in
    (also as RFC 8058 one-click List-Unsubscribe for mail clients)."""
    cancel_url = saved_search_cancel_url(saved)
    label = saved_search_label(saved)
    lines = [
        _("Guten Tag,"),
        "",
        _("neue öffentliche Drucksachen passen zu Ihrem Suchabo %(q)s:") % {"q": label},
        "",
        *(f"- {p}: {settings.SITE_URL}{reverse('council:paper_detail', args=[p.pk])}" for p in papers),
        "",
        _("RSS-Feed dieses Suchabos: %(u)s")
        % {"u": settings.SITE_URL + reverse("council:saved_search_feed", args=[saved.token])},
        _("Suchabo mit einem Klick beenden (ohne Anmeldung): %(u)s") % {"u": cancel_url},
    ]
    return EmailMessage(
        subject=(_("Neue Treffer für %(q)s") % {"q": label})[:200],
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[saved.user.email],
        headers={"List-Unsubscribe": f"<{cancel_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@shared_task
def saved_searches_notify() -> int:
    """Mail every subscriber the public papers matching their query and filters since the last alert."""
    sent = 0
    now = timezone.now()
    for saved in SavedSearch.objects.select_related("user"):
        since = saved.last_notified or saved.created
        papers = list(saved_search_papers(saved).filter(modified__gt=since)[:20])
        if papers and saved.user.email:
            saved_search_alert(saved, papers).send()
            sent += 1
        saved.last_notified = now
        saved.save(update_fields=["last_notified"])
    return sent


# Subject and opening line of the members' notice per event (see notifications.meeting_notify).
_MEETING_NOTICE = {
    "convened": (_("Einladung: %(m)s"), _("Sie sind eingeladen zur %(m)s.")),
    "moved": (_("Sitzung verlegt: %(m)s"), _("Die %(m)s ist verlegt (bisher: %(p)s).")),
    "cancelled": (_("Sitzung abgesagt: %(m)s"), _("Die %(m)s am %(w)s ist abgesagt.")),
}
# The same for whoever may stand in for a member (notifications.meeting_recipients): labelled as such.
_DEPUTY_NOTICE = {
    "convened": (
        _("Einladung als Stellvertretung: %(m)s"),
        _("Sie erhalten diese Einladung zur %(m)s als Stellvertreterin oder Stellvertreter."),
    ),
    "moved": (
        _("Sitzung verlegt (Stellvertretung): %(m)s"),
        _("Die %(m)s ist verlegt (bisher: %(p)s). Sie erhalten diese Nachricht als Stellvertretung."),
    ),
    "cancelled": (
        _("Sitzung abgesagt (Stellvertretung): %(m)s"),
        _("Die %(m)s am %(w)s ist abgesagt. Sie erhalten diese Nachricht als Stellvertretung."),
    ),
}
_DEPUTY_HINT = _(
    "Sie sind nicht Mitglied dieses Gremiums, können aber ein verhindertes Mitglied vertreten. Bitte nehmen "
    "Sie nur teil, wenn Sie um Vertretung gebeten werden."
)


@shared_task
def meeting_notice_send(meeting_id: int, event: str, previous_start: str = "") -> int:
    """Mail each member of the meeting's bodies and each possible deputy, the deputies in a mail labelled
    as such (one message each: no addresses disclosed; each address once)."""
    import datetime as dt

    from django.core.mail import EmailMessage, get_connection
    from django.utils.formats import date_format

    from .models import Meeting
    from .notifications import meeting_recipients

    meeting = Meeting.objects.select_related("location").filter(pk=meeting_id).first()
    if meeting is None or event not in _MEETING_NOTICE:
        return 0

    def when(value) -> str:
        return date_format(timezone.localtime(value), "l, j. F Y, H:i") + " " + _("Uhr")

    previous = when(dt.datetime.fromisoformat(previous_start)) if previous_start else "–"
    values = {"m": meeting.name, "w": when(meeting.start), "p": previous}
    details = []
    if event != "cancelled":
        details.append(_("Termin: %(w)s") % values)
        if meeting.location:
            details.append(_("Ort: %(o)s") % {"o": meeting.location})
        details.append(
            _("Tagesordnung: %(u)s") % {"u": settings.SITE_URL + reverse("council:meeting_detail", args=[meeting.pk])}
            if meeting.public
            else _("Die Sitzung ist nicht öffentlich; die Tagesordnung erhalten Sie vom Büro des Rates.")
        )

    def message(email: str, as_deputy: bool) -> EmailMessage:
        subject, opening = (_DEPUTY_NOTICE if as_deputy else _MEETING_NOTICE)[event]
        lines = [_("Guten Tag,"), "", opening % values, ""]
        if as_deputy:
            lines += [_DEPUTY_HINT, ""]
        body = "\n".join(lines + details).rstrip()
        return EmailMessage(
            subject=(subject % values)[:200], body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]
        )

    messages = [message(email, as_deputy) for email, as_deputy in meeting_recipients(meeting=meeting)]
    if not messages:
        return 0
    invitation = meeting.invitation
    if event == "convened" and invitation is not None and not invitation.deleted and invitation.content:
        with invitation.content.open("rb") as handle:
            data = handle.read()
        for item in messages:
            item.attach(invitation.file_name, data, invitation.mime_type)
    return get_connection().send_messages(messages) or 0


@shared_task
def minutes_correction_notice_send(correction_id: int) -> int:
    """Mail each member of the meeting's bodies that its approved minutes were corrected (one message each).
    A correction of the public part of a public meeting names its reason, which the public file names too, and
    links the meeting's page; any other only says that there was one: its reason may be confidential and
    e-mail leaves the town's systems, so the details stay with the council office."""
    from django.core.mail import EmailMessage, get_connection
    from django.utils.formats import date_format

    from .models import MinutesCorrection
    from .notifications import meeting_recipients

    correction = MinutesCorrection.objects.select_related("minutes__meeting").filter(pk=correction_id).first()
    if correction is None:
        return 0
    meeting = correction.minutes.meeting
    values = {
        "m": meeting.name,
        "d": date_format(timezone.localtime(meeting.start), "j. F Y"),
        "c": date_format(timezone.localtime(correction.corrected_at), "j. F Y"),
    }
    lines = [_("Guten Tag,"), "", _("die Niederschrift über die %(m)s vom %(d)s wurde am %(c)s berichtigt.") % values]
    if correction.public and meeting.public:
        url = settings.SITE_URL + reverse("council:meeting_detail", args=[meeting.pk])
        lines += [
            "",
            _("Grund: %(r)s") % {"r": correction.reason},
            "",
            _("Die berichtigte Niederschrift: %(u)s") % {"u": url},
        ]
    elif correction.public:
        lines += ["", _("Die Sitzung ist nicht öffentlich; Einzelheiten erhalten Sie vom Büro des Rates.")]
    else:
        lines += ["", _("Berichtigt wurde der nicht öffentliche Teil; Einzelheiten erhalten Sie vom Büro des Rates.")]
    subject = (_("Niederschrift berichtigt: %(m)s") % values)[:200]
    body = "\n".join(lines)
    messages = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email])
        for email, _as_deputy in meeting_recipients(meeting=meeting, deputies=False)
    ]
    return (get_connection().send_messages(messages) or 0) if messages else 0
