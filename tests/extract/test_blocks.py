"""Failures printed over many lines become one record: a test header and its traceback's exception line.

Samples are in the tools' own documented output formats; each names its origin.
"""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.link.testids import canonical_test_id
from classifier.model import ErrorRecord
from tests.extract.helpers import PYTEST_BLOCKS, bytes_doc, causes


def _causes(log: str) -> list[ErrorRecord]:
    return causes(extract_document(bytes_doc("job.log", log.encode())))


# Python's unittest documentation ("Basic example"), the failing variant its command-line interface prints.
UNITTEST = """\
test_isupper (test_module.TestStringMethods) ... ok
test_upper (test_module.TestStringMethods) ... FAIL

======================================================================
FAIL: test_upper (test_module.TestStringMethods)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/home/user/test_module.py", line 8, in test_upper
    self.assertEqual('foo'.upper(), 'FOOx')
AssertionError: 'FOO' != 'FOOx'
- FOO
+ FOOx
?    +


----------------------------------------------------------------------
Ran 2 tests in 0.001s

FAILED (failures=1)
"""


def test_unittest_failure_is_one_record_with_the_test_id_and_the_exception_line() -> None:
    found = _causes(UNITTEST)
    assert len(found) == 1
    record = found[0]
    assert (record.test_id, record.message, record.exception_type, record.framework) == (
        "test_module.TestStringMethods.test_upper",
        "AssertionError: 'FOO' != 'FOOx'",
        "AssertionError",
        "unittest",
    )
    assert record.context[0] == "FAIL: test_upper (test_module.TestStringMethods)"
    assert "AssertionError: 'FOO' != 'FOOx'" in record.context
    assert canonical_test_id(record.test_id) == canonical_test_id("test_upper (test_module.TestStringMethods)")


def test_a_long_traceback_still_ends_the_header_record() -> None:
    frames = "".join(
        f'  File "/usr/lib/python3.12/site-packages/lib/m{i}.py", line {i}, in f{i}\n    g()\n' for i in range(30)
    )
    log = (
        "ERROR: test_connect (app.tests.test_db.DbTest.test_connect)\n"  # Python 3.11+ names the method twice
        + "-" * 70
        + "\nTraceback (most recent call last):\n"
        + frames
        + "psycopg2.OperationalError: could not connect to server: Connection refused\n\n"
        + "-" * 70
        + "\nRan 1 test in 0.010s\n\nFAILED (errors=1)\n"
    )
    found = _causes(log)
    assert len(found) == 1
    record = found[0]
    assert record.test_id == "app.tests.test_db.DbTest.test_connect"
    assert record.exception_type == "OperationalError"
    assert record.message.startswith("psycopg2.OperationalError: could not connect")
    assert record.context[0].startswith("ERROR: test_connect")
    assert record.line_start == record.line_end == log.splitlines().index(record.message) + 1  # the exception's line


def test_nose_function_test_needs_the_separator() -> None:
    # nose's report of a module-level test function (nose documentation, "Writing tests": test functions)
    log = "FAIL: tests.test_utils.test_slugify\n" + "-" * 70 + "\nTraceback (most recent call last):\n"
    log += '  File "tests/test_utils.py", line 4, in test_slugify\n    assert slugify("A b") == "a_b"\nAssertionError\n'
    found = _causes(log)
    assert [(r.test_id, r.exception_type) for r in found] == [("tests.test_utils.test_slugify", "AssertionError")]
    assert not any(r.test_id for r in _causes("FAIL: tests.test_utils.test_slugify\nnothing below\n"))


# pytest's report of a module that fails to import (the format of pytest's own test_collection.py expectations:
# "ERROR collecting", "ImportError while importing test module", "E   ModuleNotFoundError").
PYTEST_COLLECTION = """\
==================================== ERRORS ====================================
_____________________ ERROR collecting tests/test_foo.py ______________________
ImportError while importing test module '/home/runner/work/proj/proj/tests/test_foo.py'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
/usr/lib/python3.8/importlib/__init__.py:127: in import_module
    return _bootstrap._gcd_import(name[level:], package, level)
tests/test_foo.py:3: in <module>
    import requests_mock
E   ModuleNotFoundError: No module named 'requests_mock'
_____________________ ERROR collecting tests/test_bar.py ______________________
/usr/lib/python3.8/site-packages/_pytest/python.py:578: in _importtestmodule
    mod = import_path(self.fspath, mode=importmode)
/usr/lib/python3.8/ast.py:47: in parse
    return compile(source, filename, mode, flags,
E     File "/home/runner/work/proj/proj/tests/test_bar.py", line 7
E       def test_bar(:
E                    ^
E   SyntaxError: invalid syntax
=========================== short test summary info ============================
"""


def test_pytest_collection_error_leads_with_its_exception() -> None:
    found = _causes(PYTEST_COLLECTION)
    assert [(r.test_id, r.exception_type, r.message) for r in found] == [
        ("tests/test_foo.py", "ModuleNotFoundError", "ModuleNotFoundError: No module named 'requests_mock'"),
        ("tests/test_bar.py", "SyntaxError", "SyntaxError: invalid syntax"),
    ]
    assert found[0].tool_hint == "import"
    assert found[1].context[0].startswith("_____") and "E   SyntaxError: invalid syntax" in found[1].context
    assert "E       def test_bar(:" in found[1].context


# Maven 3 with surefire 2.22+: the per-class report, then the "Results:" block (the format of maven-surefire's
# own integration tests' expectations, e.g. "Tests run: 3, Failures: 1, Errors: 1").
MAVEN = """\
[ERROR] testApp(com.example.AppTest)  Time elapsed: 0.006 s  <<< FAILURE!
java.lang.AssertionError: expected:<1> but was:<2>
	at com.example.AppTest.testApp(AppTest.java:30)

[INFO] Results:
[INFO]
[ERROR] Failures:
[ERROR]   AppTest.testApp:30 expected:<1> but was:<2>
[ERROR]   AppTest.testOther:44 expected:<true> but was:<false>
[ERROR] Errors:
[ERROR]   AppTest.testBoom:36 » IllegalState boom
[ERROR]   AppTest>AbstractTest.testBase:12 » NullPointer
[INFO]
[ERROR] Tests run: 4, Failures: 2, Errors: 2, Skipped: 0
"""


def test_every_surefire_summary_entry_names_its_test() -> None:
    found = _causes(MAVEN)
    assert [(r.test_id, r.exception_type) for r in found] == [
        ("com.example.AppTest.testApp", "AssertionError"),  # the exception line below is not a second record
        ("AppTest.testApp", ""),
        ("AppTest.testOther", ""),
        ("AppTest.testBoom", "IllegalStateException"),
        ("AppTest>AbstractTest.testBase", "NullPointerException"),
    ]
    assert found[2].message == "expected:<true> but was:<false>"
    assert found[3].message == "IllegalState boom"


def test_a_stack_frame_under_an_error_tag_is_not_a_test() -> None:
    log = (
        "[ERROR] Failed to execute goal x:y:1:z (a) on project p: boom\n[ERROR]     at com.x.App.start (App.java:21)\n"
    )
    assert not any(r.test_id for r in _causes(log))


def test_docker_registry_errors_are_causes() -> None:
    # moby / distribution error texts (Docker docs, "docker image pull"; the registry API's MANIFEST_UNKNOWN)
    log = (
        "Unable to find image 'acme/app:v9' locally\n"
        "docker: Error response from daemon: manifest for acme/app:v9 not found: manifest unknown: manifest unknown.\n"
        "Error response from daemon: pull access denied for acme/private, repository does not exist or may require "
        "'docker login': denied: requested access to the resource is denied\n"
    )
    found = _causes(log)
    assert [(r.framework, r.tool_hint) for r in found] == [("docker", "dependency"), ("docker", "permission")]


def test_fatal_signals_are_crashes() -> None:
    log = "Received signal: SIGBUS\nFatal error: Received signal: SIGSEGV\nBus error (core dumped)\n"
    found = _causes(log)
    assert [(r.tool_hint, r.exception_type) for r in found] == [
        ("crash", "SIGBUS"),
        ("crash", "SIGSEGV"),
        ("crash", "SIGBUS"),
    ]


def test_apt_lock_is_the_cause_only_when_nothing_follows() -> None:
    # apt's messages (apt-get(8); apt's own integration tests expect these texts)
    lock = "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 1834 (apt-get)\n"
    lock += "E: Unable to lock directory /var/lib/apt/lists/\n"
    alone = _causes(lock)
    assert [(r.framework, r.tool_hint) for r in alone] == [("apt", "lock"), ("apt", "lock")]
    found = _causes(lock + "Reading package lists...\nE: Package 'python-pip' has no installation candidate\n")
    assert [(r.message, r.tool_hint) for r in found] == [
        ("E: Package 'python-pip' has no installation candidate", "dependency")
    ]


# PYTEST_BLOCKS with pytest's short test summary after it
PYTEST_FAILURES = (
    PYTEST_BLOCKS
    + """\
=========================== short test summary info ============================
FAILED test_sample.py::test_answer - assert 4 == 5
ERROR test_sample.py::test_db - ConnectionError: database unreachable
"""
)


def test_pytest_failure_block_is_one_record_from_its_header_to_its_e_line() -> None:
    found = _causes(PYTEST_FAILURES)
    assert [(r.test_id, r.message, r.exception_type, r.tool_hint) for r in found] == [
        ("test_sample.py::test_db", "ConnectionError: database unreachable", "ConnectionError", "test_error"),
        ("test_sample.py::test_answer", "assert 4 == 5", "AssertionError", "test"),
    ]
    answer = found[1]
    assert answer.context[0].startswith("_____") and "test_answer" in answer.context[0]
    assert ">       assert inc(3) == 5" in answer.context
    assert answer.location is not None and (answer.location.file, answer.location.line) == ("test_sample.py", 6)
    assert answer.line_start == PYTEST_FAILURES.splitlines().index("E       assert 4 == 5") + 1  # the quoted line


def test_surefire_2_results_name_their_tests() -> None:
    # Surefire 2.x "Results :" block (the format of maven-surefire 2's own integration test expectations)
    log = (
        "Results :\n\n"
        "Failed tests:   testTotal(com.acme.CartTest): expected:<1> but was:<2>\n\n"
        "Tests in error: \n"
        "  testBoom(com.acme.CartTest): boom\n\n"
        "Tests run: 4, Failures: 1, Errors: 1, Skipped: 0\n"
    )
    found = _causes(log)
    assert [(r.test_id, r.message, r.tool_hint) for r in found] == [
        ("com.acme.CartTest.testTotal", "expected:<1> but was:<2>", "test"),
        ("com.acme.CartTest.testBoom", "boom", "test_error"),
    ]
