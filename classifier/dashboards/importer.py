"""Posts saved objects to the OpenSearch Dashboards import API (`/api/saved_objects/_import`)."""

from __future__ import annotations

import base64
import json
import ssl
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from classifier.errors import ServiceError


@dataclass(frozen=True, slots=True)
class ImportResult:
    success: bool
    count: int
    errors: tuple[str, ...] = ()


def _multipart(ndjson: str, boundary: str, filename: str) -> bytes:
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    )
    return head.encode() + ndjson.encode() + f"\r\n--{boundary}--\r\n".encode()


def import_saved_objects(
    url: str,
    ndjson: str,
    *,
    username: str = "",
    password: str = "",
    tenant: str = "",
    overwrite: bool = True,
    verify_certs: bool = True,
    timeout: float = 60.0,
) -> ImportResult:
    """Import the NDJSON into Dashboards at `url`; raises ServiceError when the server cannot be used."""
    if not url.startswith(("http://", "https://")):
        raise ServiceError(f"dashboards URL must be http(s): {url!r}")
    boundary = uuid.uuid4().hex
    endpoint = f"{url.rstrip('/')}/api/saved_objects/_import" + ("?overwrite=true" if overwrite else "")
    headers = {"osd-xsrf": "true", "Content-Type": f"multipart/form-data; boundary={boundary}"}
    if username:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    if tenant:
        headers["securitytenant"] = tenant
    body = _multipart(ndjson, boundary, "ci-classify.ndjson")
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")  # noqa: S310
    context = None if verify_certs else ssl._create_unverified_context()  # noqa: S323 (user's choice)
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:  # noqa: S310
            payload = json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:500]
        raise ServiceError(f"dashboards import failed: HTTP {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ServiceError(f"dashboards import failed: {exc}") from exc
    errors = tuple(
        f"{item.get('type', '?')} {item.get('id', '?')}: {json.dumps(item.get('error', {}))}"
        for item in payload.get("errors", []) or []
    )
    return ImportResult(bool(payload.get("success")), int(payload.get("successCount", 0)), errors)
