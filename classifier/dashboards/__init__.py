"""OpenSearch Dashboards saved objects (index patterns, visualisations, a dashboard) and their import."""
