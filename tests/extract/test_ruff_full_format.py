"""ruff's full output format: the finding (`F401 [*] msg`) over its ` --> path:line:col` line and a code frame.

The location line takes its finding from the line above (runners/checkers.py `message_above`), like cfn-lint's;
the code frame's lines are no findings of their own.
"""

from __future__ import annotations

from pathlib import Path

from classifier.extract import extract_document
from classifier.model import Problem
from classifier.sources.files import iter_documents
from tests.link.test_jobs import run, write

# a project's setup notes quoting `ruff check` on its generated docs/conf.py (read_file id 65805015366)
RUFF = """UP009 [*] UTF-8 encoding declaration is unnecessary
 --> docs/conf.py:1:1
  |
1 | # -*- coding: utf-8 -*-
  | ^^^^^^^^^^^^^^^^^^^^^^^
F401 [*] `os` imported but unused
  --> docs/conf.py:14:8
   |
14 | import os
   |        ^^
"""


def test_each_finding_is_located_with_its_code(tmp_path: Path) -> None:
    path = write(tmp_path, "job.log", RUFF)
    (doc,) = iter_documents([str(path)])
    assert not isinstance(doc, Problem)
    records = extract_document(doc).records
    assert [(r.code, r.message, r.line_start) for r in records] == [
        ("UP009", "UTF-8 encoding declaration is unnecessary", 2),
        ("F401", "`os` imported but unused", 7),
    ]
    assert [(r.location.file, r.location.line) for r in records if r.location] == [
        ("docs/conf.py", 1),
        ("docs/conf.py", 14),
    ]
    (job,) = run([path], tmp_path).jobs
    assert job.failures[0].root.record.code == "UP009"
    assert {f.classification.category for f in job.failures} == {"lint_error"}
