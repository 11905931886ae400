"""Integrations with neighbouring systems' data (the workflow-metrics uploader's job/step documents)."""
