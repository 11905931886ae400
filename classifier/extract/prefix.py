"""One line-prefix stripper for every log style, applied before the line matchers (line numbers unchanged).

Strips, repeatedly from the start of a line (escapes and carriage-return progress are gone already):

* timestamps (Python logging's `- [thread - ][name - ]LEVEL - ` after one, its level kept; Zuul's `| host | `):
  ISO 8601 / RFC 3339 (`2025-02-13T09:58:31.520Z`, `2025-02-13 09:58:31,123 +0000`),
  RFC 2822 (`Thu, 13 Feb 2025 09:58:31 GMT`), syslog (`Feb 13 09:58:31`), bare `HH:MM:SS(.fff)`,
  Go's log package (`2009/11/10 23:00:00`), elapsed time in brackets (`[  12.345]`, `[12.3s]`, `[01:54]`) and the
  kernel's caller id after them (`[  12.345][ T123]`); glog/klog headers (`E0622 11:59:19.138728  18 f.go:48]`);
* bracketed task and tag prefixes around a timestamp: `[task 2025-02-13T09:58:31Z]` and
  `[taskcluster 2025-...]` (Taskcluster), `[2019-05-23T16:37:45.180Z]` (Jenkins timestamper), `[09:58:31]`;
* CI-system line prefixes: GitHub Actions and Azure Pipelines timestamps; TeamCity's `[12:00:01]W: [Step 1/2] `
  (status letter and block names, then spaces or the tabs of exported build logs); Google Cloud Build's
  `Step #2 - "id": `; Bamboo's `build<TAB>14-Sep-2016 05:16:12<TAB>` (also `error`, `simple` rows); Karma's
  `06 05 2020 17:29:29.203:` before its level; SAP piper's `error mavenBuild - `;
  MSBuild's node number of a parallel build (`6>`); a zero-padded line counter (LightBuildServer's `[00495] `);
  GitLab's per-line stream flags
  after a timestamp (`00O+`) and `section_start:` / `section_end:` markers; Travis `travis_fold:` and
  `travis_time:` markers; Buildkite `~~~` / `---` / `+++` headers keep their text (their `\\e_bk;t=` stamp is
  an escape sequence, removed with the ANSI codes);
* 0-day CI's `>> ` before each new error of its kernel build reports; a Nix build's `pname> ` before each line of
  its builder's log (`llvm> FAIL: ...`);
* nektos/act's `[Workflow/job] `; the box-drawing gutter around Terraform's diagnostics (`│ Error: ...`, `╷`,
  `╵`) and nix-output-monitor's (`┃ error: ...`); the `       > ` gutter of Nix's quote of a failed builder's
  last log lines (seven spaces, under its `error: `; Gradle's `> cause` lines nest by three); a tool's own level
  tag (Taskcluster's `[taskcluster:error] `, kept in `Stripped.level`); the `| ` gutter of nektos/act's step
  output and of Buildkite's copied log view (one space after the bar, so never
  rustc's or GHC's code frame `  |     ^^^ msg`; no other ` | ` column, so never a table row);
  AWS CodeBuild's `[Container] 2018/02/02 22:24:57 ` (also indented); Tekton's `[task : step] ` (`tkn pipelinerun
  logs`);
  xcpretty's `▸ ` step marker (fastlane's `[15:48:30]: ▸ `); fastlane's CI layout, level then timestamp
  (`INFO [2022-02-17 12:24:11.47]: ▸ `, the level kept in `Stripped.level`); a stream's label before the
  first line a command printed there (Jenkins' git client: `stderr: fatal: unable to access ...`);
* mochitest's message counter and level (`17 INFO TEST-UNEXPECTED-FAIL | ...`); mach's and mozlog's elapsed
  time (` 0:08.68 ERROR: x`); Gecko's `GECKO(3472) | `, `[Child 37064] ` and wptrunner's `pid:2456 `;
* level words followed by a separator or a logger: `INFO -`, `ERROR org.x.Y - `, `[main] WARN c.a.B - `,
  `DEBUG util.py:459:`, `INFO:root:`, `WARNING [setup.py:12]`, a script's `[setup.sh:203] INFO: `, mock's `DEBUG: `
  before the build output it logs, logrus' `ERRO[2021-04-14T16:12:50Z] ` (OpenShift's ci-operator) and `INFO[0000] `
  (kept in `Stripped.level`);
* a GitHub Actions mark whose `]` the runner masked as a secret (`##[error***msg` read as `##[error]msg`);
* Gradle's `--debug`/`--info` level and logger after its timestamp (`[ERROR] [org.gradle.BuildExceptionReporter] `,
  `[LIFECYCLE] [class org.gradle.TaskExecutionLogger] `; the level kept in `Stripped.level`).

A bracketed level tag (`[INFO]`, `[error]`, `[warn]`) is not stripped from the text the matchers see first
(Maven and sbt matchers read it); `Stripped.bare` is the text without it, tried when the first finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifier.fastinit import fast_init

_ISO = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d|UTC|GMT))?"
_CLOCK = r"\d\d?:\d\d:\d\d(?:[.,]\d+)?"
_RFC2822 = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d(?: [+-]\d{4}| GMT| UTC)?"
_SYSLOG = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d"
_GOLOG = rf"\d{{4}}/\d\d/\d\d {_CLOCK}"  # Go's log package: 2009/11/10 23:00:00
_TS = rf"(?:{_ISO}|{_RFC2822}|{_SYSLOG}|{_GOLOG}|{_CLOCK})"
_LEVEL = r"(?:TRACE|DEBUG|INFO|NOTICE|VERBOSE|WARN|WARNING|ERROR|CRITICAL|FATAL|SEVERE)"
_FILE_LOGGER = r"(?:[\w.$-]+\.\w+:\d+:|\[[\w./-]+:\d+\])"  # util.py:459:  [setup.py:12]

_PREFIX = re.compile(
    "|".join(
        (
            # a timestamp (GitLab: stream flags after it; Python logging's `asctime - [name - ]levelname - `; Zuul's
            # job-output.txt: `2021-04-01 15:01:30.113180 | host | text`, the host left out on the executor's lines)
            rf"(?P<ts>{_TS})(?: \d\d[OE]\+?(?= ))?(?: - (?:[\w.]{{1,60}} - ){{0,2}}(?P<level11>{_LEVEL}) {{1,2}}-)?"
            r"(?: \|(?: [\w.-]{1,80} \|)?(?= ))?(?: |\t|$)",
            # logrus' text formatter (ci-operator, kaniko, Drone): `ERRO[2021-04-14T16:12:50Z] msg`, `INFO[0000] msg`
            r"(?P<logrus>TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)"
            r"\[(?:\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?|\d{4,})\] *",
            # TeamCity: [17:31:52]W:  [Step 2/2] [docker] text (a status letter, then nested block names)
            rf"\[(?P<tcts>{_CLOCK})\](?:[WEiF ]?:)?[ \t]*"
            rf"(?:\[(?!(?i:{_LEVEL}|success)\])[^\]\n]{{1,60}}\][ \t]+)*(?=\S)",
            # [task 2025-...Z]  [2019-...Z]  [09:58:31]; indented under a Bitrise step's box (`  [19:01:19]: ▸ x`)
            rf" *\[(?:[\w.-]+ +)?(?P<bts>{_TS})\]:? ?",
            r'Step #\d+(?: - "[^"\n]*")?: ',  # Google Cloud Build: Step #2 - "tf plan": text
            # Atlassian Bamboo's build log: `build<TAB>14-Sep-2016 05:16:12<TAB>text` (the row's type: `build` for
            # stdout, `error` for stderr, `simple` and `command` for Bamboo's own lines; the month in the server's
            # language: `14-сен-2016`)
            r"(?:build|error|simple|command)\t(?P<bmts>\d\d-[^\W\d_]{3,4}\.?-\d{4} \d\d:\d\d:\d\d)(?:\t|$)",
            # Karma's log4js DATE layout before its level: `06 05 2020 17:29:29.203:ERROR [launcher]: x`
            rf"(?P<kts>\d\d \d\d \d{{4}} {_CLOCK}):(?={_LEVEL}\b)",
            r" *\d{1,4}>(?![>&=/])",  # MSBuild's node number in a parallel build: 6>text (not a shell's 2>&1)
            r"\[ *\d+(?:\.\d+)?m?s\] ?",  # [  12.345s]  [12ms]
            r"\[0\d{3,8}\] (?=\S)",  # a build server's zero-padded line counter: LightBuildServer's `[00495] text`
            r"\[\d{1,3}:\d\d(?:\.\d+)?\] (?=\S)",  # elapsed minutes and seconds: `[01:54] ERROR: x` (LAVA)
            r"\[ *\d+\.\d+\](?:\[ *[TC]\d+\])? ?",  # [   12.345678] (kernel), [  T123] its caller id
            # glog/klog: I0622 11:59:19.138728   18712 file.go:48] (the letter is the level)
            r"(?P<glog>[IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ [\w.-]+:\d+\] ",
            r"travis_(?:fold|time):[\w:.,=-]*\s*",  # travis_time:end:id:start=1,finish=2,duration=1
            # the box gutter Terraform (>= 0.15) draws around a diagnostic; nix-output-monitor's `┃ ` before the
            # lines of its error block (`┃ error: builder for ...`, `┃        > msg`)
            r"[│╷╵┃] ?",
            # Nix's quote of a failed builder's log (`last 10 log lines:`), indented under its `error: `; never
            # Gradle's nested causes (`> x`, `   > y`: three spaces a level)
            r" {7}>(?: |$)",
            # 0-day CI's (kernel test robot) mark of a new error in its report (`>> x.c:3:5: error: y`); a Nix
            # build's package name before each line of its builder's log (`nix-build --log-format bar-with-logs`:
            # `llvm> FAIL: ...`); never MSBuild's node number (`6>`), a shell's `>>` redirection or Gradle's `> x`
            r">> (?=\S)|[a-z][\w.+-]{0,59}> (?=\S)",
            r"\[[\w .-]{1,60}/[\w .-]{1,60}\] +(?=\S)",  # nektos/act: `[Workflow name/job id] text`
            # nektos/act's step output and Buildkite's copied log view: `| text`, `  | text` (not a table row)
            # (one space after the bar: rustc's and GHC's code frames indent under it, `  |     ^^^ msg`)
            r"[ \t]*\|[ ](?=[^\s^~|-])(?!.*[ \t]\|(?:[ \t]|$))",
            # AWS CodeBuild: `[Container] 2018/02/02 22:24:57 text` (a bracketed source, then its timestamp)
            rf"[ \t]*\[(?!(?i:{_LEVEL}|success)\])[A-Z][\w-]{{1,20}}\] (?={_TS})",  # also indented as pasted
            r"section_(?:start|end):\d+:[\w.\-\[\]=,]*\s*",
            rf"\d{{1,9}} (?P<level6>{_LEVEL}) (?=\S)",  # mochitest's message counter and level: `17 INFO text`
            # mach and mozlog's elapsed time, then a level word: ` 0:08.68 ERROR: x`, `90:45.12 make: ***`
            rf" *\d{{1,4}}:\d\d\.\d\d (?:(?P<level7>{_LEVEL}):? )?(?=\S)",
            # Gecko's output under mozharness (`GECKO(3472) | `), its process tag (`[Child 37064] `,
            # `[Parent 1234, Main Thread] `), wptrunner's browser output (`pid:2456 `)
            r"[A-Z][A-Z0-9_]{1,15}\(\d+\) \| |\[[A-Z][a-z]{2,10} \d+(?:, [^\]\n]{1,40})?\] |pid:\d+ (?=\S)",
            # a tool's own level tag: Taskcluster workers' `[taskcluster:error] `, `[vcs:warn] `
            r"\[[\w.-]{1,40}:(?P<level5>error|exception|fatal|warn|warning|info|debug)\] ?",
            r"\[[\w.-]{1,60} : [\w.-]{1,60}\] ",  # Tekton's `tkn ... logs`: `[task : step] text`
            # fastlane's log layout on CI: `INFO [2022-02-17 12:24:11.47]: ` (its level, then its timestamp)
            rf"(?P<level8>{_LEVEL}) \[(?P<fts>{_ISO})\]: ",
            r"▸ +",  # xcpretty's step marker (fastlane, xcodebuild | xcpretty)
            # a stream's label before its first line: Jenkins' git client `stderr: fatal: unable to access ...`
            r"std(?:err|out): (?=\S)",
            # INFO -   ERROR org.x.Y -   [main] WARN c.a.B -   (mozharness, log4j/logback/slf4j patterns)
            rf"\s*(?:\[[\w .:/@-]{{1,40}}\]\s+)?(?P<level>{_LEVEL})\s+(?:[\w.$@-]+\s+)?- {{1,2}}",
            # lower-case level and a logger: `error mavenBuild - [ERROR] ...` (SAP piper)
            r"(?P<level4>info|warn|warning|error|debug|fatal) +[\w.$@-]+ - ",
            # mock's console, which logs the build's output at its DEBUG level: `DEBUG: ../x.c:3:1: error: y`
            r"(?P<level10>DEBUG): (?=\S)",
            # DEBUG util.py:459:   INFO:root:   WARNING [setup.py:12]
            rf"\s*(?P<level2>{_LEVEL})(?::(?:{_FILE_LOGGER}|[\w.]+:) {{0,2}}|\s+{_FILE_LOGGER} {{1,2}})",
            # a shell script's own logger: `[setup.sh:203] INFO: text` (its file and line, then its level)
            rf"\[[\w./-]+\.\w+:\d+\] (?P<level9>{_LEVEL}):? +(?=\S)",
            # Chromium/absl: [pid:tid:MMDD/HHMMSS.us:ERROR:file.cc(12)]; Electron: [pid:MMDD/HHMMSS.us:INFO:CONSOLE(8)]
            rf"\[(?:\d+:(?:\d+:)?\d{{4}}/\d{{6}}(?:\.\d+)?:)?(?P<level3>{_LEVEL}|VERBOSE\d):[\w./-]+\(\d+\)\] ?",
        )
    )
)
# A log's `nl` artifact (Travis macOS logs of some jobs: the literal `nl` before a line's text, alone on an
# empty line): `nlThe command "x" exited with 1.`, `nl      AssertionError: ...`; never a word (`nlohmann`)
NL_ARTIFACT = re.compile(r"nl(?=$|[\s@>*\[]|[A-Z]|[^\x00-\x7f])")
_LEVEL_TAG = re.compile(r"\[(?P<tag>INFO|WARNING|WARN|ERROR|DEBUG|info|warn|warning|error|debug|success)\]\s*")
_GLOG = {"I": "INFO", "W": "WARNING", "E": "ERROR", "F": "FATAL"}
_LOGRUS = {  # logrus' four-letter levels
    "TRAC": "TRACE",
    "DEBU": "DEBUG",
    "INFO": "INFO",
    "WARN": "WARNING",
    "ERRO": "ERROR",
    "FATA": "FATAL",
    "PANI": "FATAL",
}
_TOOL_LEVEL = {"exception": "ERROR", "warn": "WARNING"}  # else the tag's own word, upper-cased below
# Gradle's --debug / --info layout after its timestamp: `[ERROR] [org.gradle.BuildExceptionReporter] text`,
# `[LIFECYCLE] [class org.gradle.TaskExecutionLogger] :app:x FAILED` (a level, then a dotted logger name)
_GRADLE_LOGGER = re.compile(
    r"\[(?P<level>DEBUG|INFO|LIFECYCLE|QUIET|WARN|ERROR)\] \[(?:class )?[\w$]+(?:\.[\w$]+)+\] ?"
)
_GRADLE_LEVEL = {"LIFECYCLE": "INFO", "QUIET": "INFO", "WARN": "WARNING"}
# the same lines indented as a whole (pasted into an issue): `    14:20:12.474 [ERROR] [org.gradle.X] msg`
_INDENTED_GRADLE = re.compile(rf"[ \t]+(?={_TS} \[(?:DEBUG|INFO|LIFECYCLE|QUIET|WARN|ERROR)\] \[(?:class )?[\w$]+\.)")
# a GitHub Actions mark whose `]` the runner masked as a secret (a secret's value was `]`): `##[error***x`
_MASKED_MARK = re.compile(r"^##\[(?P<tag>group|endgroup|error|warning|notice|debug|section|command)\*\*\*")
MAX_STRIPS = 4  # prefixes stacked on one line: `[task ts] 09:58:31     INFO -  text`


@fast_init
@dataclass(frozen=True, slots=True)
class Stripped:
    """A line without its prefixes: the text, the first timestamp, the level word, the text without a tag."""

    text: str
    timestamp: str = ""
    level: str = ""
    bare: str = ""


def unmask_mark(text: str) -> str:
    """A GitHub Actions mark whose `]` the runner masked as a secret (`##[error***msg`) as it was written."""
    if text[:3] == "##[" and "***" in text[:16]:
        return _MASKED_MARK.sub(r"##[\g<tag>]", text, count=1)
    return text


def strip_prefix(text: str) -> Stripped:
    """`text` without the log-system prefixes it starts with."""
    timestamp = ""
    level = ""
    if text[:1] in " \t" and "] [" in text:
        indent = _INDENTED_GRADLE.match(text)
        text = text[indent.end() :] if indent else text
    for _ in range(MAX_STRIPS):
        m = _PREFIX.match(text)
        if m is None or m.end() == 0:
            break
        timestamp = timestamp or m.group("ts") or m.group("bts") or m.group("tcts") or m.group("kts") or ""
        timestamp = timestamp or m.group("fts") or m.group("bmts") or ""
        level = level or m.group("level") or m.group("level2") or m.group("level3") or m.group("level4") or ""
        level = level or m.group("level6") or m.group("level7") or m.group("level8") or m.group("level9") or ""
        level = level or m.group("level10") or m.group("level11") or _LOGRUS.get(m.group("logrus") or "", "")
        tag = m.group("level5")
        level = level or (_TOOL_LEVEL.get(tag, tag) if tag else "")
        level = level or _GLOG.get(m.group("glog"), "")
        text = text[m.end() :]
    text = unmask_mark(text)
    gradle = _GRADLE_LOGGER.match(text) if text[:1] == "[" else None
    if gradle is not None:
        tag_level = gradle.group("level")
        level = level or _GRADLE_LEVEL.get(tag_level, tag_level)
        text = text[gradle.end() :]
    tag = _LEVEL_TAG.match(text)
    bare = text[tag.end() :] if tag else text
    if tag and not level:
        level = tag.group("tag").upper()
    return Stripped(text, timestamp, level.upper(), bare)
