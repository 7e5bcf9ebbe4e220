from django.urls import path

from . import views, views_backoffice

app_name = "participation"
urlpatterns = [
    path("beteiligung/", views.index, name="index"),
    path("beteiligung/anregung/", views.suggestion_create, name="suggestion_create"),
    path("beteiligung/anregung/<uuid:token>/", views.suggestion_track, name="suggestion_track"),
    path("beteiligung/bestaetigen/<str:signed>/", views.suggestion_confirm_view, name="suggestion_confirm"),
    path("verwaltung/beteiligung/", views_backoffice.queue, name="backoffice"),
    path("verwaltung/beteiligung/<int:pk>/", views_backoffice.suggestion_manage, name="backoffice_suggestion"),
]
