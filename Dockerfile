FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=contenthub.conf.production
WORKDIR /app
COPY pyproject.toml README.md ./
COPY contenthub ./contenthub
COPY publishers ./publishers
COPY sdk ./sdk
RUN pip install --no-cache-dir ./sdk . && useradd --system --uid 1000 contenthub && mkdir -p /app/var && chown contenthub /app/var
USER contenthub
RUN SECRET_KEY=build-alleen contenthub collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "contenthub.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
