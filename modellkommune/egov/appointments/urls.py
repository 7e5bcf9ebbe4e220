"""URLs of the appointments app (filled by its issue)."""

app_name = "appointments"
urlpatterns: list = []
