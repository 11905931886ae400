"""`ci-classify dashboards import|export`: the OpenSearch Dashboards saved objects."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from classifier.dashboards.importer import import_saved_objects
from classifier.dashboards.objects import saved_objects, to_ndjson
from classifier.errors import ConfigError, ServiceError
from classifier.settings import load_settings
from classifier.store.mappings import index_aliases


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "dashboards",
        help="export or import OpenSearch Dashboards saved objects",
        description="Index patterns over the configured indexes, visualisations and an overview dashboard.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="print the saved objects (NDJSON)")
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    imp = actions.add_parser("import", help="post the saved objects to /api/saved_objects/_import")
    imp.add_argument("--url", help="Dashboards base URL (env OPENSEARCH_DASHBOARDS_URL)")
    imp.add_argument("--username", help="user (env OPENSEARCH_DASHBOARDS_USERNAME, else OPENSEARCH_USERNAME)")
    imp.add_argument("--tenant", default="", help="security tenant (securitytenant header)")
    imp.add_argument("--insecure", action="store_true", help="do not verify the TLS certificate")
    imp.add_argument("--no-overwrite", action="store_true", help="keep objects that already exist")
    for sub in (export, imp):
        sub.add_argument("--file", metavar="NDJSON", help="use this NDJSON instead of the generated objects")
        sub.set_defaults(func=run)


def _ndjson(args: argparse.Namespace) -> str:
    if args.file:
        return Path(args.file).read_text(encoding="utf-8")
    settings = load_settings(os.environ)
    return to_ndjson(saved_objects(index_aliases(settings.error_classification_index, settings.occurrence_index)))


def run(args: argparse.Namespace) -> int:
    text = _ndjson(args)
    if args.action == "export":
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    url = args.url or os.environ.get("OPENSEARCH_DASHBOARDS_URL", "")
    if not url:
        raise ConfigError("dashboards import needs --url or OPENSEARCH_DASHBOARDS_URL")
    username = (
        args.username or os.environ.get("OPENSEARCH_DASHBOARDS_USERNAME") or os.environ.get("OPENSEARCH_USERNAME", "")
    )
    password = os.environ.get("OPENSEARCH_DASHBOARDS_PASSWORD") or os.environ.get("OPENSEARCH_PASSWORD", "")
    try:
        result = import_saved_objects(
            url,
            text,
            username=username,
            password=password,
            tenant=args.tenant,
            overwrite=not args.no_overwrite,
            verify_certs=not args.insecure,
        )
    except ServiceError as exc:
        print(f"ci-classify: {exc}", file=sys.stderr)
        return 1
    for error in result.errors:
        print(f"ci-classify: not imported: {error}", file=sys.stderr)
    print(f"imported {result.count} saved object(s) into {url}")
    return 0 if result.success and not result.errors else 1
