"""RSpec JSON results (`rspec --format json`, `--format j --out rspec.json`).

Format: rspec-core's JsonFormatter (rspec-core lib/rspec/core/formatters/json_formatter.rb, documented in
rspec-core's features/formatters/json_formatter.feature): `{version, messages, seed, examples: [{id,
description, full_description, status, file_path, line_number, run_time, pending_message, exception:
{class, message, backtrace}}], summary: {example_count, failure_count, pending_count,
errors_outside_of_examples_count}, summary_line}`. An error outside of the examples (a spec file that does
not load) is only told in `messages` (`An error occurred while loading ./spec/x_spec.rb.`).

One record per `failed` example (kind junit, the test-report kind; framework rspec): test id = the
example's `full_description` (as the log names it: the numbered header above its `Failure/Error:` and the
text after `#` on its `rspec ./spec/x_spec.rb:12 # ...` rerun line), else `file_path:line_number` (the rerun
id, kept in details as `example=`); message = the exception message's first paragraph on one line; RSpec's
own expectation failures (`RSpec::Expectations::ExpectationNotMetError`, `MultipleExpectationsNotMetError`,
mock expectations, a pending example that passed) name no exception type and are `test`, any other class is kept
(`NoMethodError`, `ActiveRecord::RecordNotFound`) and is `test_error`, `Timeout::Error` is `timeout`;
location = the first backtrace line in the example's file, else `file_path:line_number`; context = the
message and the backtrace without gems. A message about an error outside of examples is a `test_error`
record with the spec file as test id. Totals: examples, `failed`, `pending`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from classifier.extract.jsonio import read_json
from classifier.extract.reportio import cap, one_line, repo_path, text_lines
from classifier.extract.runners import infra_hint
from classifier.extract.sniff import Format, Head, Structure
from classifier.extract.text import bounded_context
from classifier.model import ErrorRecord, Extraction, Location, Problem, SourceKind, TestTotals
from classifier.sources.base import Document

_EXPECTATIONS = re.compile(r"^RSpec::(?:Expectations|Mocks)::|^RSpec::Core::(?:Pending::)?PendingExampleFixedError$")
_FRAME = re.compile(r"^(?P<file>[^\s:]+\.rb):(?P<line>\d+)(?::in\b|$)")
_GEMS = re.compile(r"/gems/|/rubygems/|/ruby/\d[\d.]*/|^<internal:")
_LOADING = re.compile(r"^An error occurred (?:while loading (?P<file>\S+?)\.?$|in .+)")
_RUBY_CLASS = re.compile(r"^(?P<exc>[A-Z]\w*(?:::[A-Z]\w*)*):$")


def detect(head: Head) -> bool:
    """RSpec's JSON: `examples` beside `summary_line`/`version`, with its example keys or its error count."""
    if "examples" not in head.keys or "testResults" in head.keys:
        return False
    return head.contains(b'"full_description"', b'"errors_outside_of_examples_count"') or "summary_line" in head.keys


def extract(doc: Document) -> Extraction:
    value = read_json(doc)
    if isinstance(value, Problem):
        return Extraction(problems=(value,))
    if not isinstance(value, Mapping) or not isinstance(value.get("examples"), list):
        problem = Problem(doc.name, "not an RSpec JSON report (no examples list)", kind="unsupported")
        return Extraction(problems=(problem,))
    examples = [example for example in value["examples"] if isinstance(example, Mapping)]
    records, problems = cap(doc, _records(doc, examples, value.get("messages")))
    statuses = [str(example.get("status") or "") for example in examples]
    totals = TestTotals(len(statuses), statuses.count("failed"), statuses.count("pending"))
    return Extraction(records, problems, totals)


def _records(doc: Document, examples: list[Mapping[str, Any]], messages: Any) -> Iterator[ErrorRecord]:
    for message in messages if isinstance(messages, list) else ():
        if isinstance(message, str) and _LOADING.match(message.strip().split("\n", 1)[0]):
            yield _outside(doc, message)
    for example in examples:
        if example.get("status") == "failed":
            yield _record(doc, example)


def _location(backtrace: list[str], file: str) -> Location | None:
    frames = [m for line in backtrace if (m := _FRAME.match(line.strip())) and not _GEMS.search(m.group("file"))]
    wanted = repo_path(file) if file else ""
    preferred = [m for m in frames if wanted and repo_path(m.group("file")).endswith(wanted)]
    chosen = preferred or frames
    if not chosen:
        return None
    return Location(repo_path(chosen[0].group("file")), int(chosen[0].group("line")))


def _paragraph(text: str) -> str:
    """The message's first paragraph (RSpec starts a diff-style message with a newline)."""
    lines: list[str] = []
    for line in text.strip("\n").splitlines():
        if not line.strip() and lines:
            break
        lines.append(line)
    return one_line("\n".join(lines[:4]))


def _record(doc: Document, example: Mapping[str, Any]) -> ErrorRecord:
    found = example.get("exception")
    exception: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    cls = str(exception.get("class") or "")
    text = str(exception.get("message") or "")
    trace = exception.get("backtrace")
    backtrace = [str(line) for line in trace] if isinstance(trace, list) else []
    file = str(example.get("file_path") or "")
    line = example.get("line_number")
    line = line if isinstance(line, int) and not isinstance(line, bool) else None
    expectation = bool(_EXPECTATIONS.match(cls))
    hint = "test" if expectation or not cls else "test_error"
    if cls in ("Timeout::Error", "Timeout::ExitException") or "execution expired" in text:
        hint = "timeout"
    message = _paragraph(text) or one_line(cls) or "example failed"
    ours = [frame for frame in backtrace if not _GEMS.search(frame)]
    rerun = f"{file}:{line}" if file and line is not None else str(example.get("id") or "")
    description = one_line(str(example.get("full_description") or ""))
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=message,
        context=bounded_context([*text_lines(text), *ours[:10]]),
        exception_type="" if expectation else cls,
        test_id=description or rerun,
        location=_location(backtrace, file) or (Location(repo_path(file), line) if file else None),
        framework="rspec",
        tool_hint=infra_hint(message) or hint,
        job=doc.job,
        step=doc.step,
        details=f"format=rspec_json; example={rerun}",
    )


def _outside(doc: Document, text: str) -> ErrorRecord:
    """An error outside of examples: `An error occurred while loading ./spec/x_spec.rb.`, the failing line,
    then the exception's class on a line of its own and its message indented below it."""
    lines = text_lines(text)
    m = _LOADING.match(lines[0].strip()) if lines else None
    file = (m.group("file") or "") if m else ""
    cls, message = "", ""
    for index, line in enumerate(lines):
        found = _RUBY_CLASS.match(line.strip())
        if found and index + 1 < len(lines):
            cls, message = found.group("exc"), lines[index + 1].strip()
            break
    message = message or (lines[1].strip() if len(lines) > 1 else lines[0].strip() if lines else "")
    frames = [line.strip().lstrip("# ") for line in lines if line.strip().startswith("# ")]
    return ErrorRecord(
        source=doc.name,
        kind=SourceKind.JUNIT,
        message=one_line(message) or "error outside of examples",
        context=bounded_context(lines),
        exception_type=cls,
        test_id=file,
        location=_location(frames, file) or (Location(repo_path(file)) if file else None),
        framework="rspec",
        tool_hint="compilation" if cls == "SyntaxError" else "test_error",
        job=doc.job,
        step=doc.step,
        details="format=rspec_json; outside of examples",
    )


FORMAT = Format("rspec_json", (Structure.JSON,), detect, extract)
