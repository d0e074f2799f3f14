from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Home page, standard content pages, shared blocks and site settings."""

    name = "home"
    verbose_name = "홈·기본 페이지"
