from django.urls import include, path

from . import views_delete

urlpatterns = [
    # self-service account deletion (before allauth's URLs)
    path("loeschen/", views_delete.account_delete, name="account_self_delete"),
    path("", include("allauth.urls")),
]
