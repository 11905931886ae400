"""MSBuild's node number (`6>`) before every line of a parallel build is one of the line prefixes the
stripper removes, so every matcher (not only the MSVC ones) reads what the tool printed after it."""

from __future__ import annotations

from pathlib import Path

from classifier.extract.prefix import strip_prefix
from classifier.extract.runners import match_line
from tests.core.ci_logs import failures_of as _failures

# github.com/open62541/open62541/issues/3635 (MSVC under MSBuild's parallel node prefix)
OPEN62541 = "6>..\\src\\server\\ua_session.c(34): error C2143: syntax error : missing ';' before 'type'"
# github.com/google/filament/issues/1773 (a custom build step's command failing under node 1), trimmed
FILAMENT = (
    "1>C:\\Program Files (x86)\\Microsoft Visual Studio\\2019\\Community\\MSBuild\\Microsoft\\VC\\v160\\"
    'Microsoft.CppCommon.targets(133,5): error MSB3073: The command "setlocal'
)


def test_the_node_number_is_stripped_and_the_line_keeps_its_text() -> None:
    assert strip_prefix(OPEN62541).text == OPEN62541[2:]
    assert strip_prefix("  22>" + OPEN62541[2:]).text == OPEN62541[2:]
    assert strip_prefix(FILAMENT).text.startswith("C:\\Program Files")


def test_a_shell_redirection_is_no_node_number() -> None:
    for text in ("2>&1 | tee build.log", "2>/dev/null", "1>>out.txt"):
        assert strip_prefix(text).text == text


def test_lines_under_a_node_number_are_matched_without_it(tmp_path: Path) -> None:
    found = match_line(strip_prefix(OPEN62541).text)
    assert found is not None and found.location is not None and found.location.file == "..\\src\\server\\ua_session.c"
    [failure] = _failures(tmp_path, f"{FILAMENT}\n")
    assert failure.root.record.code == "MSB3073"
    location = failure.root.record.location
    assert location is not None and location.file.startswith("C:\\Program Files")
