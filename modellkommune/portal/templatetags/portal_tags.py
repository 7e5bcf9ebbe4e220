from django import template

from ..navigation import main_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context.get("request")
    path = request.path if request else ""
    return [(label, url, url != "/" and path.startswith(url)) for label, url in main_navigation()]
