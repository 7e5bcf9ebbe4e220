"""URLs of the opendata app (filled by its issue)."""

app_name = "opendata"
urlpatterns: list = []
