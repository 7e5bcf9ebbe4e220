from django.urls import path

from . import views, views_backoffice, views_consultation, views_idea, views_motion, views_survey

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
    path("beteiligung/verfahren/", views_consultation.consultation_list, name="consultation_list"),
    path("beteiligung/verfahren/<int:pk>/", views_consultation.consultation_detail, name="consultation_detail"),
    path("beteiligung/ideen/", views_idea.idea_list, name="idea_list"),
    path("beteiligung/ideen/neu/", views_idea.idea_create, name="idea_create"),
    path("beteiligung/ideen/<int:pk>/", views_idea.idea_detail, name="idea_detail"),
    path("beteiligung/ideen/<int:pk>/unterstuetzen/", views_idea.idea_support_view, name="idea_support"),
    path("beteiligung/umfragen/", views_survey.survey_list, name="survey_list"),
    path("beteiligung/umfragen/<int:pk>/", views_survey.survey_detail, name="survey_detail"),
    path("verwaltung/beteiligung/", views_backoffice.queue, name="backoffice"),
    path("verwaltung/beteiligung/umfragen/", views_survey.backoffice_surveys, name="backoffice_surveys"),
    path("verwaltung/beteiligung/umfragen/neu/", views_survey.backoffice_survey_edit, name="backoffice_survey_create"),
    path("verwaltung/beteiligung/umfragen/<int:pk>/", views_survey.backoffice_survey, name="backoffice_survey"),
    path(
        "verwaltung/beteiligung/umfragen/<int:pk>/bearbeiten/",
        views_survey.backoffice_survey_edit,
        name="backoffice_survey_edit",
    ),
    path("verwaltung/beteiligung/ideen/", views_idea.backoffice_ideas, name="backoffice_ideas"),
    path("verwaltung/beteiligung/ideen/<int:pk>/", views_idea.backoffice_idea, name="backoffice_idea"),
    path("verwaltung/beteiligung/verfahren/", views_consultation.backoffice_list, name="backoffice_consultations"),
    path(
        "verwaltung/beteiligung/verfahren/neu/",
        views_consultation.backoffice_create,
        name="backoffice_consultation_create",
    ),
    path(
        "verwaltung/beteiligung/verfahren/<int:pk>/",
        views_consultation.backoffice_manage,
        name="backoffice_consultation",
    ),
    path(
        "verwaltung/beteiligung/verfahren/<int:pk>/bearbeiten/",
        views_consultation.backoffice_edit,
        name="backoffice_consultation_edit",
    ),
    path(
        "verwaltung/beteiligung/verfahren/<int:pk>/beitraege/<int:number>/",
        views_consultation.backoffice_comment,
        name="backoffice_consultation_comment",
    ),
    path(
        "verwaltung/beteiligung/einwohnerantraege/<int:pk>/", views_backoffice.motion_manage, name="backoffice_motion"
    ),
    path("verwaltung/beteiligung/<int:pk>/", views_backoffice.suggestion_manage, name="backoffice_suggestion"),
]
