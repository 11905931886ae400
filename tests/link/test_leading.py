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


# Karma's jasmine reporter (karma-runner docs: `Browser Suite spec FAILED`, the error indented under it, then
# `Executed N of M (K FAILED)`): a TypeError fails the first test, the second runs past jasmine's time limit.
KARMA = """\
$ karma start karma.conf.js --single-run
Chrome 67.0.3396 (Linux 0.0.0) Parser should parse the template FAILED
\tTypeError: Cannot read property 'element' of undefined
\t    at UserContext.<anonymous> (test/parser.spec.js:12:5)
Chrome 67.0.3396 (Linux 0.0.0) Loader should load the module FAILED
\tError: Timeout - Async callback was not invoked within timeout specified by jasmine.DEFAULT_TIMEOUT_INTERVAL.
\t    at <Jasmine>
Chrome 67.0.3396 (Linux 0.0.0): Executed 2 of 2 (2 FAILED) (0.5 secs / 0.4 secs)
The command "karma start karma.conf.js --single-run" exited with 1.
"""


def test_a_test_that_timed_out_ranks_with_test_failures_so_the_first_failed_test_leads(tmp_path: Path) -> None:
    first, second = failures_of(tmp_path, KARMA)
    assert first.root.record.message.startswith("TypeError: Cannot read property")
    assert second.classification.category == "timeout"


# A Jenkins job's `make check` traced by `sh -x` with the timestamper plugin's prefixes (coreos/bootupd pull 216):
# the script prints its own error, then its `fatal` helper's generic `error: test failed`.
SCRIPT = """\
[2021-09-03T13:24:00.512Z] + make check
[2021-09-03T13:24:00.835Z] # error: synthetic error to test CI
[2021-09-03T13:24:00.835Z] + fatal 'test failed'
[2021-09-03T13:24:00.835Z] + echo error: test failed
[2021-09-03T13:24:00.835Z] error: test failed
[2021-09-03T13:24:00.835Z] + exit 1
script returned exit code 1
"""


def test_a_symptom_that_says_tests_failed_does_not_say_what_failed(tmp_path: Path) -> None:
    (failure,) = failures_of(tmp_path, SCRIPT)
    assert failure.root.record.message == "error: synthetic error to test CI"
    assert failure.classification.category == "unknown"  # was assertion_failure, from `error: test failed`
    assert [e.link for e in failure.evidence] == [Link.ROOT, Link.SYMPTOM, Link.SYMPTOM]
