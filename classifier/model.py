"""Frozen records shared by every pipeline stage.

The pipeline flows one way: sources -> extract -> normalise -> fingerprint -> group -> classify -> store ->
report/publish. Every stage takes and returns these types; no dicts or status strings cross modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from classifier.access import RunAccess
from classifier.escape import printable
from classifier.fastinit import fast_init

MAX_CONTEXT_LINES = 30  # a record's block (traceback, assertion diff), not only its line
MAX_MESSAGE_CHARS = 4000
FLAKY_HINT = "flaky"  # ErrorRecord.tool_hint of a test that passed on rerun


class Stream(StrEnum):
    """Which failure stream a record belongs to; it picks the taxonomy."""

    CI = "ci"
    LLM_API = "llm_api"
    DATA_PIPELINE = "data_pipeline"


class SourceKind(StrEnum):
    """The extractor (format) that produced a record. Part of the fingerprint."""

    JUNIT = "junit"
    GHA_LOG = "gha_log"
    BUILDKIT = "buildkit"
    RUNNER = "runner"  # compiler / test-runner / tool lines found in a raw log
    ANNOTATION = "annotation"
    PIPELINE_RECORD = "pipeline_record"
    API_ERROR = "api_error"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Role(StrEnum):
    """How a record relates to the failure: the cause, or a symptom of it (exit code, summary line)."""

    CAUSE = "cause"
    SYMPTOM = "symptom"


class ClassifiedBy(StrEnum):
    RULE = "rule"
    LLM = "llm"
    HUMAN = "human"
    CACHE = "cache"
    NONE = "none"


class Domain(StrEnum):
    CODE = "code"
    INFRASTRUCTURE = "infrastructure"
    UNKNOWN = "unknown"


@fast_init
@dataclass(frozen=True, slots=True)
class Location:
    """A position in the user's source tree (for annotations), not in the log."""

    file: str
    line: int | None = None
    column: int | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One extracted error, the single internal record every extractor emits."""

    source: str  # input path; zip members as "archive.zip!member/path"
    kind: SourceKind
    message: str
    line_start: int | None = None  # 1-based line range in the source
    line_end: int | None = None
    context: tuple[str, ...] = ()  # bounded, at most MAX_CONTEXT_LINES
    severity: Severity = Severity.ERROR
    role: Role = Role.CAUSE
    exception_type: str = ""
    test_id: str = ""  # e.g. "tests/test_x.py::TestA::test_b" or "pkg.Class.method"
    location: Location | None = None
    framework: str = ""  # pytest, go, cargo, maven, gradle, javac, gcc, tsc, eslint, jest, npm, buildkit ...
    tool_hint: str = ""  # finer evidence from the extractor, e.g. "checkstyle", "oom", "exit_code"
    job: str = ""
    step: str = ""
    timestamp: str = ""  # ISO 8601 when the source has one
    stream: Stream = Stream.CI
    # Structured error records (data-pipeline and LLM-provider streams)
    http_status: int | None = None
    code: str = ""
    provider: str = ""
    model: str = ""
    details: str = ""

    @property
    def passed_on_rerun(self) -> bool:
        """A test that failed, then passed when rerun (Surefire's `flakyFailure`): a warning, not a failure."""
        return self.tool_hint == FLAKY_HINT and self.severity is Severity.WARNING


@dataclass(frozen=True, slots=True)
class Problem:
    """Bad input, reported as data: which input, where, and what is wrong with it."""

    source: str
    message: str
    line: int | None = None
    kind: str = "input"  # input | unsupported | limit | fetch | classify | store

    def render(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return printable(f"{where}: {self.message}")  # one inert line: names come from inputs


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one extractor produced from one document."""

    records: tuple[ErrorRecord, ...] = ()
    problems: tuple[Problem, ...] = ()
    tests: TestTotals | None = None  # test counts, from test-report formats only


@fast_init
@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised message and the names of the masks that changed it."""

    text: str
    version: str
    masks_applied: tuple[str, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A stable identity: sha256 over separated components, 16 hex chars, explainable."""

    value: str
    version: str
    components: tuple[tuple[str, str], ...]  # (name, value) in hashing order
    dropped: tuple[tuple[str, str], ...] = ()  # (name, why) of parts left out; not hashed

    def explain(self) -> str:
        """Multi-line: what was hashed, in order, and what was left out and why."""
        lines = [f"fingerprint {self.version}:{self.value}"]
        lines += [f"  + {name}: {value!r}" for name, value in self.components]
        lines += [f"  - {name} dropped: {why}" for name, why in self.dropped]
        return "\n".join(lines)


@fast_init
@dataclass(frozen=True, slots=True)
class Occurrence:
    """An error record with its identity; one per extracted error."""

    record: ErrorRecord
    fingerprint: Fingerprint
    normalized: Normalized


@dataclass(frozen=True, slots=True)
class Group:
    """Occurrences that share a fingerprint (a tuple, or read back from disk: classifier/group.py)."""

    fingerprint: Fingerprint
    occurrences: Sequence[Occurrence]
    first_seen: str = ""
    last_seen: str = ""

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def representative(self) -> ErrorRecord:
        return self.occurrences[0].record

    def sample_messages(self, limit: int = 3) -> tuple[str, ...]:
        seen: list[str] = []
        for occ in self.occurrences:
            if occ.record.message not in seen:
                seen.append(occ.record.message)
            if len(seen) >= limit:
                break
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class TokenUsage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_creation_input_tokens + other.cache_creation_input_tokens,
            self.cache_read_input_tokens + other.cache_read_input_tokens,
            self.cost_usd + other.cost_usd,
        )


@dataclass(frozen=True, slots=True)
class Classification:
    """A label for one fingerprint under one taxonomy version."""

    fingerprint: str
    category: str
    domain: Domain
    confidence: float
    classified_by: ClassifiedBy
    taxonomy: str
    taxonomy_version: str
    ruleset_version: str = ""
    reasoning: str = ""  # which rule / why; for NONE: why unclassified
    rule_id: str = ""
    evidence: str = ""  # the line that decided it
    summary: str = ""  # one-sentence root cause
    suggested_fix: str = ""
    model: str = ""
    prompt_version: str = ""
    normalizer_version: str = ""
    classified_at: str = ""  # ISO 8601, set by the stage that has a clock
    usage: TokenUsage = field(default_factory=TokenUsage)

    @property
    def is_classified(self) -> bool:
        return self.classified_by is not ClassifiedBy.NONE


@dataclass(frozen=True, slots=True)
class FingerprintStats:
    """What the store knows of a fingerprint across runs."""

    fingerprint: str
    occurrence_count: int
    first_seen: str
    last_seen: str
    is_new: bool  # first seen in this analysis
    runs: int = 0  # distinct workflow runs it was seen in (this one included); 0 when the store cannot tell


@dataclass(frozen=True, slots=True)
class RunContext:
    """Where the analysed material came from; empty outside GitHub."""

    repository: str = ""
    workflow: str = ""
    run_id: int | None = None
    run_attempt: int | None = None
    branch: str = ""
    sha: str = ""
    pr_number: int | None = None
    actor: str = ""
    event: str = ""
    server_url: str = "https://github.com"


@dataclass(frozen=True, slots=True)
class InputResult:
    """One analysed input (a file, an archive member, a job log) and its root-cause failure."""

    path: str
    record_count: int
    problems: tuple[Problem, ...] = ()
    primary: Occurrence | None = None
    job: str = ""
    url: str = ""  # link to the job / log when known
    tests: TestTotals | None = None  # test counts, when the input is a test report


@dataclass(frozen=True, slots=True)
class GroupResult:
    group: Group
    classification: Classification
    stats: FingerprintStats | None = None


class Link(StrEnum):
    """Why a piece of evidence belongs to a failure."""

    ROOT = "root"  # the root-cause record itself
    SAME_FAILURE = "same_failure"  # the same failure seen by another source (JUnit case, annotation, recap)
    WRAPPER = "wrapper"  # an error wrapping the root (`Failed to execute goal`, `failed to solve`, a re-raise)
    SYMPTOM = "symptom"  # a consequence (exit code, `N failed`, `BUILD FAILURE`), never a failure of its own


@dataclass(frozen=True, slots=True)
class Evidence:
    """One occurrence linked to a failure, and how."""

    occurrence: Occurrence
    link: Link


@dataclass(frozen=True, slots=True)
class Failure:
    """One distinct root-cause failure of one job, with every piece of evidence that shows it."""

    job: str
    root: Occurrence
    classification: Classification
    evidence: tuple[Evidence, ...] = ()  # the root first, then linked occurrences
    stats: FingerprintStats | None = None

    @property
    def fingerprint(self) -> str:
        return self.root.fingerprint.value


@dataclass(frozen=True, slots=True)
class TestTotals:
    """Test counts from the job's reports (JUnit and the like)."""

    run: int = 0  # every test case the report lists, skipped ones included (Surefire's "Tests run")
    failed: int = 0  # failed or errored
    skipped: int = 0

    def __add__(self, other: TestTotals) -> TestTotals:
        return TestTotals(self.run + other.run, self.failed + other.failed, self.skipped + other.skipped)


@dataclass(frozen=True, slots=True)
class JobResult:
    """The unit of the answer: one job, its distinct failures, and what else was seen."""

    name: str  # "" for inputs analysed without a job (a file given on the command line)
    url: str = ""
    inputs: tuple[str, ...] = ()  # input paths that belong to this job
    failures: tuple[Failure, ...] = ()  # root causes first
    warnings: tuple[Occurrence, ...] = ()  # error-looking lines of a job that succeeded, or baseline lines
    succeeded: bool = False  # the job (or its log) ended in success: no failure is reported
    tests: TestTotals | None = None
    baseline: str = ""  # the passing log used as evidence, when one was
    baseline_matched: int = 0  # error-looking lines set aside because the passing log shows them too


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of one analysis: what every reporter and publisher renders."""

    run: RunContext
    inputs: Sequence[InputResult]  # a tuple, or a Spill (classifier/spill.py) when the pipeline made it
    groups: tuple[GroupResult, ...]
    jobs: Sequence[JobResult] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()  # how classification was made, what was skipped and why
    usage: TokenUsage = field(default_factory=TokenUsage)
    started_at: str = ""
    finished_at: str = ""
    access: RunAccess = field(default_factory=RunAccess)  # how the run was read (API calls, refusals, baseline)
    grouping: str = ""  # the grouping configuration used (classifier/fingerprint.py: GROUPING), e.g. ci@2026-11-23

    _labels: dict[str, Classification] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels = {result.group.fingerprint.value: result.classification for result in self.groups}
        object.__setattr__(self, "_labels", labels)

    def classification_for(self, fingerprint: str) -> Classification | None:
        return self._labels.get(fingerprint)

    @property
    def failures(self) -> tuple[Failure, ...]:
        """Every distinct root-cause failure, job by job."""
        return tuple(failure for job in self.jobs for failure in job.failures)
