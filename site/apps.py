from django.apps import AppConfig


class AgencySiteConfig(AppConfig):
    """Site-wide templates, the health check and developer commands."""

    name = "agency_site"
    verbose_name = "사이트 설정"
