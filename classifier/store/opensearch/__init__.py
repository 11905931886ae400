"""OpenSearch store: the one package that imports opensearch-py (`client.py` connects, `io.py` writes with
the spool and reads, `store.py` implements `store.base.LabelStore`)."""

from classifier.store.opensearch.client import OpenSearchConfig, build_client
from classifier.store.opensearch.io import SPOOL_NAME
from classifier.store.opensearch.store import OpenSearchStore, label_id

__all__ = ["SPOOL_NAME", "OpenSearchConfig", "OpenSearchStore", "build_client", "label_id"]
