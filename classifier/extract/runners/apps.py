"""App builds' tools whose error lines have no usual `path:line: error:` shape.

* xcbeautify's and xcpretty's error mark (`❌ /src/A.swift:12:5: cannot find 'x' in scope`, `❌ /App.xcodeproj:
  Signing for "App" requires a development team`): the compiler's or Xcode's error without its `error:` word
  (a mark over an error word, `❌ error: x`, is the generic matcher's; a mark before no place, a script's banner,
  is nobody's);
* the Android Gradle plugin's manifest merger (`Manifest merger failed : Attribute application@x value=...`,
  `Manifest merger failed with multiple errors, see logs`), printed without an error word of its own;
* fastlane's fatal error (`UI.user_error!`): `[!] Invalid password passed via 'MATCH_PASSWORD'`, when its words say
  an error (CocoaPods prints its warnings with the same `[!]`: `[!] The version of CocoaPods used ...`);
* the .NET host that finds no runtime for the app or test host: `You must install or update .NET to run this
  application.`, printed with no error word when `dotnet exec` starts a test assembly itself; VSTest's report of
  a test host that exited before it ran a test (`Testhost process exited with error: It was not possible to find
  any compatible framework version`): its message says why;
* xcodebuild's `Failing tests:` list over `** TEST FAILED **` (`	TestScanUITests.testExample()`): a recap, so a
  symptom of the failures above it, named as the XCTest line names the first (`Class.test`); the failure itself
  when the test's own lines are not in the log (fastlane's scan hides them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.extract.runners.base import Builder, LineMatch, cause, framework_for, loc
from classifier.model import Role

_PLACE = re.compile(r"^(?P<file>(?:[A-Za-z]:)?[^\s:]+\.\w+):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>\S.*)$")
_PROJECT = re.compile(r"^(?P<file>\S+\.(?:xcodeproj|xcworkspace|pbxproj)): (?P<msg>\S.*)$")


def xcode_mark(m: re.Match[str], _: Sequence[str]) -> LineMatch | None:
    """`❌ path:line:col: msg` (a compiler's error) or `❌ /x.xcodeproj: msg` (Xcode's own: signing, a project
    setting); a script's own `❌ Build & Deploy Failed!` banner is neither (left to the lines that say why)."""
    rest = m.group("rest").strip()
    place = _PLACE.match(rest)
    if place is not None:
        path = place.group("file")
        where = loc(path, place.group("line"), place.group("col"))
        return LineMatch(place.group("msg"), framework_for(path) or "xcode", "compilation", location=where, after=4)
    project = _PROJECT.match(rest)
    if project is None:
        return None
    return LineMatch(project.group("msg"), "xcode", "", location=loc(project.group("file"), None))


def manifest_merger(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    """The Android Gradle plugin's manifest merger: the attribute it could not merge and where."""
    return LineMatch(m.group("msg").strip(), "android", "configuration", before=1, after=3)


_LISTED = re.compile(r"^\s*(?:(?P<scope>[\w.]+)\.)?(?P<test>\w+)\(\)\s*$")  # `Module.Class.testX()`


def failing_tests(_m: re.Match[str], following: Sequence[str]) -> LineMatch | None:
    """xcodebuild's `Failing tests:` over the failed tests, one a line (`	Class.testX()`): the first of them."""
    listed = [hit for hit in (_LISTED.match(line) for line in following[:20]) if hit is not None]
    if not listed:
        return None
    first = listed[0]
    cls = (first.group("scope") or "").rsplit(".", 1)[-1]
    test = f"{cls}.{first.group('test')}" if cls else first.group("test")
    names = ", ".join(line.group(0).strip() for line in listed)
    return LineMatch(
        f"Failing tests: {names}", "xctest", "test", Role.SYMPTOM, test_id=test, before=0, after=len(listed) + 2
    )


# fastlane's `[!] msg` when it says an error (CocoaPods' `[!]` warnings rarely do)
_USER_ERROR = (
    r"^\[!\] (?P<msg>.*\b(?i:invalid|could not|couldn't|cannot|can't|failed|error|no such|denied|not found)\b.*)$"
)


def user_error(m: re.Match[str], _: Sequence[str]) -> LineMatch:
    return LineMatch(m.group("msg").strip(), "fastlane", "", before=3, after=2)


ENTRIES: tuple[tuple[str, str, Builder], ...] = (
    ("❌", r"^❌\s+(?P<rest>(?!(?:ERROR|FATAL|Error|error|fatal|Fatal)\b)\S.*)$", xcode_mark),
    ("manifest merger failed", r"^(?:[\w.]+Exception: )?(?P<msg>Manifest merger failed\b.*)$", manifest_merger),
    ("failing tests:", r"^Failing tests:$", failing_tests),
    ("[!] ", _USER_ERROR, user_error),
    (
        "must install or update .net",
        r"^(?:Testhost process .*exited with error: )?You must install or update \.NET to run this application\.?$",
        cause("", "configuration"),  # no framework: Azure's `##[error]` lines below it are its own (annotations.py)
    ),
    ("testhost process", r"^Testhost process\b.*? exited with error: \S.*$", cause("")),  # VSTest's host died
    # the Android Gradle plugin's connected tests without a device to run on (`> : ` its task's empty test name)
    ("no compatible devices", r"^(?:> : )?No compatible devices connected\.?(?:\[\w+\] FAILED)?\s*$", cause("agp")),
)
