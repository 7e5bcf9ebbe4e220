"""URLs of the Mängelmelder: public pages, back office and the Open311 API."""

from django.urls import include, path

from . import views, views_backoffice

app_name = "reports"
urlpatterns = [
    path("maengelmelder/", views.index, name="index"),
    path("maengelmelder/melden/", views.category_choose, name="choose"),
    path("maengelmelder/melden/<slug:code>/", views.report_create, name="create"),
    path("maengelmelder/melden/<slug:code>/in-der-naehe/", views.nearby, name="nearby"),
    path("maengelmelder/bestaetigen/<str:signed>/", views.report_confirm_view, name="confirm"),
    path("maengelmelder/<int:pk>/", views.report_detail, name="detail"),
    path("maengelmelder/<int:pk>/ich-auch/", views.report_support_view, name="support"),
    path("maengelmelder/<int:pk>/folgen/", views.report_follow_view, name="follow_start"),
    path("maengelmelder/folgen/<str:signed>/", views.follow_confirm, name="follow_confirm"),
    path("maengelmelder/abbestellen/<str:signed>/", views.unfollow, name="unfollow"),
    path("maengelmelder/meine-meldung/<uuid:token>/", views.report_track, name="track"),
    path("maengelmelder/meine-meldungen/", views.my_reports, name="my_reports"),
    path("maengelmelder/orte/", views.places, name="places"),
    path("maengelmelder/orte/an-der-stelle/", views.place_at, name="place_at"),
    path("verwaltung/maengel/", views_backoffice.queue, name="backoffice_queue"),
    path("verwaltung/maengel/<int:pk>/", views_backoffice.report_manage, name="backoffice_report"),
    path("", include("modellkommune.egov.reports.api.urls")),
]
