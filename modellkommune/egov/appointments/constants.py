from django.db import models
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("unbestätigt")
    CONFIRMED = "confirmed", _("bestätigt")
    CANCELLED = "cancelled", _("abgesagt")
    EXPIRED = "expired", _("verfallen")
    ATTENDED = "attended", _("wahrgenommen")
    NO_SHOW = "no_show", _("nicht erschienen")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


# Statuses that occupy a counter (pending only until it expires).
BLOCKING_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.ATTENDED)

# Defaults, overridable in settings (read with getattr so the app works without them).
DEFAULT_CONFIRM_MINUTES = 60  # how long a pending booking holds its slot until the e-mail link is clicked
DEFAULT_MAX_SERVICES = 4  # services combinable in one appointment
DEFAULT_MAX_ACTIVE_PER_EMAIL = 3  # future appointments one e-mail address may hold
DEFAULT_RATE_PER_EMAIL = 5  # booking attempts per e-mail address and day
DEFAULT_RATE_PER_IP = 20  # booking attempts per IP address and hour
