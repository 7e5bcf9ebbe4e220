from django.urls import path

from . import views, views_backoffice

app_name = "programme"
urlpatterns = [
    path("modellprojekte/", views.index, name="index"),
    path("modellprojekte/sektoren/", views.by_sector, name="by_sector"),
    path("modellprojekte/status/", views.by_status, name="by_status"),
    path("modellprojekte/zeitplan/", views.timeline, name="timeline"),
    path("modellprojekte/budget/", views.budget, name="budget"),
    path("modellprojekte/export.csv", views.export_csv, name="export_csv"),
    path("modellprojekte/export.pdf", views.export_pdf, name="export_pdf"),
    path("modellprojekte/best-practices/", views.best_practice_list, name="best_practice_list"),
    path("modellprojekte/best-practices/<slug:slug>/", views.best_practice_detail, name="best_practice_detail"),
    path("modellprojekte/partner/", views.partner_list, name="partner_list"),
    path("modellprojekte/digitaler-reifegrad/", views.maturity, name="maturity"),
    path("modellprojekte/digitaler-reifegrad/lueckenbericht.md", views.gap_report_md, name="gap_report_md"),
    path("modellprojekte/digitaler-reifegrad/lueckenbericht.pdf", views.gap_report_pdf, name="gap_report_pdf"),
    path("modellprojekte/<slug:slug>/", views.project_detail, name="project_detail"),
    path("verwaltung/programm/", views_backoffice.index, name="backoffice"),
    path("verwaltung/programm/projekte/neu/", views_backoffice.project_edit, name="backoffice_project_create"),
    path("verwaltung/programm/projekte/<slug:slug>/", views_backoffice.project_edit, name="backoffice_project"),
    path(
        "verwaltung/programm/projekte/<slug:slug>/<slug:kind>/neu/",
        views_backoffice.project_item_edit,
        name="backoffice_item_create",
    ),
    path(
        "verwaltung/programm/projekte/<slug:slug>/<slug:kind>/<int:pk>/",
        views_backoffice.project_item_edit,
        name="backoffice_item",
    ),
    path(
        "verwaltung/programm/projekte/<slug:slug>/<slug:kind>/<int:pk>/loeschen/",
        views_backoffice.project_item_delete,
        name="backoffice_item_delete",
    ),
    path(
        "verwaltung/programm/meilensteine/<int:pk>/umschalten/",
        views_backoffice.milestone_toggle,
        name="backoffice_milestone_toggle",
    ),
    path("verwaltung/programm/best-practices/neu/", views_backoffice.best_practice_edit, name="backoffice_bp_create"),
    path("verwaltung/programm/best-practices/<slug:slug>/", views_backoffice.best_practice_edit, name="backoffice_bp"),
    path("verwaltung/programm/partner/neu/", views_backoffice.partner_edit, name="backoffice_partner_create"),
    path("verwaltung/programm/partner/<slug:slug>/", views_backoffice.partner_edit, name="backoffice_partner"),
    path("verwaltung/programm/indikatoren/<int:pk>/", views_backoffice.indicator_edit, name="backoffice_indicator"),
    path(
        "verwaltung/programm/indikatoren/smart-city-index/",
        views_backoffice.smart_city_index_seed,
        name="backoffice_sci_seed",
    ),
    path("verwaltung/programm/stand-speichern/", views_backoffice.snapshot_now, name="backoffice_snapshot"),
    path("verwaltung/programm/quartalsbericht/", views_backoffice.quarterly_publish, name="backoffice_quarterly"),
    path("verwaltung/programm/lueckenbericht/anhaengen/", views_backoffice.gap_attach, name="backoffice_gap_attach"),
    path(
        "verwaltung/programm/lueckenbericht/projektentwurf/",
        views_backoffice.gap_project_draft,
        name="backoffice_gap_draft",
    ),
    path(
        "verwaltung/programm/lueckenbericht/veroeffentlichen/",
        views_backoffice.gap_publish,
        name="backoffice_gap_publish",
    ),
]
