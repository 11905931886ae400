"""Which line of one failure leads it, and which lines told twice are one failure."""

from __future__ import annotations

from pathlib import Path

from classifier.link import Context, JobEvidence, JobInput, link_job
from classifier.model import Classification, ClassifiedBy, Domain, Failure, Link, Location, Occurrence
from tests.core.ci_logs import failures_of
from tests.rules.helpers import occurrence

# GitHub's actions/configure-pages on a repository without Pages (CaiJimmy/hugo-theme-stack-starter issue 91):
# the action's own message quotes the HttpError it got, then the HttpError is printed.
PAGES = """\
Run actions/configure-pages@v5
  with:
    token: ***
    enablement: false
Error: Get Pages site failed. Please verify that the repository has Pages enabled and configured to build \
using GitHub Actions, or consider exploring the `enablement` parameter for this action. Error: Not Found - \
https://docs.github.com/rest/pages/pages#get-a-apiname-pages-site
Error: HttpError: Not Found - https://docs.github.com/rest/pages/pages#get-a-apiname-pages-site
"""


def test_a_message_that_quotes_the_error_next_to_it_is_one_failure_led_by_the_message(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, PAGES)
    assert failure.root.record.message.startswith("Error: Get Pages site failed.")
    assert [(e.link, e.occurrence.record.message[:16]) for e in failure.evidence] == [
        (Link.ROOT, "Error: Get Pages"),
        (Link.SAME_FAILURE, "Error: HttpError"),
    ]


def _context() -> Context:
    def fallback(fingerprint: str) -> Classification:
        return Classification(fingerprint, "unknown", Domain.UNKNOWN, 0.0, ClassifiedBy.NONE, "ci", "1")

    return Context(labels={}, rank=lambda occ, position: (2, 0, position), fallback=fallback, stats={})


def _failures(*occurrences: Occurrence) -> list[Failure]:
    return list(link_job(JobEvidence("", "", (JobInput("job.log", occurrences),)), _context()).failures)


def _root_of(*occurrences: Occurrence) -> Occurrence:
    (failure,) = _failures(*occurrences)
    return failure.root


def test_nearby_errors_are_one_failure_only_when_one_quotes_the_other() -> None:
    # a Go program's `log.Fatalf("deploy failed: %v", err)` three lines after the error it got (Go's
    # net/http error wording); an unrelated error there stays a failure of its own
    inner = 'Get "https://registry.example/v2/": dial tcp: lookup registry.example: no such host'
    got = occurrence("a", f"Error: {inner}", line=10)
    quoting = occurrence("b", f"deploy failed: {inner}", line=13)
    (failure,) = _failures(got, quoting)
    assert failure.root is quoting
    other = occurrence("c", "deploy failed: context deadline exceeded while waiting for rollout", line=13)
    assert len(_failures(got, other)) == 2
    far = occurrence("d", f"deploy failed: {inner}", line=14)  # more than SPAN lines away
    assert len(_failures(got, far)) == 2


# One requests ConnectionError raised in several tests (jwilder/nginx-proxy's pytest run on Travis): pytest's
# `E ConnectionError: ...` line, once with its frame's location and once under a test's header.
ERROR = "requests.exceptions.ConnectionError: HTTPConnectionPool(host='nginx-proxy', port=80): Max retries exceeded"
ADAPTERS = Location("/usr/local/lib/python2.7/site-packages/requests/adapters.py", 487)


def test_the_first_of_equally_telling_lines_leads_a_failure_not_the_one_that_names_a_test() -> None:
    first = occurrence("c", ERROR, line=1299, exception_type="ConnectionError", location=ADAPTERS)
    later = occurrence("c", ERROR, line=1927, exception_type="ConnectionError", test_id="test_unknown_virtual_host")
    assert _root_of(first, later) is first


def test_a_failed_sub_test_leads_its_failed_parent() -> None:
    # `go test -v`: `--- FAIL: TestA/case_2` under `--- FAIL: TestA` (cmd/go testflag documentation)
    parent = occurrence("p", "--- FAIL: TestA (0.01s)", line=10, test_id="pkg.TestA")
    child = occurrence("c", "--- FAIL: TestA/case_2 (0.00s)", line=11, test_id="pkg.TestA/case_2")
    assert _root_of(parent, child) is child
