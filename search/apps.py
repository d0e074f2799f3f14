from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search over published pages."""

    name = "search"
    verbose_name = "검색"

    def ready(self):
        from . import related_updates

        related_updates.connect()
