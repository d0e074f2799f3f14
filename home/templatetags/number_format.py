from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def plain_number(value):
    """A figure as people write it: 1,850 / 94.6 / 227.5 (no trailing zeros)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return value
    return f"{number.normalize():,f}"
