from django.urls import path

from . import views, views_backoffice, views_motion

app_name = "participation"
urlpatterns = [
    path("beteiligung/", views.index, name="index"),
    path("beteiligung/anregung/", views.suggestion_create, name="suggestion_create"),
    path("beteiligung/anregung/<uuid:token>/", views.suggestion_track, name="suggestion_track"),
    path("beteiligung/bestaetigen/<str:signed>/", views.suggestion_confirm_view, name="suggestion_confirm"),
    path("beteiligung/einwohnerantraege/", views_motion.motion_list, name="motion_list"),
    path("beteiligung/einwohnerantraege/neu/", views_motion.motion_create, name="motion_create"),
    path("beteiligung/einwohnerantraege/<int:pk>/", views_motion.motion_detail, name="motion_detail"),
    path(
        "beteiligung/einwohnerantraege/<int:pk>/unterstuetzen/", views_motion.motion_support_view, name="motion_support"
    ),
    path("verwaltung/beteiligung/", views_backoffice.queue, name="backoffice"),
    path(
        "verwaltung/beteiligung/einwohnerantraege/<int:pk>/", views_backoffice.motion_manage, name="backoffice_motion"
    ),
    path("verwaltung/beteiligung/<int:pk>/", views_backoffice.suggestion_manage, name="backoffice_suggestion"),
]
