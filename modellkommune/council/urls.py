"""URLs of the council app (filled by its issue)."""

app_name = "council"
urlpatterns: list = []
