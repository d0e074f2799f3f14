"""Project configuration for the agency's public site and service-request system.

This folder is installed as the package ``agency_site`` (see pyproject.toml):
``site`` is a standard-library module name and cannot be used for imports.
"""
