"""URLs of the egov app: catalogue and applications under /buergerservice/, back office under /verwaltung/antraege/."""

from django.urls import path

from . import views, views_backoffice, views_identity

app_name = "egov"

urlpatterns = [
    path("buergerservice/", views.index, name="index"),
    path("buergerservice/leistungen.json", views.catalogue_export_json, name="export_json"),
    path("buergerservice/leistungen.xml", views.catalogue_export_xml, name="export_xml"),
    path("buergerservice/leistungen/<slug:slug>/", views.service_detail, name="service_detail"),
    path("buergerservice/leistungen/<slug:slug>/antrag/", views.application_start, name="application_start"),
    path("buergerservice/antraege/", views.application_list, name="application_list"),
    path("buergerservice/antraege/<int:pk>/", views.application_detail, name="application_detail"),
    path("buergerservice/antraege/<int:pk>/bearbeiten/", views.application_edit, name="application_edit"),
    path("buergerservice/antraege/<int:pk>/verwerfen/", views.application_discard, name="application_discard"),
    path("buergerservice/antraege/<int:pk>/pruefen/", views.application_review, name="application_review"),
    path("buergerservice/antraege/<int:pk>/anlagen/<int:file_pk>/", views.application_file, name="application_file"),
    path(
        "buergerservice/antraege/<int:pk>/eingangsbestaetigung.pdf",
        views.application_receipt,
        name="application_receipt",
    ),
    path(
        "buergerservice/antraege/<int:pk>/bescheid.pdf",
        views.application_decision,
        name="application_decision",
    ),
    path("buergerservice/antraege/<int:pk>/bezahlen/", views.payment_start, name="payment_start"),
    path("buergerservice/antraege/<int:pk>/bezahlt/", views.payment_return, name="payment_return"),
    path("buergerservice/postfach/", views.mailbox, name="mailbox"),
    path("buergerservice/postfach/<int:pk>/", views.message_detail, name="message_detail"),
    path("buergerservice/meine-daten/", views.my_data, name="my_data"),
    path("buergerservice/meine-daten.json", views.my_data_json, name="my_data_json"),
    path("buergerservice/meine-daten.zip", views.my_data_zip, name="my_data_zip"),
    path("buergerservice/identitaet/demo/", views_identity.identity_demo, name="identity_demo"),
    path("buergerservice/identitaet/<slug:provider>/start/", views_identity.identity_start, name="identity_start"),
    path("buergerservice/identitaet/<slug:provider>/zurueck/", views_identity.identity_return, name="identity_return"),
    path("buergerservice/identitaet/bestaetigen/", views_identity.identity_signup_sent, name="identity_signup_sent"),
    path("buergerservice/identitaet/konto/<str:token>/", views_identity.identity_signup, name="identity_signup"),
    path("buergerservice/bezahldienst-demo/", views_identity.payment_demo, name="payment_demo"),
    path("verwaltung/antraege/", views_backoffice.queue, name="backoffice"),
    path("verwaltung/antraege/<int:pk>/", views_backoffice.application_manage, name="backoffice_application"),
    path(
        "verwaltung/antraege/<int:pk>/anlagen/<int:file_pk>/", views_backoffice.application_file, name="backoffice_file"
    ),
    path("verwaltung/antraege/leistungen/", views_backoffice.service_list, name="backoffice_services"),
    path(
        "verwaltung/antraege/leistungen/<slug:slug>/formular/",
        views_backoffice.service_form_edit,
        name="backoffice_service_form",
    ),
]
