# The application image: the CLI, the flows for Prefect workers, and the migrations.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY core ./core
COPY stancewatch ./stancewatch
COPY parsers ./parsers
COPY storage ./storage
COPY alerts ./alerts
COPY flows ./flows
COPY web ./web
COPY data ./data
RUN pip install --no-cache-dir -e ".[postgres]"
RUN useradd --create-home stancewatch
USER stancewatch
CMD ["stancewatch", "serve"]
