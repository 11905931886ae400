"""Screenshots of the job summary and the PR comment for a realistic failed run (docs/summary.png,
docs/pr-comment.png). Not part of `make test`: it needs Chromium (Debian package `chromium`) and, for
GitHub's Markdown stylesheet, npm (`npm pack github-markdown-css`; a small built-in stylesheet otherwise).

The run is served by the loopback GitHub API of the tests (tests/servers/github_api.py) with the logs and
reports of `examples/failed-run/`; the model is the loopback Anthropic API with fixed answers. The action
runs twice, as a Docker action would (`entrypoint.main` with a runner's environment): once for an earlier
run on main (so the store has history), then for the pull request's run, with `pr_comment: true`. The
Markdown is rendered with cmark-gfm (GitHub's parser) and photographed in headless Chromium.

    .venv/bin/python scripts/screenshots.py            # writes docs/summary.png and docs/pr-comment.png
    .venv/bin/python scripts/screenshots.py --keep out # also keeps the Markdown and HTML there
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cmarkgfm  # noqa: E402
from cmarkgfm.cmark import Options  # noqa: E402

import entrypoint  # noqa: E402
from tests.servers.anthropic_api import FakeAnthropic, keyword_responder  # noqa: E402
from tests.servers.github_api import FakeGitHub  # noqa: E402

EXAMPLE = ROOT / "examples" / "failed-run"
SHA = "3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d"
ANSWERS = {  # needle in the failure's lines -> (category, summary, suggested fix)
    "seat": (
        "configuration_error",
        "The signing step could not check out a licence: the licence server has no free seat for this runner.",
        "Release stale seats on the licence server or raise the seat count; the runner pool grew to 12 machines.",
    ),
}
SIGNING_LOG = "\n".join(
    f"2026-03-02T09:20:{second:02d}.0000000Z {line}"
    for second, line in enumerate(
        [
            "Current runner version: '2.321.0'",
            "##[group]Run actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
            "##[endgroup]",
            "##[group]Run ./scripts/sign-release.sh dist/",
            "./scripts/sign-release.sh dist/",
            "##[endgroup]",
            "Signing 4 artifacts with profile 'release'",
            "codesign-agent: contacting licence server lic.corp.example:27000",
            "Error: licence seat request for feature 'SIGN_PRO' denied by lic.corp.example:27000 (0 of 10 seats free)",
            "##[error]Process completed with exit code 71.",
        ]
    )
).encode()
WIDTH = 1012
FALLBACK_CSS = """
.markdown-body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;
font-size:14px;line-height:1.5;color:#1f2328}
.markdown-body h2{font-size:1.5em;border-bottom:1px solid #d1d9e0b3;padding-bottom:.3em}
.markdown-body h3{font-size:1.25em}.markdown-body code{background:#818b981f;border-radius:6px;padding:.2em .4em;
font-size:85%}.markdown-body pre{background:#f6f8fa;padding:16px;border-radius:6px}.markdown-body a{color:#0969da}
"""
PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
body{{margin:0;background:#f6f8fa;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,
sans-serif}}
.frame{{margin:16px;background:#fff;border:1px solid #d1d9e0;border-radius:6px}}
.bar{{padding:10px 16px;border-bottom:1px solid #d1d9e0;background:#f6f8fa;border-radius:6px 6px 0 0;font-size:14px;
color:#59636e}}.bar b{{color:#1f2328}}
.markdown-body{{padding:16px 24px 8px 24px}}
</style></head><body><div class="frame"><div class="bar">{bar}</div><article class="markdown-body">{body}</article>
</div></body></html>"""


def responder(body: dict[str, Any]) -> dict[str, Any] | str:
    """The keyword stand-in model, with a written explanation and fix for the failures we know."""
    answer = keyword_responder(body)
    if not isinstance(answer, dict):
        return answer
    data = body["messages"][-1]["content"]
    text = data if isinstance(data, str) else "".join(block.get("text", "") for block in data)
    for item in answer["classifications"]:
        item["summary"], item["suggested_fix"] = "", ""
        for needle, (category, summary, fix) in ANSWERS.items():
            if needle in text:
                item["category"], item["summary"], item["suggested_fix"] = category, summary, fix
    return answer


def _reports_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((EXAMPLE / "test-results").iterdir()):
            archive.writestr(path.name, path.read_bytes())
    return buffer.getvalue()


STEP_OPENING = re.compile(
    r"^(\S+) (?:##\[group\](Run .*)|(Current runner version)|(Post job cleanup\.)|(Cleaning up orphan))"
)


def steps_of(log: bytes, failed: str) -> list[dict[str, Any]]:
    """The jobs API's `steps` for an example log, as GitHub would list them: one per step the log opens
    (setup, `##[group]Run …`, post steps, "Complete job"), started at its opening line's second; the step
    named `failed` failed."""
    steps: list[dict[str, Any]] = []
    for line in log.decode("utf-8", "replace").splitlines():
        found = STEP_OPENING.match(line)
        if found is None:
            continue
        stamp, run, setup, post, _complete = found.groups()
        name = "Set up job" if setup else run or ("Post job cleanup" if post else "Complete job")
        conclusion = "failure" if name == failed else "success"
        at = stamp[:19] + "Z"
        steps.append({"name": name, "status": "completed", "conclusion": conclusion, "number": len(steps) + 1,
                      "started_at": at, "completed_at": at})  # fmt: skip
    return steps


def as_job_log(output: bytes, command: str, started: str) -> bytes:
    """A tool's plain output as the jobs API serves a job log: timestamped, after "Set up job", in the step
    that ran `command`, ending with the runner's exit-code error."""
    lines = [
        "Current runner version: '2.321.0'",
        f"##[group]Run {command}",
        "##[endgroup]",
        *output.decode("utf-8", "replace").splitlines(),
        "##[error]Process completed with exit code 1.",
    ]
    return "".join(f"{started}.{i:07d}Z {line}\n" for i, line in enumerate(lines)).encode()


def _serve(gh: FakeGitHub) -> None:
    tests_log = (EXAMPLE / "logs" / "test (3.11).txt").read_bytes()
    build = "docker build -t shop:ci ."
    build_log = as_job_log((EXAMPLE / "logs" / "docker-build.log").read_bytes(), build, "2026-03-02T09:14:05")
    build_step = f"Run {build}"
    pytest_step = "Run python -m pytest --junitxml=test-results/pytest-unit.xml -q"
    sign_step = "Run ./scripts/sign-release.sh dist/"
    gh.add_run(990, branch="main", sha="9" * 40, name="CI")
    gh.add_job(990, 31, "docker-build", log=build_log, failed_step=build_step, steps=steps_of(build_log, build_step))
    gh.add_run(1001, event="pull_request", branch="discounts", sha=SHA, prs=(7,), name="CI")
    gh.add_job(1001, 41, "test (3.11)", log=tests_log, failed_step=pytest_step, steps=steps_of(tests_log, pytest_step))
    gh.add_job(1001, 42, "docker-build", log=build_log, failed_step=build_step, steps=steps_of(build_log, build_step))
    gh.add_job(1001, 43, "lint", conclusion="success")
    gh.add_job(1001, 44, "sign-release", log=SIGNING_LOG, failed_step=sign_step, steps=steps_of(SIGNING_LOG, sign_step))
    gh.state.artifacts[1001] = [("test-results", _reports_zip())]


def _env(work: Path, gh: FakeGitHub, model: FakeAnthropic, run_id: int, **inputs: str) -> dict[str, str]:
    event = work / f"event-{run_id}.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}} if run_id == 1001 else {}))
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(work),
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_EVENT_NAME": "pull_request" if run_id == 1001 else "push",
        "GITHUB_STEP_SUMMARY": str(work / f"summary-{run_id}.md"),
        "GITHUB_OUTPUT": str(work / f"output-{run_id}.txt"),
        "GITHUB_REPOSITORY": "octo/app",
        "GITHUB_RUN_ID": str(run_id),
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_API_URL": gh.url,
        "GITHUB_SERVER_URL": "https://github.com",
        "INPUT_GITHUB_TOKEN": "ghs_screenshot",
        "INPUT_DB_PATH": str(work / "state" / "classifier.db"),
        "INPUT_OUTPUT_DIR": str(work / "out"),
        "INPUT_ANTHROPIC_API_KEY": "sk-ant-screenshot",
        "INPUT_API_BASE_URL": model.url,
        "INPUT_ARTIFACT_PATTERNS": "test-results*",
    }
    env.update({f"INPUT_{name.upper()}": value for name, value in inputs.items()})
    return env


def run_action(work: Path) -> tuple[str, str]:
    """The summary and the PR comment of the pull request's run."""
    with FakeGitHub() as gh, FakeAnthropic(responder) as model:
        _serve(gh)
        quiet = io.StringIO()
        entrypoint.main(_env(work, gh, model, 990), quiet)
        entrypoint.main(_env(work, gh, model, 1001, pr_comment="true"), quiet)
        summary = (work / "summary-1001.md").read_text(encoding="utf-8")
        comments = gh.state.comments.get(7, [])
        comment = str(comments[-1]["body"]) if comments else ""
    return summary, comment


def stylesheet(work: Path) -> str:
    """GitHub's Markdown stylesheet (npm package github-markdown-css), or a small stand-in."""
    npm = shutil.which("npm")
    if npm:
        done = subprocess.run(
            [npm, "pack", "--silent", "github-markdown-css@5"], cwd=work, capture_output=True, text=True, check=False
        )
        tarballs = sorted(work.glob("github-markdown-css-*.tgz"))
        if done.returncode == 0 and tarballs:
            with tarfile.open(tarballs[0]) as archive:
                member = archive.extractfile("package/github-markdown-light.css")
                if member is not None:
                    return member.read().decode()
    print("screenshots: github-markdown-css not available, using a built-in stylesheet", file=sys.stderr)
    return FALLBACK_CSS


def page(markdown: str, bar: str, css: str) -> str:
    body = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return PAGE.format(css=css, bar=bar, body=body)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("screenshots: Chromium not found (apt-get install -y chromium)")


def _flags(profile: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]


def page_height(browser: str, html_path: Path, profile: Path) -> int:
    """The rendered page's height: a script writes it into the title, read back from --dump-dom."""
    probe = html_path.with_suffix(".probe.html")
    script = "<script>document.title='H'+document.documentElement.scrollHeight</script>"
    probe.write_text(html_path.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [browser, *_flags(profile), f"--window-size={WIDTH},800", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    probe.unlink()
    found = re.search(r"<title>H(\d+)</title>", done.stdout)
    return int(found.group(1)) if found else 2400


def shoot(browser: str, html_path: Path, png: Path, profile: Path) -> None:
    height = page_height(browser, html_path, profile)
    subprocess.run(
        [browser, *_flags(profile), f"--window-size={WIDTH},{height}", f"--screenshot={png}", html_path.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    shown = png.relative_to(ROOT) if png.is_relative_to(ROOT) else png
    print(f"screenshots: {shown} ({WIDTH}x{height})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="also write the Markdown and HTML to this folder")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the PNGs go (default: docs/)")
    args = parser.parse_args()
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="ci-classify-shots-") as temp:
        work = Path(temp)
        summary, comment = run_action(work)
        css = stylesheet(work)
        shots = {
            "summary": (summary, "<b>Classify failures</b> summary"),
            "pr-comment": (comment, "<b>github-actions</b> <i>bot</i> commented"),
        }
        for name, (markdown, bar) in shots.items():
            html_path = work / f"{name}.html"
            rendered = page(markdown, bar, css)
            if name == "summary":  # show what a fold holds: the first one open
                rendered = rendered.replace("<details>", "<details open>", 1)
            html_path.write_text(rendered, encoding="utf-8")
            shoot(browser, html_path, args.out / f"{name}.png", work / "profile")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{name}.md").write_text(markdown, encoding="utf-8")
                shutil.copy(html_path, args.keep / f"{name}.html")
    print("screenshots: " + html.escape("done"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
