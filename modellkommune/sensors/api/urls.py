"""Routes of the SensorThings API, included by the sensors app's urls.py (namespace "sensors")."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("sta/v1.1", views.sta),
    path("sta/v1.1/", views.sta, name="sta-root"),
    re_path(r"^sta/v1\.1/(?P<path>.+)$", views.sta, name="sta-path"),
]
