from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("kontakt/", views.contact, name="contact"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("suche/", views.search, name="search"),
    path("mein-bereich/", views.my_area, name="my_area"),
]
