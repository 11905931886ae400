"""Real tool output from public issue threads and documentation, end to end (rules only): which line leads and
what category it gets when the line's own tool says more than its words (a Go panic raised by a fatal signal,
a JSON report's findings printed to the log, a feature not enabled for the repository, a machine that could
not be launched).

Each sample is trimmed to the part around the failure, with its origin in the comment above it.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.ci_logs import failures_of as _failures

# https://github.com/IBM-Cloud/terraform-provider-ibm/issues/4898, as quoted in IBM Cloud's landing zone docs
# ("Known issues": a provider plug-in's nil pointer dereference under `terraform apply`)
GO_SIGNAL_PANIC = """\
Stack trace from the terraform-provider-ibm_v1.59.0 plugin:
panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x36ae0bd]

goroutine 211 [running]:
Error: Process completed with exit code 1.
"""

# Go's own documentation of a panic the program raised (https://go.dev/blog/defer-panic-and-recover: `f` panics
# with `panic(fmt.Sprintf("%v", i))`): no signal line under it
GO_PROGRAM_PANIC = """\
Calling g.
Printing in g 0
Printing in g 1
Printing in g 2
Printing in g 3
panic: 4

goroutine 1 [running]:
main.g(0x4)
exit status 2
"""


def test_a_go_panic_raised_by_a_fatal_signal_is_a_crash(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GO_SIGNAL_PANIC)
    assert failure.root.record.message.startswith("panic: runtime error: invalid memory address")
    assert failure.root.record.message.endswith("[SIGSEGV]")
    assert failure.classification.category == "crash"


def test_a_panic_the_program_raised_stays_a_runtime_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, GO_PROGRAM_PANIC)
    assert failure.root.record.message == "panic: 4"
    assert failure.classification.category == "runtime_error"


# https://forums.developer.apple.com/message/381207 (the notary service's log of a rejected upload: each issue
# an object whose severity key comes before its message)
NOTARY_LOG = """\
{
  "logFormatVersion": 1,
  "jobId": "1134ee6a-ddf5-42cb-8eac-1ad32f3c2eee",
  "status": "Invalid",
  "statusSummary": "Archive contains critical validation errors",
  "issues": [
    {
      "severity": "error",
      "code": null,
      "path": "My_App_19.3.0.zip/My App.app/Contents/MacOS/My App",
      "message": "The executable does not have the hardened runtime enabled.",
      "docUrl": null,
      "architecture": "x86_64"
    },
    {
      "severity": "error",
      "code": null,
      "path": "My_App_19.3.0.zip/My App.app/Contents/Frameworks/Sparkle.framework/Versions/A/Resources/fileop",
      "message": "The binary is not signed.",
      "docUrl": null,
      "architecture": "x86_64"
    }
  ]
}
Error: Process completed with exit code 1.
"""

# the same forum thread, a day later: the same issues at warning level, the upload accepted
NOTARY_WARNINGS = """\
  "issues": [
    {
      "severity": "warning",
      "code": null,
      "path": "My_App_19.3.0.zip/My App.app/Contents/MacOS/My App",
      "message": "The executable does not have the hardened runtime enabled.",
      "docUrl": null,
      "architecture": "x86_64"
    }
  ]
"""


def test_each_error_finding_of_a_json_log_is_read_first_one_leading(tmp_path: Path) -> None:
    failures = _failures(tmp_path, NOTARY_LOG)
    messages = [failure.root.record.message for failure in failures]
    assert messages[0] == "The executable does not have the hardened runtime enabled."
    assert "The binary is not signed." in messages
    assert failures[0].classification.category == "configuration_error"


def test_a_warning_finding_of_a_json_log_is_no_failure(tmp_path: Path) -> None:
    assert not any(
        failure.root.record.message.startswith("The executable") for failure in _failures(tmp_path, NOTARY_WARNINGS)
    )


# actions/configure-pages' own error (src/api-client.js, https://github.com/actions/configure-pages: `Get Pages site
# failed. Please verify that the repository has Pages enabled and configured to build using GitHub Actions, ...`),
# with the HttpError it wraps on the next line, as a run log shows them
PAGES_NOT_ENABLED = """\
Run actions/configure-pages@v5
Error: Get Pages site failed. Please verify that the repository has Pages enabled and configured to build using \
GitHub Actions, or consider exploring the `enablement` parameter for this action. Error: Not Found - \
https://docs.github.com/rest/pages/pages#get-a-apiname-pages-site
Error: HttpError: Not Found - https://docs.github.com/rest/pages/pages#get-a-apiname-pages-site
"""


def test_a_feature_not_enabled_for_the_repository_is_a_configuration_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PAGES_NOT_ENABLED)
    assert failure.root.record.message.startswith("Error: Get Pages site failed.")
    assert failure.classification.category == "configuration_error"


# Packer's amazon builder words it `Error launching source instance: %s` (builder/amazon/common/
# step_run_source_instance.go), as Terraform's AWS provider does; this one from Magic Castle's docs
# (https://github.com/ComputeCanada/magic_castle, docs/README.md, "image": a Marketplace AMI not subscribed to)
LAUNCH_FAILED = """\
│ Error: Error launching source instance: OptInRequired: In order to use this AWS Marketplace product you need \
to accept terms and subscribe. To do so please visit https://aws.amazon.com/marketplace/pp?sku=cvugziknvmxgqna9noibqnnsy
│ \tstatus code: 401, request id: 1f04a85a-f16a-41c6-82b5-342dc3dd6a3d
│
│   on aws/infrastructure.tf line 67, in resource "aws_instance" "instances":
│   67: resource "aws_instance" "instances" {
"""


def test_a_machine_that_could_not_be_launched_is_an_infrastructure_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, LAUNCH_FAILED)
    assert "Error launching source instance: OptInRequired" in failure.root.record.message
    assert failure.classification.category == "infrastructure_error"


# https://github.com/cgi-fr/jsonline (README, "Specify the underlying struct": jl logs a line it could not cast with
# zerolog's console writer and goes on)
JL_LOGGED = """\
$ jl -t '{"value":"binary(int64)"}' < file.jsonl
{"value":"AgAAAAAAAAA="}
{"value":"KgAAAAAAAAA="}
3:54PM ERR failed to process JSON line error="can't import type []uint8 to int64 format: unable to cast value to \
int64: []uint8([104 101 108 108 111])" line-number=2
"""


def test_a_log_showing_only_a_programs_logged_lines_has_no_failure(tmp_path: Path) -> None:
    assert _failures(tmp_path, JL_LOGGED) == []


def test_a_programs_logged_line_before_a_failure_marker_is_still_the_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, JL_LOGGED + "Error: Process completed with exit code 1.\n")
    assert failure.root.record.message.startswith("3:54PM ERR failed to process JSON line")


# xcpretty's failures recap (https://github.com/xcpretty/xcpretty, spec/xcpretty/formatters/formatter_spec.rb
# "formats failures per suite": the suite, `  test case, reason`, the assertion's `  /path/File.m:46`, its snippet),
# here with XCTest's own reason wording (`XCTAssertTrue failed`) and the `✗ test, reason` line xcpretty prints as
# the test runs
XCPRETTY = """\
SessionTestCase
    ✗ testThatDataRequestWithInvalidURLStringThrows, XCTAssertTrue failed


SessionTestCase
  testThatDataRequestWithInvalidURLStringThrows, XCTAssertTrue failed
  /Users/travis/build/Alamofire/Alamofire/Tests/SessionTests.swift:550
  ```
        XCTAssertTrue(response.error?.isInvalidURLError == true)
  ```


Executed 4 tests, with 1 failure (0 unexpected) in 0.071 (0.095) seconds
** TEST FAILED **
"""


def test_an_xctest_failure_is_led_by_the_recap_entry_that_names_its_line(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, XCPRETTY)
    root = failure.root.record
    assert root.test_id == "testThatDataRequestWithInvalidURLStringThrows"
    assert root.location is not None
    assert root.location.file.endswith("Tests/SessionTests.swift")
    assert root.location.line == 550
    assert failure.classification.category == "assertion_failure"
