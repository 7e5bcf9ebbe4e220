from django import template

from ..account_area import unread_count
from ..navigation import main_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context.get("request")
    path = request.path if request else ""
    return [(label, url, url != "/" and path.startswith(url)) for label, url in main_navigation()]


@register.simple_tag(takes_context=True)
def unread_messages(context) -> int:
    """Unread messages from the town hall, shown beside "Mein Bereich"."""
    request = context.get("request")
    return unread_count(request.user) if request is not None else 0
