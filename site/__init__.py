"""Project configuration for the 서울특별시 사회서비스원 site.

This folder is installed as the package ``agency_site`` (see pyproject.toml):
``site`` is a standard-library module name and cannot be used for imports.
"""
