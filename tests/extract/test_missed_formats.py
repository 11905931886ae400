"""Formats the scanner used to miss, each on a sample in the tool's own documented output format.

Origins are given per sample: the tool's documentation page or its own test expectations.
"""

from __future__ import annotations

import pytest

from classifier.extract import extract_document
from classifier.model import Location, Role, Severity
from tests.extract.helpers import bytes_doc, causes


def _one(log: str) -> tuple[str, str, str, str, Location | None]:
    found = causes(extract_document(bytes_doc("job.log", log.encode())))
    assert found, log
    r = found[0]
    return r.message, r.framework, r.tool_hint, r.exception_type or r.code or r.test_id, r.location


@pytest.mark.parametrize(
    ("log", "message", "framework", "hint"),
    [
        # lld/test/ELF/undef.s expectations (llvm-project): `error: undefined symbol:` + `>>> referenced by`
        (
            "ld.lld: error: undefined symbol: foo\n>>> referenced by undef.s:10\n>>>     undef.o:(.text+0x1)\n",
            "undefined symbol: foo",
            "ld",
            "link",
        ),
        # dnf(8) and libsolv problem text (Fedora docs, "DNF command reference")
        (
            "No match for argument: python3-nonexistent\n",
            "No match for argument: python3-nonexistent",
            "dnf",
            "dependency",
        ),
        (
            "Error: Unable to find a match: libfoo-devel\n",
            "Error: Unable to find a match: libfoo-devel",
            "dnf",
            "dependency",
        ),
        (
            "Problem: conflicting requests\n  - nothing provides libfoo.so.1()(64bit) needed by bar-1.0-1.x86_64\n",
            "Problem: conflicting requests",
            "dnf",
            "dependency",
        ),
        # apt-get(8): the message for a package name apt does not know
        ("E: Unable to locate package libfoo-dev\n", "E: Unable to locate package libfoo-dev", "apt", "dependency"),
        # Docker docs, "Docker Hub usage and rate limits": the registry's error code
        (
            "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase "
            "the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit\n",
            "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase "
            "the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit",
            "docker",
            "rate_limit",
        ),
        # moby's error text for ENOSPC while pulling a layer
        (
            "write /var/lib/docker/tmp/GetImageBlob123: no space left on device\n",
            "write /var/lib/docker/tmp/GetImageBlob123: no space left on device",
            "",
            "disk",
        ),
    ],
)
def test_tool_lines(log: str, message: str, framework: str, hint: str) -> None:
    got = _one(log)
    assert got[:3] == (message, framework, hint)


def test_msvc_fatal_error_and_linker() -> None:
    # Microsoft Learn, "Fatal Error C1083" and "Linker Tools Error LNK2019"
    log = (
        "main.cpp(18) : fatal error C1083: Cannot open include file: 'missing.h': No such file or directory\n"
        'main.obj : error LNK2019: unresolved external symbol "int __cdecl f(int)" (?f@@YAHH@Z) referenced in '
        "function main\n"
    )
    result = extract_document(bytes_doc("build.log", log.encode()))
    first, second = result.records
    assert (first.framework, first.code, first.location, first.tool_hint) == (
        "msvc",
        "C1083",
        Location("main.cpp", 18),
        "compilation",
    )
    assert first.message == "Cannot open include file: 'missing.h': No such file or directory"
    assert (second.code, second.tool_hint) == ("LNK2019", "link")


@pytest.mark.parametrize(
    ("line", "code", "location"),
    [
        # flake8 docs ("Selecting and Ignoring Violations"); pycodestyle docs (intro example); pylint docs
        ("./project/__init__.py:1:1: F401 'os' imported but unused", "F401", Location("./project/__init__.py", 1, 1)),
        ("optparse.py:69:11: E401 multiple imports on one line", "E401", Location("optparse.py", 69, 11)),
        ("a.py:1:0: C0114: Missing module docstring (missing-module-docstring)", "C0114", Location("a.py", 1, 0)),
    ],
)
def test_python_lint_codes_without_an_error_word(line: str, code: str, location: Location) -> None:
    record = extract_document(bytes_doc("lint.log", (line + "\n").encode())).records[0]
    assert (record.code, record.location, record.tool_hint) == (code, location, "lint")


def test_golint_and_go_undefined() -> None:
    # golint README output shape; `go build` type-check error (go/types: "undefined: %s")
    log = "foo.go:3:1: exported function Bar should have comment or be unexported\n./main.go:12:2: undefined: foo\n"
    records = extract_document(bytes_doc("go.log", log.encode())).records
    assert [(r.message, r.location) for r in records] == [
        ("exported function Bar should have comment or be unexported", Location("foo.go", 3, 1)),
        ("undefined: foo", Location("./main.go", 12, 2)),
    ]


def test_clippy_lint_with_its_location() -> None:
    # rust-clippy book, "Usage": a deny-by-default lint as rustc prints it
    log = (
        "error: equal expressions as operands to `==`\n"
        " --> src/main.rs:3:8\n"
        "  |\n"
        "3 |     if x == x {}\n"
        "  |        ^^^^^^\n"
        "  |\n"
        "  = note: `#[deny(clippy::eq_op)]` on by default\n"
    )
    record = extract_document(bytes_doc("clippy.log", log.encode())).records[0]
    assert (record.framework, record.tool_hint, record.location) == ("cargo", "lint", Location("src/main.rs", 3, 8))
    assert record.code == "clippy::eq_op"


@pytest.mark.parametrize(
    "log",
    [
        # The Rust Programming Language, ch. 11.1 (Rust >= 1.73 prints the message on the next line)
        "---- tests::another stdout ----\nthread 'tests::another' panicked at src/lib.rs:17:9:\nMake this test fail\n",
        # the same chapter in editions before Rust 1.73
        "---- tests::another stdout ----\nthread 'tests::another' panicked at 'Make this test fail', src/lib.rs:17:9\n",
        # the chapter's current listing (rust-lang/book listings/ch11-writing-automated-tests/listing-11-03/output.txt):
        # newer Rust names the thread's id
        "---- tests::another stdout ----\n\nthread 'tests::another' (6019162) panicked at src/lib.rs:17:9:\n"
        "Make this test fail\n",
    ],
)
def test_cargo_test_panic(log: str) -> None:
    assert _one(log) == ("Make this test fail", "cargo", "test", "panic", Location("src/lib.rs", 17, 9))


def test_mozilla_harness_line() -> None:
    # Firefox source docs, "Test failure messages": TEST-UNEXPECTED-<status> | <test> | <message>
    log = "[task 2025-02-13T09:58:31.520Z] 09:58:31     INFO -  TEST-UNEXPECTED-FAIL | dom/tests/test_x.html | got 1\n"
    record = causes(extract_document(bytes_doc("live.log", log.encode())))[0]
    assert (record.message, record.test_id, record.code) == ("got 1", "dom/tests/test_x.html", "TEST-UNEXPECTED-FAIL")
    assert record.timestamp == "2025-02-13T09:58:31.520Z"


@pytest.mark.parametrize(
    ("log", "kind", "hint"),
    [
        # AddressSanitizer wiki (google/sanitizers), "AddressSanitizerExampleUseAfterFree"
        (
            "==9901==ERROR: AddressSanitizer: heap-use-after-free on address 0x60700000dfb5 at pc 0x45917b "
            "bp 0x7fff4490c700 sp 0x7fff4490c6f8\n",
            "heap-use-after-free",
            "crash",
        ),
        # libFuzzer docs ("Output"): a crash by signal and the RSS limit
        ("==17024== ERROR: libFuzzer: deadly signal\n", "deadly signal", "crash"),
        ("==30435== ERROR: libFuzzer: out-of-memory (used: 2113Mb; exceeds: 2048Mb)\n", "out-of-memory", "oom"),
        # clang UndefinedBehaviorSanitizer docs
        (
            "test.cc:3:5: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n",
            "signed-integer-overflow",
            "crash",
        ),
        # bash's job report for a child killed by SIGSEGV
        ("./run_tests.sh: line 12:  4242 Segmentation fault      (core dumped) ./unit_tests\n", "SIGSEGV", "crash"),
        ("Segmentation fault (core dumped)\n", "SIGSEGV", "crash"),
        # glibc assert(3) message
        ("app: tree.c:860: insert: Assertion `node != NULL' failed.\n", "assertion", "crash"),
        # libstdc++ verbose terminate handler
        (
            "terminate called after throwing an instance of 'std::runtime_error'\n  what():  bad config\n",
            "std::runtime_error",
            "crash",
        ),
    ],
)
def test_crashes(log: str, kind: str, hint: str) -> None:
    record = extract_document(bytes_doc("crash.log", log.encode())).records[0]
    assert (record.exception_type, record.tool_hint, record.role) == (kind, hint, Role.CAUSE)


def test_cannot_find_symbol_keeps_the_symbol() -> None:
    # maven-compiler-plugin output of a javac "cannot find symbol" error
    log = (
        "[ERROR] /src/main/java/App.java:[12,5] cannot find symbol\n"
        "[ERROR]   symbol:   class Foo\n"
        "[ERROR]   location: class App\n"
        "[ERROR] /src/main/java/Other.java:[3,9] cannot find symbol\n"
        "[ERROR]   symbol:   method bar()\n"
    )
    messages = [r.message for r in extract_document(bytes_doc("mvn.log", log.encode())).records]
    assert messages == ["cannot find symbol: class Foo", "cannot find symbol: method bar()"]


def test_error_word_lines_are_warning_symptoms() -> None:
    log = (
        "compiling\nejabberd_SUITE:init_per_group failed\nReason: {test_case_failed,timeout}\n"
        "[ERROR] cannot open y\n"  # shown in the record's context: not a record of its own
        + "ok\n" * 10
        + "some build gave up: cannot open x\n"
    )
    records = extract_document(bytes_doc("ct.log", log.encode())).records
    assert [(r.framework, r.test_id, r.message) for r in records if r.role is Role.CAUSE] == [
        ("common_test", "ejabberd_SUITE:init_per_group", "{test_case_failed,timeout}")
    ]
    words = [r for r in records if r.severity is Severity.WARNING]
    assert [(r.message, r.role) for r in words] == [("some build gave up: cannot open x", Role.SYMPTOM)]


def test_pester_failure() -> None:
    # Pester docs ("Output"): a failed It block and its assertion lines
    log = "[-] Get-Planet.Given no parameters, it lists all 8 planets 38ms\n  Expected 8, but got 9.\n"
    record = extract_document(bytes_doc("pester.log", log.encode())).records[0]
    assert (record.framework, record.test_id, record.message) == (
        "pester",
        "Get-Planet.Given no parameters, it lists all 8 planets",
        "Expected 8, but got 9.",
    )
