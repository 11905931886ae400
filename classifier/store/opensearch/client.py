"""The OpenSearch connection: typed settings and the opensearch-py client (basic auth, TLS, AWS SigV4)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import TransportError

from classifier.errors import ConfigError


@dataclass(frozen=True, slots=True)
class OpenSearchConfig:
    """What the store needs to connect and where its indexes and spool are (built by `classifier.wiring`)."""

    url: str
    username: str = ""
    password: str = ""
    verify_certs: bool = True
    ca_certs: str = ""
    aws_region: str = ""
    classification_index: str = "error_classifications"
    occurrence_index: str = "error_occurrences"
    spool_dir: str = "."


def build_client(config: OpenSearchConfig) -> OpenSearch:
    """An opensearch-py client (basic auth, TLS options, or AWS SigV4)."""
    kwargs: dict[str, Any] = {
        "hosts": [config.url],
        "timeout": 30,
        "max_retries": 2,
        "retry_on_timeout": True,
        "verify_certs": config.verify_certs,
        "ssl_show_warn": config.verify_certs,
    }
    if config.ca_certs:
        kwargs["ca_certs"] = config.ca_certs
    if config.aws_region:
        try:
            boto3 = importlib.import_module("boto3")
        except ImportError:
            raise ConfigError("opensearch_aws_region needs boto3: install the 'aws' extra") from None
        from opensearchpy import AWSV4SignerAuth, RequestsHttpConnection  # noqa: PLC0415

        credentials = boto3.Session().get_credentials()
        if credentials is None:
            raise ConfigError("opensearch_aws_region is set but no AWS credentials were found")
        kwargs["http_auth"] = AWSV4SignerAuth(credentials, config.aws_region, "es")
        kwargs["connection_class"] = RequestsHttpConnection
    elif config.username:
        kwargs["http_auth"] = (config.username, config.password)
    return OpenSearch(**kwargs)


def reason(exc: Exception) -> str:
    if isinstance(exc, TransportError):
        return f"{exc.status_code} {exc.error}"
    return type(exc).__name__
