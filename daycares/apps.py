from django.apps import AppConfig


class DaycaresConfig(AppConfig):
    """Public daycare (국공립어린이집) pages, programmes and the daycare finder."""

    name = "daycares"
    verbose_name = "국공립어린이집"
