from django.urls import path

from . import views, views_backoffice

app_name = "appointments"
urlpatterns = [
    path("termine/", views.index, name="index"),
    path("termine/angefragt/", views.requested, name="requested"),
    path("termine/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("termine/mein-termin/<str:token>/", views.manage, name="manage"),
    path("termine/mein-termin/<str:token>/termin.ics", views.ical, name="ical"),
    path("termine/<slug:slug>/", views.slots, name="slots"),
    path("termine/<slug:slug>/buchen/", views.book, name="book"),
    path("verwaltung/termine/", views_backoffice.day, name="backoffice_day"),
    path("verwaltung/termine/<int:pk>/", views_backoffice.booking_action, name="backoffice_booking"),
]
