"""The matcher table's regexes are compiled when first tried (extract/runners/lazy.py): the same matches as
`re.compile`, and every entry's syntax is checked here since import no longer compiles them."""

from __future__ import annotations

import re

import pytest

from classifier.extract.runners.lazy import LazyPattern
from classifier.extract.runners.table import M


def test_every_entry_compiles_with_its_flags() -> None:
    assert len(M) > 500
    for _needle, pattern, _builder, _search in M:
        compiled = re.compile(pattern.pattern, pattern.flags)
        assert compiled.pattern == pattern.pattern


# lines of real logs: a cargo error (rust-lang/cargo's docs), a Maven compiler error (BugSwarm's raphw/byte-buddy
# job 161164033 as the shared data folder has it), an npm error code
LINES = [
    "error[E0425]: cannot find value `x` in this scope",
    "[ERROR] /home/travis/build/raphw/byte-buddy/byte-buddy-dep/src/main/java/net/bytebuddy/asm/Advice.java:[4147,33] "
    "cannot find symbol",
    "npm ERR! code ELIFECYCLE",
]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_a_lazy_pattern_matches_and_searches_as_the_compiled_one(flags: int) -> None:
    source = r"(?P<word>error|err!)\W+(?P<rest>\S+)"
    for method in ("match", "search"):
        lazy, compiled = LazyPattern(source, flags), re.compile(source, flags)
        for line in [*LINES, "ERROR: x", ""]:
            got, want = getattr(lazy, method)(line), getattr(compiled, method)(line)
            assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))
        assert getattr(getattr(lazy, method), "__self__", None) == compiled  # now the compiled pattern's own


def test_a_bad_pattern_fails_at_its_first_use() -> None:
    lazy = LazyPattern("(unclosed")
    with pytest.raises(re.error):
        lazy.search("x")
