FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/data SEARCH_INDEX_DIR=/data/index
WORKDIR /app

COPY pyproject.toml README.md ./
COPY config ./config
COPY archive ./archive
RUN pip install --no-cache-dir .

COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 qujat && mkdir -p /data && chown qujat /data
USER qujat
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
