# syntax=docker/dockerfile:1
# Stage 1: install the pinned dependencies and build Sass, translations and static files.
FROM python:3.11-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock ./
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.lock
COPY . .
RUN /venv/bin/python tasks.py i18n && /venv/bin/python tasks.py sass \
 && EJ_ENV=dev /venv/bin/python manage.py collectstatic --noinput

# Stage 2: a slim runtime image running as a non-root user.
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    EJ_ENV=production DJANGO_SETTINGS_MODULE=settings STATIC_ROOT=/app/local/static
RUN useradd --create-home --uid 1000 ej
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=ej:ej /app /app
USER ej
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
