"""The service request system's rate limits (the counting itself, shared by
every process, is agency_site.ratelimit). Allowances come from settings
(RATE_LIMIT_* in the environment) and are per client address:

- SUBMIT: sending a request (the "check your answers" step);
- STEP: the first step of every request form (answers validated and kept);
- UPLOAD_FILES / UPLOAD_BYTES: files received with the form, counted by
  number and by size (`hit_uploads`);
- LOOKUP: the status lookup and its withdraw step; the training survey
  has its own limit of the same size (services.training.survey).
"""

from django.conf import settings

from agency_site.client_ip import client_ip
from agency_site.ratelimit import Limit, hit

__all__ = [
    "LOOKUP", "MESSAGE", "STEP", "SUBMIT", "UPLOAD_BYTES", "UPLOAD_FILES",
    "Limit", "client_address", "hit", "hit_uploads",
]

HOUR = 60 * 60

SUBMIT = Limit("submit", settings.RATE_LIMIT_SUBMITS_PER_HOUR, window_seconds=HOUR)
STEP = Limit("form-step", settings.RATE_LIMIT_FORM_STEPS_PER_HOUR, window_seconds=HOUR)
UPLOAD_FILES = Limit("upload-files", settings.RATE_LIMIT_UPLOAD_FILES_PER_HOUR, window_seconds=HOUR)
UPLOAD_BYTES = Limit(
    "upload-bytes", settings.RATE_LIMIT_UPLOAD_MB_PER_HOUR * 1024 * 1024, window_seconds=HOUR,
)
LOOKUP = Limit("lookup", settings.RATE_LIMIT_LOOKUPS_PER_15_MINUTES, window_seconds=15 * 60)

MESSAGE = "요청이 너무 많습니다. 잠시 뒤(15분~1시간)에 다시 시도해 주세요. 급하시면 전화로 문의해 주세요."


def client_address(request) -> str:
    """The client's address (behind proxies: see agency_site.client_ip)."""
    return client_ip(request)


def hit_uploads(request) -> bool:
    """Count the files received with the request (any field), by number and
    by size, whether or not they turn out valid: receiving them is what
    costs. False when the client is over either allowance."""
    files = [upload for name in request.FILES for upload in request.FILES.getlist(name)]
    if not files:
        return True
    # Both are counted, so a refusal on one still records the other.
    within_count = hit(request, UPLOAD_FILES, cost=len(files))
    within_size = hit(request, UPLOAD_BYTES, cost=sum(upload.size or 0 for upload in files))
    return within_count and within_size
