"""URLs of the open-data catalogue: pages, downloads, RDF."""

from django.urls import path

from . import views, views_backoffice, views_editorial, views_rdf

app_name = "opendata"
urlpatterns = [
    path("opendata/", views.index, name="index"),
    path("verwaltung/offene-daten/qualitaet/", views_backoffice.quality, name="backoffice_quality"),
    path("verwaltung/offene-daten/", views_editorial.index, name="backoffice"),
    path("verwaltung/offene-daten/potenzial/", views_editorial.potential, name="backoffice_potential"),
    path("verwaltung/offene-daten/datensaetze/neu/", views_editorial.dataset_edit, name="backoffice_dataset_create"),
    path("verwaltung/offene-daten/datensaetze/<slug:slug>/", views_editorial.dataset_edit, name="backoffice_dataset"),
    path(
        "verwaltung/offene-daten/datensaetze/<slug:slug>/veroeffentlichung/",
        views_editorial.dataset_publish,
        name="backoffice_dataset_publish",
    ),
    path(
        "verwaltung/offene-daten/datensaetze/<slug:slug>/dateien/neu/",
        views_editorial.distribution_edit,
        name="backoffice_distribution_create",
    ),
    path(
        "verwaltung/offene-daten/datensaetze/<slug:slug>/dateien/<int:pk>/",
        views_editorial.distribution_edit,
        name="backoffice_distribution",
    ),
    path(
        "verwaltung/offene-daten/datensaetze/<slug:slug>/dateien/<int:pk>/loeschen/",
        views_editorial.distribution_delete,
        name="backoffice_distribution_delete",
    ),
    path("opendata/catalog", views_rdf.catalog, name="catalog"),
    path("opendata/catalog.<str:ext>", views_rdf.catalog, name="catalog_format"),
    path("opendata/datensaetze/<slug:slug>/", views.dataset_detail, name="dataset_detail"),
    path("opendata/datensaetze/<slug:slug>.<str:ext>", views_rdf.dataset_rdf, name="dataset_rdf"),
    path("opendata/datensaetze/<slug:slug>/dateien/<int:pk>/", views.file_download, name="file_download"),
    path(
        "opendata/datensaetze/<slug:slug>/dateien/<int:pk>/excel.csv",
        views.file_download_excel,
        name="file_download_excel",
    ),
    path("opendata/daten/<slug:key>/<slug:table>.<str:ext>", views.table_download, name="table_download"),
]
