from django import template
from django.utils.safestring import mark_safe

from contenthub.core.markdown import markdown_naar_html

register = template.Library()


@register.filter
def markdown(tekst):
    """Markdown through the one sanitising renderer; safe because nh3 has already cleaned it."""
    return mark_safe(markdown_naar_html(tekst))  # noqa: S308


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
