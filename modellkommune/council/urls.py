from django.urls import include, path

from . import views, views_backoffice, views_calendar, views_feeds, views_sitzung

app_name = "council"
urlpatterns = [
    path("", include("modellkommune.council.api.urls")),
    path("rat/", views.index, name="index"),
    path("rat/sitzungen/", views.meeting_list, name="meeting_list"),
    path("rat/sitzungen.ics", views_feeds.meetings_ical, name="meetings_ical"),
    path("rat/sitzungen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rat/sitzungen/<int:pk>/termin.ics", views_feeds.meeting_ical, name="meeting_ical"),
    path("rat/kalender/", views_calendar.meeting_calendar, name="meeting_calendar"),
    path("rat/vorlagen/", views.paper_list, name="paper_list"),
    path("rat/vorlagen/<int:pk>/", views.paper_detail, name="paper_detail"),
    path("rat/gremien/", views.organization_list, name="organization_list"),
    path("rat/gremien/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("rat/gremien/<int:pk>/sitzungen.ics", views_feeds.meetings_ical, name="organization_ical"),
    path("rat/personen/<int:pk>/", views.person_detail, name="person_detail"),
    path("rat/suche/", views.search, name="search"),
    path("rat/suche/abonnieren/", views.saved_search_create, name="saved_search_create"),
    path("rat/feed/rss/", views_feeds.PaperRssFeed(), name="feed_rss"),
    path("rat/feed/atom/", views_feeds.PaperAtomFeed(), name="feed_atom"),
    path("rat/antrag/neu/", views.paper_submit, name="paper_submit"),
    path("rat/meine-antraege/", views.my_papers, name="my_papers"),
    # Stable short URLs: /r/d/<id> for a paper (Drucksache), /r/s/<id> for a meeting (Sitzung).
    path("r/d/<int:pk>", views.short_paper, name="short_paper"),
    path("r/s/<int:pk>", views.short_meeting, name="short_meeting"),
    path("verwaltung/rat/", views_backoffice.inbox, name="backoffice"),
    path("verwaltung/rat/vorlagen/<int:pk>/", views_backoffice.paper_manage, name="backoffice_paper"),
    path("verwaltung/rat/top/<int:pk>/ergebnis/", views_sitzung.agenda_item_result, name="backoffice_result"),
    path("verwaltung/rat/top/<int:pk>/beschluss/", views_sitzung.agenda_item_resolution, name="backoffice_resolution"),
    path("verwaltung/rat/sitzungen/<int:pk>/niederschrift/", views_sitzung.meeting_minutes, name="backoffice_minutes"),
    path("verwaltung/rat/sitzungen/", views_sitzung.meeting_list, name="backoffice_meetings"),
    path("verwaltung/rat/sitzungen/neu/", views_sitzung.meeting_create, name="backoffice_meeting_create"),
    path("verwaltung/rat/sitzungen/serie/", views_sitzung.meeting_series, name="backoffice_meeting_series"),
    path("verwaltung/rat/sitzungen/<int:pk>/", views_sitzung.meeting_manage, name="backoffice_meeting"),
    path(
        "verwaltung/rat/sitzungen/<int:pk>/anwesenheit/",
        views_sitzung.meeting_attendance,
        name="backoffice_attendance",
    ),
    path("verwaltung/rat/sitzungsgeld/", views_sitzung.attendance_export, name="backoffice_attendance_export"),
]
