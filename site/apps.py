from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig


class AgencySiteConfig(AppConfig):
    """Site-wide templates, the health check and developer commands."""

    # This module defines more than one AppConfig: say which is the app's.
    default = True
    name = "agency_site"
    verbose_name = "사이트 설정"

    def ready(self):
        from agency_site import page_cache

        page_cache.connect()


class AgencyStaticFilesConfig(StaticFilesConfig):
    """collectstatic without the sources of the vendored CSS (static/src)."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "src", "*.scss", "*.sh"]
