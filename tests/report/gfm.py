"""GitHub-flavoured rendering for tests: cmark-gfm (GitHub's own parser) with raw HTML let through, as
GitHub's pipeline does before its sanitiser, so anything that would reach the page shows up here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9][\w-]*(?:/[\w-]+)?")
AUTOLINK = re.compile(r"(?i)\b(?:https?://|www\.)")


def to_html(markdown: str) -> str:
    html: str = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return html


@dataclass
class Page(HTMLParser):
    """Tags, links and the text outside <code>/<pre> of rendered HTML."""

    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # text outside code
    code: list[str] = field(default_factory=list)  # text inside code
    headings: list[str] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)  # all text in document order
    _in_code: int = 0
    _in_heading: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag in {"code", "pre"}:
            self._in_code += 1
        if tag in {"h2", "h3", "h4"}:
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"code", "pre"}:
            self._in_code -= 1
        if tag in {"h2", "h3", "h4"}:
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        (self.code if self._in_code else self.text).append(data)
        self.visible.append(data)
        if self._in_heading:
            self.headings[-1] += data

    @property
    def prose(self) -> str:
        return "".join(self.text)


def render(markdown: str) -> Page:
    page = Page()
    page.feed(to_html(markdown))
    return page


def visible_text(markdown: str) -> str:
    """What a reader sees: the text of the rendered page, code and prose in order."""
    return "".join(render(markdown).visible)
