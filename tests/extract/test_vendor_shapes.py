"""Diagnostics of vendor toolchains, IDE lists and report rows (runners/vendors.py and the shapes beside it).

Each sample is a real output, trimmed, with the issue thread or page it was copied from. An error is an error
record at its line; a tool's warning, remark or hint stays a warning; a summary line is no finding of its own.
"""

from __future__ import annotations

import pytest

from classifier.extract import extract_document, tail
from classifier.extract.steps import WindowLine
from classifier.model import ErrorRecord, Location, Severity, SourceKind
from tests.extract.helpers import bytes_doc


def _records(log: str) -> list[ErrorRecord]:
    return list(extract_document(bytes_doc("tool.log", log.encode())).records)


def _errors(log: str) -> list[ErrorRecord]:
    return [r for r in _records(log) if r.severity is Severity.ERROR]


@pytest.mark.parametrize(
    ("log", "line", "message", "code", "location"),
    [
        # IAR iccstm8: severity[code], message, path and line last (github.com/HomeSmartMesh/IoT_STM8/issues/1)
        (
            'Error[Pe020]: identifier "CLK_CRTCR_RTCDIV" is undefined P:\\Compile\\IoT_STM8\\libs\\clock_led.c 82 \n',
            1,
            'identifier "CLK_CRTCR_RTCDIV" is undefined',
            "Pe020",
            Location("P:\\Compile\\IoT_STM8\\libs\\clock_led.c", 82),
        ),
        # IAR iccarm in the IDE's build log, tab-separated (github.com/hathach/tinyusb/issues/3363)
        (
            "    SAU->RNR = 0;\t\t\n    ^\t\t\n"
            'Error[Pe020]: identifier "SAU" is undefined\tD:\\projects\\tinyusb\\system_stm32n6xx_fsbl.c\t192\n',
            3,
            'identifier "SAU" is undefined',
            "Pe020",
            Location("D:\\projects\\tinyusb\\system_stm32n6xx_fsbl.c", 192),
        ),
        # IAR XLINK: no line (github.com/diyruz/AirSense/issues/23)
        (
            'Error[e46]: Undefined external "?B" referred in bdb_Reporting ( C:\\Texas Instruments\\Obj\\ \n'
            "Error while running Linker \n",
            1,
            'Undefined external "?B" referred in bdb_Reporting ( C:\\Texas Instruments\\Obj\\',
            "e46",
            None,
        ),
        # Intel ifort's numbered diagnostics (github.com/NorESMhub/BLOM/pull/264)
        (
            "carchm.F90(636): error #6404: This name does not have a type, and must have an explicit type.   [KS]\n",
            1,
            "This name does not have a type, and must have an explicit type. [KS]",
            "#6404",
            Location("carchm.F90", 636),
        ),
        # the EDG front end's `"file", line N: error:`, the message on the next line; AMD's OpenCL compiler
        # (github.com/fireice-uk/xmr-stak/issues/615)
        (
            '"C:\\Users\\Jeroen\\AppData\\Local\\Temp\\OCLF992.tmp.cl", line 1629: error:\n'
            '          identifier "C" is undefined\n                        E8;\n',
            1,
            'identifier "C" is undefined',
            "",
            Location("C:\\Users\\Jeroen\\AppData\\Local\\Temp\\OCLF992.tmp.cl", 1629),
        ),
        # Delphi's tagged lines (github.com/SynEdit/SynEdit/issues/166)
        (
            "[DCC Error] SynHighlighterCss.pas(578): E2003 Undeclared identifier: 'SYNS_AttrAtRules'\n"
            "[DCC Fatal Error] pasall.tmp(50): F2063 Could not compile used unit 'SynHighlighterCss.pas'\n",
            1,
            "Undeclared identifier: 'SYNS_AttrAtRules'",
            "E2003",
            Location("SynHighlighterCss.pas", 578),
        ),
        # a row of Visual Studio's Error List pasted as text (github.com/carlgwastaken/Overlay/issues/2)
        (
            "Severity\tCode\tDescription\tProject\tFile\tLine\tSuppression State\tDetails\n"
            "Error\tC2065\t'device_context': undeclared identifier\tmeow\tC:\\src\\meow\\ext\\window\\window.cpp"
            "\t90\t\t\n",
            2,
            "'device_context': undeclared identifier",
            "C2065",
            Location("C:\\src\\meow\\ext\\window\\window.cpp", 90),
        ),
        # Visual Studio's build output with a range `(line,col,endline,endcol)`
        # (github.com/OfficeDev/Project-Samples/issues/4)
        (
            "1>C:\\projects\\ProjToolV2\\Utilities\\CsomBase.cs(28,23,28,27): error CS0246: The type or namespace name"
            " 'User' could not be found (are you missing a using directive or an assembly reference?)\n",
            1,
            "The type or namespace name 'User' could not be found (are you missing a using directive or an assembly"
            " reference?)",
            "CS0246",
            Location("C:\\projects\\ProjToolV2\\Utilities\\CsomBase.cs", 28, 23),
        ),
        # tfsec before 0.39: [code][severity] (github.com/nozaq/terraform-aws-remote-state-s3-backend/issues/34)
        (
            "[AWS017][ERROR] Resource 'module.remote_state:aws_s3_bucket.replica' defines an unencrypted S3 bucket\n",
            1,
            "Resource 'module.remote_state:aws_s3_bucket.replica' defines an unencrypted S3 bucket",
            "AWS017",
            None,
        ),
        # phpcs' full report (github.com/godaddy-wordpress/primer/pull/307)
        (
            "FILE: inc/customizer/fonts.php\n"
            "----------------------------------------------------------------------\n"
            "FOUND 2 ERRORS AFFECTING 2 LINES\n"
            "----------------------------------------------------------------------\n"
            "   1 | ERROR | [ ] Missing file doc comment\n"
            "     |       |     (Squiz.Commenting.FileComment.Missing)\n",
            5,
            "Missing file doc comment",
            "",
            Location("inc/customizer/fonts.php", 1),  # the row's line of the file its header names
        ),
        # sqlfluff lint (github.com/sqlfluff/sqlfluff/issues/833)
        (
            "== [models/content/products/products_daily_fanout.sql] FAIL\n"
            "L:  14 | P:   7 | L010 | Inconsistent capitalisation of keywords.\n",
            2,
            "Inconsistent capitalisation of keywords.",
            "L010",
            Location("models/content/products/products_daily_fanout.sql", 14, 7),
        ),
        # perlcritic's default verbosity, several files (github.com/os-autoinst/os-autoinst-distri-opensuse/pull/1516)
        (
            'script/import-slenkins-testsuite.pl: Expression form of "eval" at line 108, column 26.  See page 161 of'
            " PBP.  (Severity: 5)\n",
            1,
            'Expression form of "eval"',
            "severity 5",
            Location("script/import-slenkins-testsuite.pl", 108, 26),
        ),
        # Flutter reading Xcode's Swift errors (github.com/pichillilorenzo/flutter_inappwebview/issues/1412)
        (
            "Swift Compiler Error (Xcode): Variable binding in a condition requires an initializer\n"
            "/Users/developer/.pub-cache/ios/Classes/FindInteraction/FindInteractionController.swift:66:26\n",
            1,
            "Variable binding in a condition requires an initializer",
            "",
            Location("/Users/developer/.pub-cache/ios/Classes/FindInteraction/FindInteractionController.swift", 66, 26),
        ),
        # kotlinc's older format on Windows, spaces in the path (github.com/Kotlin/kotlin-koans-edu-obsolete/issues/19)
        (
            "e: E:\\WorkSpace\\Kotlin Koans\\Html builders\\src\\Task.kt: (2, 12): Unresolved reference: html\n",
            1,
            "Unresolved reference: html",
            "",
            Location("E:\\WorkSpace\\Kotlin Koans\\Html builders\\src\\Task.kt", 2, 12),
        ),
        # kotlinc through Gradle, a file URI with a drive letter (github.com/twilio/twilio-verify-android/issues/226)
        (
            "e: file:///D:/GIT/twilio-verify-android/buildSrc/src/main/kotlin/plugins/ktlint.gradle.kts:30:5"
            " Unresolved reference: main\n",
            1,
            "Unresolved reference: main",
            "",
            Location("/D:/GIT/twilio-verify-android/buildSrc/src/main/kotlin/plugins/ktlint.gradle.kts", 30, 5),
        ),
        # Verilator's `%Error: file:line: msg` (github.com/Arlet/verilog-6502/issues/1)
        (
            "%Error: cpu.v:138: syntax error, unexpected bit, expecting IDENTIFIER or do or final\n"
            "%Error: Exiting due to 6 error(s)\n",
            1,
            "syntax error, unexpected bit, expecting IDENTIFIER or do or final",
            "",
            Location("cpu.v", 138),
        ),
        # Quartus' numbered messages (github.com/MiSTer-devel/Template_MiSTer/issues/94)
        (
            'Error (10161): Verilog HDL error at sys_top.v(507): object "PhaseInc" is not declared. Verify the object'
            " name is correct. If the name is correct, declare the object.\n",
            1,
            'Verilog HDL error at sys_top.v(507): object "PhaseInc" is not declared. Verify the object name is'
            " correct. If the name is correct, declare the object.",
            "10161",
            Location("sys_top.v", 507),
        ),
        # Synopsys VCS, the location on the next line (github.com/lowRISC/lowrisc-chip/issues/60)
        (
            "Error-[IND] Identifier not declared\n.../lowrisc-chip/minion_subsystem/verilog/minion_soc.sv, 66\n"
            "  Identifier 'one_hot_rdata' has not been declared yet. If this error is not \n",
            1,
            "Identifier not declared",
            "IND",
            Location(".../lowrisc-chip/minion_subsystem/verilog/minion_soc.sv", 66),
        ),
        # GnuCOBOL 2.0 puts a space before the line number (github.com/vim-syntastic/syntastic/issues/2073)
        (
            "test.cbl: 14: error: syntax error, unexpected ERROR                        \n",
            1,
            "syntax error, unexpected ERROR",
            "",
            Location("test.cbl", 14),
        ),
        # dartanalyzer before Dart 2.12 (github.com/bradyt/taskw-dart/issues/1)
        (
            "  error • Undefined name 'rootBundle' at task/lib/main.dart:13:27 • (undefined_identifier)\n",
            1,
            "error • Undefined name 'rootBundle' at task/lib/main.dart:13:27 • (undefined_identifier)",
            "undefined_identifier",
            Location("task/lib/main.dart", 13, 27),
        ),
        # markdownlint's rule with its aliases (github.com/tcort/link-check/pull/66)
        (
            "LICENSE.md:1 MD041/first-line-heading/first-line-h1 First line in a file should be a top-level heading"
            ' [Context: "Copyright (c) 2016-2021 Thomas..."]\n',
            1,
            'First line in a file should be a top-level heading [Context: "Copyright (c) 2016-2021 Thomas..."]',
            "MD041/first-line-heading/first-line-h1",
            Location("LICENSE.md", 1),
        ),
    ],
)
def test_vendor_diagnostic_is_an_error_with_its_location(
    log: str, line: int, message: str, code: str, location: Location | None
) -> None:
    errors = _errors(log)
    assert [r.line_start for r in errors][:1] == [line]
    assert errors[0].message == message
    assert errors[0].code == code
    assert errors[0].location == location


def test_a_location_after_a_line_ending_in_parentheses_is_still_a_candidate() -> None:
    # perlcritic --verbose 8 (github.com/openaustralia/openaustralia/issues/952): the `(` of the line above is
    # not a stack frame around this line's `Syllable.pm:20`
    log = (
        "scripts/Syllable.pm:8:1 Code before strictures are enabled (TestingAndDebugging::RequireUseStrict)\n"
        "scripts/Syllable.pm:20:1 Bareword file handle opened (InputOutput::ProhibitBarewordFileHandles)\n"
        'scripts/xml2db.pl:196:13 Two-argument "open" used (InputOutput::ProhibitTwoArgOpen)\n'
    )
    assert [r.line_start for r in _errors(log)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("log", "code"),
    [
        # IAR's warning (github.com/MaJerle/ESP8266_AT_Commands_parser/issues/61)
        (
            "Warning[Pa082]: undefined behavior: the order of volatile accesses is undefined in this statement"
            " E:\\IT\\Wireless Network Creation\\ESP8266_AT_Commands_parser-master\\esp8266.c 895 \n",
            "Pa082",
        ),
        # phpcs' warning row (github.com/studiopress/genesis-sample/issues/76)
        (
            " 1 | WARNING | File appears to be minified and cannot be processed (Internal.Tokenizer.Exception)\n",
            "",
        ),
        # Quartus' critical warning (github.com/danielholanda/LeFlow/issues/6)
        (
            "Critical Warning (10191): Verilog HDL Compiler Directive warning at stratixv_pcie_hip_atoms_ncrypt.v(27):"
            ' text macro "pragma" is undefined\n',
            "10191",
        ),
        # Delphi's hints, tagged on each line (github.com/landrix/Zint-Barcode-Generator-for-Delphi/issues/2): the
        # tag is the compiler's level, not a Jenkins branch to strip
        (
            "[dcc32 Hint] zint_rss.pas(678): H2077 Value assigned to 'check_digit' never used\n"
            "[dcc32 Hint] zint_rss.pas(364): H2077 Value assigned to 'error_number' never used\n",
            "H2077",
        ),
    ],
)
def test_vendor_warnings_stay_warnings(log: str, code: str) -> None:
    records = _records(log)
    assert records
    assert all(r.severity is Severity.WARNING for r in records)
    assert records[-1].code == code


def test_visual_studio_2005_error_list_row_takes_the_code_from_its_description() -> None:
    # Visual Studio 2005's Error List: severity, index, description, file, line (github.com/coin-or/Clp/issues/6)
    log = (
        "Warning\t126\twarning C4996: 'getenv' was declared deprecated\tc:\\cygwin\\home\\magala\\coin\\coin-cbc"
        "\\clp\\src\\clpmain.cpp\t1135\t\n"
    )
    from classifier.extract.runners import match_line

    found = match_line(log.rstrip("\n"))
    assert found is not None
    assert (found.severity, found.code, found.message) == (
        Severity.WARNING,
        "C4996",
        "'getenv' was declared deprecated",
    )
    assert found.location == Location("c:\\cygwin\\home\\magala\\coin\\coin-cbc\\clp\\src\\clpmain.cpp", 1135)


# phpcs fails on its warnings: run on Moodle's index.php in a project's Vagrant notes (stored public text id
# 34084681857), the report holds one warning. When a failed command printed only that report (the job's marker
# after it), its first warning row is the cause, on its own line, at the file its header names (extract/tail.py).
PHPCS_WARNING_ONLY = """\
vagrant@vagrant-ubuntu-trusty-64:/vagrant/moodle$ phpcs index.php

FILE: /vagrant/moodle/index.php
----------------------------------------------------------------------
FOUND 0 ERRORS AND 1 WARNING AFFECTING 1 LINE
----------------------------------------------------------------------
 25 | WARNING | Expected MOODLE_INTERNAL check or config.php inclusion
----------------------------------------------------------------------
"""


def test_a_linter_s_warning_is_the_cause_of_the_command_it_failed() -> None:
    window = [WindowLine(number, text) for number, text in enumerate(PHPCS_WARNING_ONLY.splitlines(), 1)]
    marker = ErrorRecord("job.log", SourceKind.RUNNER, "ERROR: Job failed: exit code 1", line_start=10, line_end=10)
    found = tail.cause(bytes_doc("job.log", b""), marker, "phpcs index.php", window)
    assert found is not None
    assert (found.line_start, found.message) == (7, "Expected MOODLE_INTERNAL check or config.php inclusion")
    assert found.location == Location("/vagrant/moodle/index.php", 25)
    assert found.severity is Severity.ERROR and found.tool_hint == "lint"
