# Sigap production image: gunicorn serves the portal; the same image runs the Celery worker
# and beat (see docker-compose.yml). Settings come from the environment (docs/deploy.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    SIGAP_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 1000 sigap

WORKDIR /app
COPY . .
# Editable install: the apps, templates/ and static/ stay together under /app.
RUN pip install --upgrade pip && pip install -e .
# collectstatic needs settings that load without production secrets; DEBUG=1 only here.
RUN DEBUG=1 python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R sigap:sigap /app/var

USER sigap
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
