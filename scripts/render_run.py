"""What the run page would show for ANY logs: the job summary, the PR comment, the annotations and the text
report, rendered as GitHub renders them (cmark-gfm, then headless Chromium for PNGs). Not part of `make test`.

Each log file given (a folder gives its files, sorted) becomes one failed job of a pull request's run on the
loopback GitHub API of the tests (tests/servers/github_api.py); the action runs once on it as a Docker action
would (`entrypoint.main` with a runner's environment, rules only, `pr_comment: true`). A log that is not
already a GitHub job log (timestamped lines) is wrapped as one: timestamps, a `Run ./ci.sh` step and the
runner's exit-code error, as `screenshots.as_job_log` does. The text report is `ci-classify analyze` of the
files as given.

    .venv/bin/python scripts/render_run.py LOG_OR_FOLDER... --out /tmp/run        # Markdown, HTML, text
    .venv/bin/python scripts/render_run.py LOG... --out /tmp/run --png            # and PNGs of each page
    .venv/bin/python scripts/render_run.py FOLDER --limit 30 --out /tmp/big --png # a big run
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import screenshots  # noqa: E402

import entrypoint  # noqa: E402
from tests.servers.github_api import FakeGitHub  # noqa: E402

GHA_LINE = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ")
# `gh run view --log-failed`: `job<TAB>step<TAB>` before the timestamp (pasted, the tabs become spaces)
LOG_FAILED = re.compile(
    rb"(?m)^(?:[^\t\n]*\t[^\t\n]*\t(?=\d{4}-\d\d-\d\dT)|\S[^\t\n]{0,460}? {2,}(?=\d{4}-\d\d-\d\dT[\d:]{8}\.\d{7}Z))"
)
COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")
ANNOTATIONS_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;background:#f6f8fa;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,
sans-serif;font-size:14px;color:#1f2328}}
.frame{{margin:16px;background:#fff;border:1px solid #d1d9e0;border-radius:6px}}
.bar{{padding:10px 16px;border-bottom:1px solid #d1d9e0;background:#f6f8fa;font-weight:600}}
.a{{padding:8px 16px;border-top:1px solid #d1d9e0;display:flex;gap:8px}}
.i{{width:16px;flex:none}}.error .i{{color:#d1242f}}.warning .i{{color:#9a6700}}.notice .i{{color:#59636e}}
.t{{font-weight:600}}.w{{color:#59636e;font-size:12px}}.m{{white-space:pre-wrap;font-family:ui-monospace,SFMono-Regular,
Menlo,monospace;font-size:12px;margin-top:4px}}
</style></head><body><div class="frame"><div class="bar">Annotations <span class="w">{counts}</span></div>{items}
</div></body></html>"""
ICONS = {"error": "✖", "warning": "⚠", "notice": "ⓘ"}


def logs_of(paths: list[Path], limit: int) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found[:limit] if limit else found


def job_log(path: Path, index: int) -> tuple[bytes, str]:
    """The log as the jobs API would serve it, and its failed step's name."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    data = LOG_FAILED.sub(b"", raw)  # back to the job log it was printed from
    if GHA_LINE.match(data):
        steps = screenshots.steps_of(data, "")
        failed = next((s["name"] for s in reversed(steps) if s["name"].startswith("Run ")), "Run tests")
        return data, failed
    started = f"2026-03-02T09:{index % 60:02d}:05"
    return screenshots.as_job_log(data, "./ci.sh", started), "Run ./ci.sh"


def serve(gh: FakeGitHub, logs: list[Path]) -> None:
    gh.add_run(1001, event="pull_request", branch="feature", sha=screenshots.SHA, prs=(7,), name="CI")
    names: set[str] = set()
    for index, path in enumerate(logs):
        log, failed = job_log(path, index)
        name = path.name.removesuffix(".gz").removesuffix(".log").removesuffix(".txt")
        while name in names:
            name += "'"
        names.add(name)
        steps = screenshots.steps_of(log, failed)
        gh.add_job(1001, 100 + index, name, log=log, failed_step=failed, steps=steps or None)


def run_action(work: Path, logs: list[Path]) -> tuple[str, str, list[str]]:
    """The summary, the PR comment and the workflow-command lines of the run."""
    with FakeGitHub() as gh:
        serve(gh, logs)
        stdout = io.StringIO()
        env = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(work),
            "GITHUB_EVENT_PATH": str(work / "event.json"),
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_STEP_SUMMARY": str(work / "summary.md"),
            "GITHUB_OUTPUT": str(work / "output.txt"),
            "GITHUB_REPOSITORY": "octo/app",
            "GITHUB_RUN_ID": "1001",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_API_URL": gh.url,
            "GITHUB_SERVER_URL": "https://github.com",
            "INPUT_GITHUB_TOKEN": "ghs_render",
            "INPUT_DB_PATH": str(work / "state" / "classifier.db"),
            "INPUT_OUTPUT_DIR": str(work / "out"),
            "INPUT_PR_COMMENT": "true",
        }
        (work / "event.json").write_text('{"pull_request": {"number": 7}}')
        entrypoint.main(env, stdout)
        summary = (work / "summary.md").read_text(encoding="utf-8") if (work / "summary.md").exists() else ""
        comments = gh.state.comments.get(7, [])
        comment = str(comments[-1]["body"]) if comments else ""
    commands = [line for line in stdout.getvalue().splitlines() if COMMAND.match(line)]
    return summary, comment, commands


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def annotations_page(commands: list[str]) -> str:
    """The annotations box of a run page: icon, title, message, file and line."""
    items, counts = [], {"error": 0, "warning": 0, "notice": 0}
    for line in commands:
        found = COMMAND.match(line)
        if found is None or found.group(3).startswith("add-mask"):
            continue
        level, props, message = found.group(1), found.group(2) or "", found.group(3)
        counts[level] += 1
        fields = dict(part.split("=", 1) for part in props.split(",") if "=" in part)
        title = _unescape(fields.get("title", ""))
        where = _unescape(fields.get("file", ""))
        if "line" in fields:
            where += f"#L{fields['line']}"
        items.append(
            f'<div class="a {level}"><span class="i">{ICONS[level]}</span><div><div class="t">{html.escape(title)}'
            f'</div><div class="w">{html.escape(where or "(no file)")}</div><div class="m">'
            f"{html.escape(_unescape(message))}</div></div></div>"
        )
    said = ", ".join(f"{count} {level}" for level, count in counts.items() if count)
    return ANNOTATIONS_PAGE.format(counts=html.escape(said), items="".join(items))


def text_report(logs: list[Path], work: Path) -> str:
    command = [str(ROOT / ".venv" / "bin" / "ci-classify"), "analyze", *map(str, logs), "--no-llm", "-q"]
    done = subprocess.run(
        [*command, "--db", str(work / "text.db"), "--format", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path, help="log files or folders (one job per file)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the Markdown, HTML, text (and PNGs)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    parser.add_argument("--png", action="store_true", help="also photograph each page with headless Chromium")
    parser.add_argument("--open", action="store_true", help="show the folded <details> open")
    args = parser.parse_args()
    logs = logs_of(args.paths, args.limit)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ci-classify-render-") as temp:
        work = Path(temp)
        summary, comment, commands = run_action(work, logs)
        css = screenshots.stylesheet(work) if args.png else screenshots.FALLBACK_CSS
        pages = {
            "summary": screenshots.page(summary, "<b>Classify failures</b> summary", css),
            "pr-comment": screenshots.page(comment, "<b>github-actions</b> <i>bot</i> commented", css),
            "annotations": annotations_page(commands),
        }
        (args.out / "summary.md").write_text(summary, encoding="utf-8")
        (args.out / "pr-comment.md").write_text(comment, encoding="utf-8")
        (args.out / "annotations.txt").write_text("\n".join(commands) + "\n", encoding="utf-8")
        (args.out / "report.txt").write_text(text_report(logs, work), encoding="utf-8")
        print(
            f"render_run: {len(logs)} job(s); summary {len(summary.encode()):,} bytes, comment {len(comment):,} chars"
        )
        for name, rendered in pages.items():
            html_path = args.out / f"{name}.html"
            html_path.write_text(rendered.replace("<details>", "<details open>") if args.open else rendered, "utf-8")
            if args.png:
                browser = screenshots.chromium()
                screenshots.shoot(browser, html_path, args.out / f"{name}.png", work / "profile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
