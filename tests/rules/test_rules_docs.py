"""The examples in docs/rules.md load and behave as described."""

from __future__ import annotations

import re
from pathlib import Path

from classifier.model import Role
from classifier.rules.loader import load_rules
from classifier.rules.primary import choose_primary
from classifier.rules.taxonomy import load_taxonomy

from .helpers import REPO_ROOT, occurrence, record

DOC = REPO_ROOT / "docs" / "rules.md"


def test_doc_examples_load_and_classify(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) == 2
    taxonomy_file = tmp_path / "ci-gpu.toml"
    taxonomy_file.write_text(blocks[0])
    rules_file = tmp_path / "my-team.toml"
    rules_file.write_text(blocks[1])
    taxonomy = load_taxonomy(str(taxonomy_file))
    assert (taxonomy.name, taxonomy.extends) == ("ci-gpu", "ci")
    rules = load_rules([str(rules_file)], taxonomy)
    assert rules.version.startswith("my-team@4+ci-builtin@")
    gpu = rules.classify(record("RuntimeError", context=("CUDA error: no CUDA-capable device is detected",)), "")
    assert gpu is not None
    assert gpu.rule_id == "gpu.no_device"
    flaky = rules.classify(record("test_upload failed: Timeout after 30s", framework="pytest"), "")
    assert flaky is not None
    assert flaky.category == "flaky_test"
    builtin = rules.classify(record("[ERROR] App.java:[3,5] cannot find symbol"), "")
    assert builtin is not None
    assert builtin.category == "compilation_error"


def test_doc_primary_order() -> None:
    ci = load_taxonomy("ci")
    occs = [
        occurrence("t", "AssertionError", line=1),
        occurrence("s", "Tests run: 1, Failures: 1", role=Role.SYMPTOM, line=2),
        occurrence("d", "Could not resolve dependencies", line=3),
    ]
    chosen = choose_primary(occs, {"t": "assertion_failure", "s": "assertion_failure", "d": "dependency_error"}, ci)
    assert chosen is occs[2]
