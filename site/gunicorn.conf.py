"""gunicorn settings for the container (option names as in gunicorn 27).

Started by `python -m agency_site.container web`. Tunable from the
environment: PORT, WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT,
FORWARDED_ALLOW_IPS, GUNICORN_LOG_LEVEL.
"""

import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpus() -> int:
    # The CPUs this process may run on (a container's cpuset), not the host's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# All interfaces: inside a container the port is published by the runtime.
bind = f"0.0.0.0:{_env_int('PORT', 8000)}"  # noqa: S104

# The usual 2 × CPUs + 1, capped: each worker holds a full copy of Django and
# Wagtail in memory and its own database connections.
workers = _env_int("WEB_CONCURRENCY", min(2 * _cpus() + 1, 8))
# Threaded workers, so one slow client or query does not block a whole process
# (and keep-alive works, which the sync worker does not support).
worker_class = "gthread"
threads = _env_int("GUNICORN_THREADS", 4)

timeout = _env_int("GUNICORN_TIMEOUT", 30)
# Time for in-flight requests to finish after SIGTERM (docker stop waits 10 s
# by default; raise stop_grace_period to let this run to the end).
graceful_timeout = 20
# Longer than the default 2 s: a proxy or load balancer in front reuses connections.
keepalive = 5

# Restart each worker after a while, staggered, so a slow leak cannot grow forever.
max_requests = 1000
max_requests_jitter = 100

# The worker heartbeat file: on tmpfs when there is one, because a
# disk-backed /tmp (overlayfs in Docker) can stall workers. gunicorn makes its
# files there with mkstemp (unique, private), hence the noqa.
_SHM = "/dev/shm"  # noqa: S108
if os.path.isdir(_SHM):
    worker_tmp_dir = _SHM

# Only the proxy in front may tell gunicorn the original scheme (X-Forwarded-*).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to the container's output: access log to stdout, errors to stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The e-mailed status and survey links carry a signed key: written as [token].
logger_class = "agency_site.access_log.TokenRedactingLogger"

# gunicorn ≥ 25 opens a control socket under $HOME by default; a container is
# managed from outside, and $HOME may not be writable for the app user.
control_socket_disable = True
