"""Files applicants attach to a request: kept away from the public media
folder and handed out only to staff who may see the request.

Storage: `private_storage()` is a FileSystemStorage under
`settings.PRIVATE_MEDIA_ROOT` if a setting of that name exists, else the
environment variable PRIVATE_MEDIA_ROOT, else BASE_DIR/.local/private. It has
no URL (never under MEDIA_URL): `url()` refuses, and the only way out is the
`download` view below, which asks `services.requests.access.can_see`.

Life of an upload:
1. The applicant picks files on the form. They are checked at once
   (services.requests.upload_checks) but stored only when every other answer is valid
   too; then `update_kept` saves them under tmp/ and their names go into the
   session, so they survive the "check your answers" step. A new valid set
   replaces the one kept before. Quotas: one session holds at most
   MAX_ATTACHMENTS files / 30MB over all forms, and the whole tmp/ area at
   most UPLOAD_TEMP_QUOTA_MB (above it nothing is stored and the person is
   told to try later).
2. On submit, `attach` copies each one to requests/<reference>/ with a
   RequestAttachment row, in the same transaction as the request; the tmp
   copies are removed afterwards (`discard`).
3. Uploads abandoned in tmp/ are removed by `remove_stale_uploads`, run on a
   schedule (the periodic jobs): anything older than the session that names
   it can live (SESSION_COOKIE_AGE) plus a margin.
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
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from services.models.private_storage import PrivateStorage, private_root, private_storage  # noqa: F401
from services.requests.upload_checks import ALLOWED_EXTENSIONS, MAX_ATTACHMENTS, MAX_UPLOAD_SIZE

logger = logging.getLogger(__name__)
_storage = private_storage()

MB = 1024 * 1024
TEMP_DIR = "tmp"
# A kept upload is named only by the session's answers, which expire with the
# session (SESSION_COOKIE_AGE after the last step); the margin covers a person
# who sends at the last minute. Each step that keeps files refreshes them.
TEMP_MARGIN = datetime.timedelta(hours=1)
# What one visitor (one session) may hold in tmp/ at once, over every form.
SESSION_MAX_FILES = MAX_ATTACHMENTS
SESSION_MAX_BYTES = MAX_ATTACHMENTS * MAX_UPLOAD_SIZE  # 30MB

NOT_KEPT_MESSAGE = (
    "고르신 파일({names})은 확인했지만, 다른 항목에 고칠 것이 있어 아직 저장하지 않았습니다. "
    "다른 항목을 고친 뒤 파일을 다시 골라 주세요."
)
NOT_KEPT_EARLIER = " 다시 고르지 않으면 이미 올린 파일이 그대로 첨부됩니다."
SESSION_FULL_MESSAGE = (
    f"한 번에 맡아 둘 수 있는 첨부파일은 {SESSION_MAX_FILES}개, 모두 {SESSION_MAX_BYTES // MB}MB까지입니다. "
    "다른 신청서에 올려 둔 파일이 있으면 그 신청을 먼저 마치거나 그 파일을 지운 뒤 다시 골라 주세요."
)
TEMP_FULL_MESSAGE = "지금은 첨부파일을 받을 수 없습니다(임시 저장 공간이 가득 찼습니다). "
TEMP_FULL_LATER = "잠시 뒤 다시 시도해 주세요."
TEMP_FULL_CALL = "잠시 뒤 다시 시도하시거나, 급하시면 대표 전화 {phone}번으로 연락해 주세요."

# Detected type (services.requests.validators.validate_upload) → the Content-Type sent.
CONTENT_TYPES = {
    "PDF": "application/pdf",
    "HWP": "application/x-hwp",
    "HWPX": "application/hwp+zip",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JPG": "image/jpeg",
    "PNG": "image/png",
}


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


def refresh(kept_files) -> None:
    """Mark kept uploads as in use now, so the purge leaves them while the
    session that names them lives."""
    for kept in kept_files:
        name = kept.get("name", "")
        if is_kept(name):
            try:
                os.utime(_storage.path(name))
            except FileNotFoundError:  # removed by another process meanwhile
                continue


class NotKept(Exception):
    """New uploads were refused by a quota; nothing was stored. `message` is
    for the person (Korean), `status` for the response."""

    def __init__(self, message: str, status: int = 200):
        super().__init__(message)
        self.message = message
        self.status = status


def not_kept_message(uploads, kept_files) -> str:
    """Said at the file field when other answers have errors: the new files
    were checked but, like everything else in that step, not stored."""
    names = ", ".join(clean_filename(upload.name) for upload in uploads)
    return NOT_KEPT_MESSAGE.format(names=names) + (NOT_KEPT_EARLIER if kept_files else "")


def temp_quota() -> int:
    return getattr(settings, "UPLOAD_TEMP_QUOTA_MB", 1024) * MB


def temp_usage() -> int:
    """Bytes held in tmp/ now, by every visitor."""
    total = 0
    try:
        entries = os.scandir(Path(_storage.location) / TEMP_DIR)
    except FileNotFoundError:
        return 0
    with entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
            except FileNotFoundError:  # removed by another process meanwhile
                continue
    return total


def _temp_full_message(request) -> str:
    """With the agency's telephone number when the site settings have one
    (the footer's 대표 전화)."""
    from home.models import ContactSettings

    phone = (ContactSettings.for_request(request).phone or "").strip() if request is not None else ""
    return TEMP_FULL_MESSAGE + (TEMP_FULL_CALL.format(phone=phone) if phone else TEMP_FULL_LATER)


def update_kept(kept_files, uploads, *, remove=False, held_elsewhere=(), request=None) -> list[dict]:
    """The uploads an application holds after a valid step.

    New `uploads` replace `kept_files` (as one set); `remove` without new
    uploads drops them; otherwise the kept ones stay (and are refreshed).
    `held_elsewhere` are the files the same session keeps for other forms.
    Raises NotKept, with nothing stored, when the session or the whole tmp/
    area would go over its quota, or the disk is full.
    """
    if not uploads:
        if remove:
            discard(kept_files)
            return []
        refresh(kept_files)
        return list(kept_files)
    held = [kept for kept in held_elsewhere if is_kept(kept.get("name", ""))]
    new_bytes = sum(upload.size for upload in uploads)
    held_bytes = sum(int(kept.get("size") or 0) for kept in held)
    if len(held) + len(uploads) > SESSION_MAX_FILES or held_bytes + new_bytes > SESSION_MAX_BYTES:
        raise NotKept(SESSION_FULL_MESSAGE)
    replaced_bytes = sum(int(kept.get("size") or 0) for kept in kept_files)
    usage, quota = temp_usage(), temp_quota()
    if usage - replaced_bytes + new_bytes > quota:
        logger.warning("Uploads refused: tmp/ holds %s bytes, quota %s (UPLOAD_TEMP_QUOTA_MB).", usage, quota)
        raise NotKept(_temp_full_message(request), status=503)
    written = []
    try:
        for upload in uploads:
            written.append(keep_upload(upload))
    except OSError:
        logger.exception("Uploads refused: could not write to tmp/ (disk full?).")
        discard(written)
        raise NotKept(_temp_full_message(request), status=503) from None
    discard(kept_files)
    return written


def stale_age() -> datetime.timedelta:
    """How old a tmp/ upload is when no session can name it any more."""
    return datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) + TEMP_MARGIN


def remove_stale_uploads(max_age: datetime.timedelta | None = None) -> int:
    """Delete tmp/ uploads older than `max_age` (default `stale_age()`):
    abandoned applications. Run on a schedule; returns how many went."""
    folder = Path(_storage.location) / TEMP_DIR
    if not folder.is_dir():
        return 0
    cutoff = time.time() - (max_age or stale_age()).total_seconds()
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


def attach_upload(service_request, upload, update=None):
    """Record a checked upload (AttachmentField sets `detected_type`) on the
    request straight away, e.g. with the applicant's answer to a 보완요청
    (`update`): there is no later step to keep it for, so no tmp/ copy."""
    from services.models import RequestAttachment

    attachment = RequestAttachment(
        request=service_request, update=update, original_name=clean_filename(upload.name),
        detected_type=upload.detected_type, size=upload.size,
    )
    upload.seek(0)
    # Stored under a random name (attachment_path) with the extension of the type found in it.
    attachment.file.save(f"file{ALLOWED_EXTENSIONS[upload.detected_type][0]}", upload, save=False)
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
    from services.models import RequestAttachment
    from services.requests.access import can_see

    attachment = RequestAttachment.objects.select_related("request").filter(pk=pk).first()
    if attachment is None or not can_see(request.user, attachment.request):
        raise Http404
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        logger.error("Attachment %s: file %s is missing", attachment.pk, attachment.file.name)
        raise Http404 from None
    # Logged on the request, by its reference: the file's own name may name the person.
    from services.requests import audit

    audit.record(request, audit.ATTACHMENT_DOWNLOADED, attachment.request,
                 data={"attachment": attachment.pk, "type": attachment.detected_type})
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.detected_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
