FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/data SEARCH_INDEX_DIR=/data/index
WORKDIR /app

COPY pyproject.toml README.md ./
COPY config ./config
COPY archive ./archive
RUN pip install --no-cache-dir .

COPY . .

RUN useradd --system --uid 1000 qujat && mkdir -p /data && chown qujat /data
USER qujat
EXPOSE 8000
# config/container/start.sh: migrate, createcachetable, collectstatic (into /data: the files of the image that runs), the first
# import and index build on an empty database, then gunicorn. Static files are collected at start, not at build:
# /data is a volume, which would keep an older image's files.
CMD ["sh", "config/container/start.sh"]
