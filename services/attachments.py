"""Files applicants attach to a request: kept away from the public media
folder and handed out only to staff who may see the request.

Storage: `private_storage()` is a FileSystemStorage under
`settings.PRIVATE_MEDIA_ROOT` if a setting of that name exists, else the
environment variable PRIVATE_MEDIA_ROOT, else BASE_DIR/.local/private. It has
no URL (never under MEDIA_URL): `url()` refuses, and the only way out is the
`download` view below, which asks `services.access.can_see`.

Life of an upload:
1. The applicant picks files on the form; valid ones are saved at once under
   tmp/ (`keep_upload`) and their names kept in the session, so they survive
   the "check your answers" step and any validation error elsewhere.
2. On submit, `attach` copies each one to requests/<reference>/ with a
   RequestAttachment row, in the same transaction as the request; the tmp
   copies are removed afterwards (`discard`).
3. Uploads abandoned in tmp/ are removed by `remove_stale_uploads` (run on
   every successful submission; also callable from a scheduled job).
"""

import datetime
import logging
import os
import re
import time
import unicodedata
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

TEMP_DIR = "tmp"
TEMP_MAX_AGE = datetime.timedelta(days=2)

# Detected type (services.validators.validate_upload) → the Content-Type sent.
CONTENT_TYPES = {
    "PDF": "application/pdf",
    "HWP": "application/x-hwp",
    "HWPX": "application/hwp+zip",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JPG": "image/jpeg",
    "PNG": "image/png",
}


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


# ---------------------------------------------------------------------------
# Uploads waiting in tmp/ while the applicant checks their answers
# ---------------------------------------------------------------------------

def clean_filename(name: str) -> str:
    """The name as shown to staff: no folders, no control characters, ≤ 200 characters."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        name = stem[: 200 - len(ext)] + ext
    return name or "첨부파일"


def keep_upload(upload) -> dict:
    """Save a checked upload (AttachmentField sets `detected_type`) under tmp/.
    Returns what the session keeps: JSON-safe."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", extension):
        extension = ""
    upload.seek(0)
    name = _storage.save(f"{TEMP_DIR}/{uuid.uuid4().hex}{extension}", upload)
    return {
        "name": name,
        "original_name": clean_filename(upload.name),
        "detected_type": upload.detected_type,
        "size": upload.size,
    }


def is_kept(name: str) -> bool:
    """A tmp/ file this module wrote that is still there."""
    return (
        isinstance(name, str)
        and re.fullmatch(rf"{TEMP_DIR}/[0-9a-f]{{32}}(\.[a-z0-9]{{1,5}})?", name) is not None
        and _storage.exists(name)
    )


def discard(kept_files) -> None:
    for kept in kept_files:
        name = kept.get("name", "")
        if is_kept(name):
            _storage.delete(name)


def remove_stale_uploads(max_age: datetime.timedelta = TEMP_MAX_AGE) -> int:
    """Delete tmp/ uploads older than `max_age` (abandoned applications)."""
    folder = Path(_storage.location) / TEMP_DIR
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed by another process meanwhile
            continue
    return removed


def attach(service_request, kept: dict):
    """Copy a kept upload to its final place and record it on the request."""
    from services.models import RequestAttachment

    if not is_kept(kept.get("name", "")):
        raise FileNotFoundError(kept.get("name"))
    attachment = RequestAttachment(
        request=service_request,
        original_name=clean_filename(kept["original_name"]),
        detected_type=kept["detected_type"],
        size=kept["size"],
    )
    with _storage.open(kept["name"], "rb") as source:
        attachment.file.save(os.path.basename(kept["name"]), source, save=False)
    attachment.save()
    return attachment


# ---------------------------------------------------------------------------
# Staff download
# ---------------------------------------------------------------------------

@require_safe
@never_cache
def download(request, pk):
    """The file, for staff allowed to see its request; 404 for everyone else
    (a 403 would confirm that the attachment exists)."""
    from services.access import can_see
    from services.models import RequestAttachment

    attachment = RequestAttachment.objects.select_related("request").filter(pk=pk).first()
    if attachment is None or not can_see(request.user, attachment.request):
        raise Http404
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        logger.error("Attachment %s: file %s is missing", attachment.pk, attachment.file.name)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.detected_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
