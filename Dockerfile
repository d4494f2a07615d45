# Si-Caker web, worker and beat image (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system sicaker \
    && useradd --system --gid sicaker --home-dir /app --shell /usr/sbin/nologin sicaker

WORKDIR /app

# Dependencies first (from pyproject.toml only), so code changes do not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself.
COPY . .
RUN pip install --no-deps . \
    && rm -rf build *.egg-info

# Static files, collected at build time. Production settings insist on these variables and
# refuse known keys, so the build makes throwaway random ones that live only in this RUN step.
RUN DJANGO_SETTINGS_MODULE=sicaker.settings.production \
    DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=memory:// \
    NIK_ENCRYPTION_KEY="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && chown -R sicaker:sicaker /app

USER sicaker

ENV DJANGO_SETTINGS_MODULE=sicaker.settings.production

EXPOSE 8000

CMD ["gunicorn", "sicaker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
