# CI Failure Classifier: a thin Docker shell around the `classifier` package.
# No USER and no WORKDIR: the runner mounts the workspace as the working directory and runs as root.
FROM python:3.12.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

COPY pyproject.toml README.md /app/
COPY classifier /app/classifier
COPY entrypoint.py /app/entrypoint.py

# Install once at build time and byte-compile, so a run starts without compiling anything.
RUN pip install --no-cache-dir /app \
    && python -m compileall -q /app/entrypoint.py

ENTRYPOINT ["python", "/app/entrypoint.py"]
