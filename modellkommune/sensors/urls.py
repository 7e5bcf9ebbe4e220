"""URLs of the sensors app (filled by its issue)."""

app_name = "sensors"
urlpatterns: list = []
