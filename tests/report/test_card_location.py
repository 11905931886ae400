"""A card's location is the failure's, as its annotation's: a docker build's root cause (the RUN step's own
output line) is placed at the Dockerfile line BuildKit's excerpt names, repository-relative."""

from __future__ import annotations

from pathlib import Path

from classifier.access import DockerBuild, PathContext
from classifier.github.paths import failure_location
from classifier.model import Location, RunContext
from classifier.pipeline import analyze
from classifier.report.cards import job_card
from classifier.report.jobs_view import RunLinks
from classifier.settings import load_settings
from classifier.sources.files import iter_documents
from classifier.store.sqlite import SQLiteStore
from classifier.wiring import Vocabularies, utc_now

BUILD_LOG = Path(__file__).resolve().parents[2] / "examples" / "failed-run" / "logs" / "docker-build.log"
SETTINGS = load_settings({}, {"enable_error_classification": "false"})
BLOB = "https://github.com/octo/shop/blob/3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d/"


def test_docker_build_card_names_the_dockerfile_line(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    try:
        vocabularies = Vocabularies(SETTINGS, store)
        analysis = analyze(
            iter_documents([str(BUILD_LOG)]), vocabularies=vocabularies, store=store, run=RunContext(), clock=utc_now
        )
    finally:
        store.close()
    (job,) = analysis.jobs
    (failure,) = job.failures
    assert failure.root.record.location is None  # pip's own line: BuildKit's record beside it has the line
    paths = PathContext(builds=(DockerBuild("Dockerfile", ""),))  # `docker build -t shop:ci .`
    assert failure_location(failure, paths) == Location("Dockerfile", 9)
    card = "\n".join(job_card(job, RunLinks(blob_base=BLOB, paths=paths)))
    assert f"📍 [`Dockerfile:9`]({BLOB}Dockerfile#L9)" in card
