# CI Failure Classifier: a thin Docker shell around the `classifier` package, published by
# .github/workflows/release.yml and referenced by digest from action.yml (nothing is built in a user's job).
# No USER and no WORKDIR: the runner mounts the workspace as the working directory and runs as root.
# Python: the minor version in .python-version (tests/action/test_supply_chain.py checks they agree).

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
# The one lock file (hashes; no gRPC/protobuf: opensearch-py never imports them) -> /app/site
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes --no-deps --target /app/site -r /tmp/requirements.lock
COPY classifier /app/site/classifier
COPY entrypoint.py /app/entrypoint.py
# Byte-compile everything the action imports (hash-checked pycs stay valid whatever the file times), and keep
# beside the bytecode the parses of the regexes the guards read (classifier/rules/parsecache.py).
RUN python -m compileall -q -j 0 --invalidation-mode unchecked-hash /app \
    && PYTHONPATH=/app/site python -m classifier.rules.warm

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app/site
# What runs is python and the package: no pip, setuptools or wheel at run time.
RUN python -m pip uninstall --yes --quiet pip setuptools wheel \
    && rm -rf /root/.cache
COPY --from=build /app /app
ENTRYPOINT ["python", "/app/entrypoint.py"]
