"""A record's context lines read as the log printed them: prefixes stripped first, then only the block's
common indentation removed, so code frames, carets and traceback frames stay aligned; CI markers (Travis'
`travis_fold:` / `travis_time:`) never show."""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.extract.text import bounded_context
from tests.extract.helpers import PYTEST_BLOCKS, bytes_doc, causes

# Python 3.11's "What's New" (Enhanced error locations in tracebacks, PEP 657)
TRACEBACK = """\
Traceback (most recent call last):
  File "distance.py", line 11, in <module>
    print(manhattan_distance(p1, p2))
          ^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "distance.py", line 6, in manhattan_distance
    return abs(point_1.x - point_2.x) + abs(point_1.y - point_2.y)
                           ^^^^^^^^^
AttributeError: 'NoneType' object has no attribute 'x'
"""


def _error(log: str) -> tuple[str, ...]:
    records = causes(extract_document(bytes_doc("job.log", log.encode())))
    return next(r for r in records if r.exception_type.endswith("AttributeError")).context


def _carets_under(context: tuple[str, ...], code: str, word: str) -> bool:
    row = next(i for i, line in enumerate(context) if code in line)
    return context[row + 1].index("^") == context[row].index(word)


def test_carets_stay_under_the_code_they_point_at() -> None:
    context = _error(TRACEBACK)
    assert context[0] == "Traceback (most recent call last):"
    assert '  File "distance.py", line 11, in <module>' in context
    assert _carets_under(context, "print(", "manhattan_distance")
    assert _carets_under(context, "return abs(", "point_2.x")


def test_common_indentation_goes_after_the_ci_prefix_is_stripped() -> None:
    # GitHub Actions' timestamps, then a tool that indents what it runs (tox, pre-commit) by four spaces
    stamped = "".join(f"2025-02-13T09:58:31.5200000Z     {line}\n" for line in TRACEBACK.splitlines())
    context = _error(stamped)
    assert context[0] == "Traceback (most recent call last):"
    assert _carets_under(context, "print(", "manhattan_distance")
    # Jenkins' timestamper: `[2019-05-23T16:37:45.180Z] ` before each line
    jenkins = "".join(f"[2019-05-23T16:37:45.180Z]   {line}\n" for line in TRACEBACK.splitlines())
    assert _error(jenkins) == context


def test_pytest_code_frames_keep_their_layout() -> None:
    _, answer = causes(extract_document(bytes_doc("pytest.log", PYTEST_BLOCKS.encode())))
    assert ">       assert inc(3) == 5" in answer.context and "    def test_answer():" in answer.context
    assert "E        +  where 4 = inc(3)" in answer.context
    assert answer.message == "assert 4 == 5"


def test_bounded_context_removes_only_the_shared_indent() -> None:
    assert bounded_context(["    a  ", "", "      ^^^", "\t"]) == ("a", "", "  ^^^", "")
    assert bounded_context(["\tat x", "  at y"]) == ("\tat x", "  at y")  # tabs and spaces share nothing
    # a runner's own marker line starts the line whatever the block's indent
    assert bounded_context(["    at x", "##[error]Process completed with exit code 1."]) == (
        "at x",
        "##[error]Process completed with exit code 1.",
    )


def test_travis_markers_never_show() -> None:
    # Travis' job log layout: fold and timing markers end with CR and an erase, or follow output that did
    # not end its line (travis-ci/travis-build, bash/travis_time_finish.bash)
    log = (
        "travis_fold:start:install\r\x1b[0Ktravis_time:start:0a3c1b6e\r\x1b[0K$ pip install -e .\r\n"
        "Successfully installed app\r\n"
        "travis_time:end:0a3c1b6e:start=1537201742675539302,finish=1537201752758609053,duration=10083069751\r\n"
        "\x1b[0Ktravis_fold:end:install\r\x1b[0K\r\n"
        "travis_time:start:1f2e3d4c\r\x1b[0K$ python -m app\r\n" + TRACEBACK.replace("\n", "\r\n").rstrip()
    )
    log += "travis_time:end:1f2e3d4c:start=1537201752762578973,finish=1537201762858867638,duration=10096288665\r\n"
    log += '\r\n\x1b[31;1mThe command "python -m app" exited with 1.\x1b[0m\r\n'
    records = extract_document(bytes_doc("travis.log", log.encode())).records
    assert records
    for record in records:
        for line in (record.message, *record.context):
            assert "travis_" not in line and "duration=" not in line, line
    context = _error(log)
    assert "AttributeError: 'NoneType' object has no attribute 'x'" in context
    assert _carets_under(context, "print(", "manhattan_distance")
