"""Where request attachments are stored: a folder only the application reads.

The storage belongs to the model layer (RequestAttachment.file names it);
services.requests.attachments keeps, checks and hands out the files.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> Path:
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or os.environ.get("PRIVATE_MEDIA_ROOT")
    return Path(configured) if configured else Path(settings.BASE_DIR) / ".local" / "private"


class PrivateStorage(FileSystemStorage):
    """Files readable by the application only: no URL, owner-only permissions.
    The folder is looked up on every use, so tests can point it elsewhere."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; link to RequestAttachment.get_download_url().")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of RequestAttachment.file (a callable, so migrations do not
    record a path)."""
    return _storage
