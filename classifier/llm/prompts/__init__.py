"""Versioned prompt files (data, not code). A changed prompt is a new file and a new version."""
