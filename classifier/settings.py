"""Settings, read once from a declarative table.

Every setting is an action input (`INPUT_<NAME>`, snake_case id). Outside the inputs only the documented
environment names are read (`Spec.env`: GitHub's variables and the seeds' names), never a generic
upper-case name: a job's own `REPOSITORY`, `RUN_ID`, `HOURS`, `SHARD`, `RULES` or `DB_PATH` belongs to
something else. Precedence: explicit overrides (CLI flags) > `INPUT_*` > documented environment > default.
An invalid input or override raises `ConfigError` naming the input and its allowed values; an invalid value
from an environment variable is ignored (the default applies) and listed in `Settings.ignored`, since the
variable may belong to another tool (`BATCH_SIZE: auto`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from classifier.errors import ConfigError

Kind = Literal["str", "int", "float", "bool", "list", "secret"]


class Mode(StrEnum):
    """What the action does (`classifier/modes/`)."""

    REALTIME = "realtime"
    BATCH = "batch"
    RECLASSIFY = "reclassify"
    VALIDATE = "validate"


class FailOn(StrEnum):
    """When the step fails: never; when the run could not be read; on its own errors; or when failures
    were found."""

    NEVER = "never"
    UNREADABLE = "unreadable"
    ERROR = "error"
    FAILURE = "failure"


class ApiFormat(StrEnum):
    ANTHROPIC = "anthropic"
    OPENAI = "openai"


ENUMS: Mapping[str, type[StrEnum]] = {"mode": Mode, "fail_on": FailOn, "api_format": ApiFormat}


@dataclass(frozen=True, slots=True)
class Spec:
    name: str  # snake_case input id and field name
    kind: Kind
    default: str
    description: str
    choices: tuple[str, ...] = ()
    env: tuple[str, ...] = ()  # further environment names (the seeds' names, GitHub's)


SPECS: tuple[Spec, ...] = (
    Spec(
        "mode",
        "str",
        "realtime",
        "What to do: analyse this run, work the backlog, re-apply labels, or write the phase-0 validation report.",
        tuple(Mode),
    ),
    Spec(
        "github_token",
        "secret",
        "",
        "Token for the GitHub API (logs, artifacts, annotations, comments).",
        env=("GITHUB_TOKEN",),
    ),
    Spec(
        "repository",
        "str",
        "",
        "owner/name of the repository to analyse; defaults to the current one.",
        env=("GITHUB_REPOSITORY", "REPO"),
    ),
    Spec("organization", "str", "", "Batch mode: analyse failed runs of every repository of this organisation."),
    Spec("run_id", "int", "0", "Workflow run to analyse; defaults to the current run.", env=("GITHUB_RUN_ID",)),
    Spec("run_attempt", "int", "0", "Attempt of that run; 0 means the latest.", env=("GITHUB_RUN_ATTEMPT",)),
    Spec(
        "github_api_url", "str", "https://api.github.com", "GitHub REST API base URL (GHES).", env=("GITHUB_API_URL",)
    ),
    Spec("github_server_url", "str", "https://github.com", "GitHub web URL, for links.", env=("GITHUB_SERVER_URL",)),
    Spec(
        "paths",
        "list",
        "test-results/**/*.xml,test-results/**/*.trx,test-results/**/*.json,test-results/**/*.sarif,build-logs/**/*.log,build-logs/**/*.txt",
        "Workspace files to read (globs, comma or newline separated), relative to the workspace.",
    ),
    Spec(
        "artifact_patterns",
        "list",
        "test-results*,build-logs*",
        "Run artifacts to download and read (name globs); empty to skip artifacts.",
    ),
    Spec("read_job_logs", "bool", "true", "Read the logs of failed jobs of the run through the API."),
    Spec(
        "fetch_baseline",
        "bool",
        "true",
        "Read the same jobs' logs from the last successful run of the workflow on the base branch, "
        "as evidence of what is normal.",
    ),
    Spec("taxonomy", "str", "ci", "Taxonomy: a built-in name (ci, llm_api, data_pipeline) or a TOML file."),
    Spec("rules", "list", "", "Extra rule files (TOML); they come before the built-in rules."),
    Spec(
        "db_path", "str", ".ci-classify/classifier.db", "SQLite store (the embedded default).", env=("CI_CLASSIFY_DB",)
    ),
    Spec("output_dir", "str", ".ci-classify", "Where the JSON report and spool files are written."),
    Spec("summary", "bool", "true", "Write the job summary."),
    Spec("annotations", "bool", "true", "Emit annotations (within the platform caps)."),
    Spec("pr_comment", "bool", "false", "Create or update one comment on the pull request."),
    Spec(
        "fail_on",
        "str",
        "never",
        "Fail this step when: never; the run could not be read, e.g. a missing permission (unreadable); "
        "on its own errors, unreadable included (error); or when failures were found, or either of those "
        "(failure).",
        tuple(FailOn),
    ),
    Spec("hours", "int", "24", "Batch/validate: how many hours back to look.", env=("HOURS_BACK",)),
    Spec("shard", "str", "", "Batch: this job's share of the work as i/n (matrix jobs), e.g. 1/4."),
    Spec(
        "reclassify_filter",
        "str",
        "",
        "Reclassify: select by key=value pairs, e.g. "
        "'taxonomy_version=1,category=unknown,since=2026-01-01,max_confidence=0.7'.",
    ),
    # LLM (names of the seeds)
    Spec(
        "enable_error_classification",
        "bool",
        "true",
        "Use a model for what the rules cannot settle (needs a key or a local server).",
        env=("ENABLE_ERROR_CLASSIFICATION",),
    ),
    Spec("anthropic_api_key", "secret", "", "Anthropic API key.", env=("ANTHROPIC_API_KEY",)),
    Spec("anthropic_model", "str", "claude-sonnet-4-6", "Model for the realtime path.", env=("ANTHROPIC_MODEL",)),
    Spec(
        "anthropic_batch_model",
        "str",
        "claude-haiku-4-5",
        "Cheaper model for the backlog (batch) path.",
        env=("ANTHROPIC_BATCH_MODEL",),
    ),
    Spec("api_format", "str", "anthropic", "LLM API format.", tuple(ApiFormat), env=("API_FORMAT",)),
    Spec("api_base_url", "str", "", "Base URL of the LLM API (gateways, proxies).", env=("API_BASE_URL",)),
    Spec(
        "local_llm_base_url",
        "str",
        "",
        "OpenAI-compatible server (Ollama, vLLM, LM Studio).",
        env=("LOCAL_LLM_BASE_URL",),
    ),
    Spec("local_llm_model", "str", "llama3.2:3b", "Model on the OpenAI-compatible server.", env=("LOCAL_LLM_MODEL",)),
    Spec(
        "local_llm_api_key",
        "secret",
        "",
        "Key for the OpenAI-compatible server, if it needs one.",
        env=("LOCAL_LLM_API_KEY", "OPENAI_API_KEY"),
    ),
    Spec(
        "max_error_length", "int", "10000", "Most characters of an error sent to the model.", env=("MAX_ERROR_LENGTH",)
    ),
    Spec("batch_size", "int", "10", "Unique fingerprints per model request.", env=("BATCH_SIZE",)),
    Spec("max_rpm", "int", "50", "Model requests per minute.", env=("MAX_RPM",)),
    Spec("max_tpm", "int", "0", "Model input tokens per minute (0: no limit).", env=("MAX_TPM",)),
    Spec(
        "classification_cache_ttl_hours",
        "float",
        "168",
        "Reuse a stored classification this long.",
        env=("CLASSIFICATION_CACHE_TTL_HOURS",),
    ),
    Spec(
        "min_confidence_for_reuse",
        "float",
        "0.8",
        "Reuse a stored classification only at this confidence.",
        env=("MIN_CONFIDENCE_FOR_REUSE",),
    ),
    Spec(
        "classify_realtime_threshold",
        "list",
        "infrastructure",
        "Realtime: which categories (or domains: infrastructure, code; all; none) go to the model; unknowns always do.",
        env=("CLASSIFY_REALTIME_THRESHOLD",),
    ),
    Spec(
        "llm_max_calls",
        "int",
        "20",
        "Realtime budget: model requests per run (0: no model calls in realtime).",
        env=("LLM_MAX_CALLS",),
    ),
    Spec("llm_max_tokens", "int", "200000", "Realtime budget: model input tokens per run.", env=("LLM_MAX_TOKENS",)),
    Spec(
        "llm_timeout_seconds",
        "float",
        "60",
        "Seconds one model request may take before it is given up (and retried).",
        env=("LLM_TIMEOUT_SECONDS",),
    ),
    Spec(
        "llm_max_seconds",
        "float",
        "300",
        "Model time per run, retries and pauses included; then the rules' labels stand (0: no bound).",
        env=("LLM_MAX_SECONDS",),
    ),
    Spec(
        "llm_prices",
        "str",
        "",
        "Model prices per million tokens overriding the built-in table: "
        "model=input/output/cache_write/cache_read entries separated by ;",
        env=("LLM_PRICES",),
    ),
    # OpenSearch (names of the seeds)
    Spec(
        "opensearch_url", "str", "", "OpenSearch endpoint; empty keeps everything in SQLite.", env=("OPENSEARCH_URL",)
    ),
    Spec("opensearch_username", "str", "", "OpenSearch user.", env=("OPENSEARCH_USERNAME",)),
    Spec("opensearch_password", "secret", "", "OpenSearch password.", env=("OPENSEARCH_PASSWORD",)),
    Spec(
        "error_classification_index",
        "str",
        "error_classifications",
        "Classifications index (alias).",
        env=("ERROR_CLASSIFICATION_INDEX",),
    ),
    Spec("occurrence_index", "str", "error_occurrences", "Occurrences index (alias).", env=("ERROR_OCCURRENCE_INDEX",)),
    Spec(
        "opensearch_verify_certs",
        "bool",
        "true",
        "Verify the server's TLS certificate.",
        env=("OPENSEARCH_VERIFY_CERTS",),
    ),
    Spec("opensearch_ca_certs", "str", "", "CA bundle for the server's certificate.", env=("OPENSEARCH_CA_CERTS",)),
    Spec(
        "opensearch_aws_region",
        "str",
        "",
        "Sign requests with AWS SigV4 for this region (Amazon OpenSearch Service).",
        env=("OPENSEARCH_AWS_REGION",),
    ),
)

SPEC_BY_NAME: Mapping[str, Spec] = {spec.name: spec for spec in SPECS}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True, slots=True)
class Settings:
    mode: Mode
    github_token: str
    repository: str
    organization: str
    run_id: int
    run_attempt: int
    github_api_url: str
    github_server_url: str
    paths: tuple[str, ...]
    artifact_patterns: tuple[str, ...]
    read_job_logs: bool
    fetch_baseline: bool
    taxonomy: str
    rules: tuple[str, ...]
    db_path: str
    output_dir: str
    summary: bool
    annotations: bool
    pr_comment: bool
    fail_on: FailOn
    hours: int
    shard: str
    reclassify_filter: str
    enable_error_classification: bool
    anthropic_api_key: str
    anthropic_model: str
    anthropic_batch_model: str
    api_format: ApiFormat
    api_base_url: str
    local_llm_base_url: str
    local_llm_model: str
    local_llm_api_key: str
    max_error_length: int
    batch_size: int
    max_rpm: int
    max_tpm: int
    classification_cache_ttl_hours: float
    min_confidence_for_reuse: float
    classify_realtime_threshold: tuple[str, ...]
    llm_max_calls: int
    llm_max_tokens: int
    llm_timeout_seconds: float
    llm_max_seconds: float
    llm_prices: str
    opensearch_url: str
    opensearch_username: str
    opensearch_password: str
    error_classification_index: str
    occurrence_index: str
    opensearch_verify_certs: bool
    opensearch_ca_certs: str
    opensearch_aws_region: str
    ignored: tuple[str, ...] = ()  # environment values that were not valid, and were not used

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def llm_configured(self) -> bool:
        if not self.enable_error_classification:
            return False
        if self.local_llm_base_url:
            return True
        if self.api_format is ApiFormat.OPENAI:
            return bool(self.api_base_url)
        return bool(self.anthropic_api_key)


def _raw(spec: Spec, environ: Mapping[str, str], overrides: Mapping[str, str]) -> tuple[str, str]:
    """The value and where it came from: "" for an input, an override or the default, else the variable."""
    if spec.name in overrides:
        return overrides[spec.name], ""
    for key in (f"INPUT_{spec.name.upper()}", f"INPUT_{spec.name}"):
        value = environ.get(key)
        if value is not None and value.strip() != "":
            return value, ""
    for key in spec.env:
        value = environ.get(key)
        if value is not None and value.strip() != "":
            return value, key
    return spec.default, ""


def _convert(spec: Spec, raw: str) -> object:
    text = raw.strip()
    if spec.choices and text not in spec.choices:
        raise ConfigError(f"input '{spec.name}' is {text!r}; allowed: {', '.join(spec.choices)}")
    try:
        if spec.kind == "int":
            return int(text or "0")
        if spec.kind == "float":
            return float(text or "0")
    except ValueError:
        kind = "a whole number" if spec.kind == "int" else "a number"
        raise ConfigError(f"input '{spec.name}' must be {kind}, got {text!r}") from None
    if spec.kind == "bool":
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise ConfigError(f"input '{spec.name}' must be true or false, got {text!r}")
    if spec.kind == "list":
        items = (item.strip() for line in text.splitlines() for item in line.split(","))
        return tuple(item for item in items if item)
    if spec.name in ENUMS:
        return ENUMS[spec.name](text)
    return text


def load_settings(environ: Mapping[str, str], overrides: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `INPUT_*` / environment variables; `overrides` (CLI flags) win."""
    given = overrides or {}
    values: dict[str, object] = {}
    ignored: list[str] = []
    for spec in SPECS:
        raw, variable = _raw(spec, environ, given)
        try:
            values[spec.name] = _convert(spec, raw)
        except ConfigError as exc:
            if not variable:
                raise
            ignored.append(f"environment variable {variable} ignored ({exc}); the default applies")
            values[spec.name] = _convert(spec, spec.default)
    return Settings(**values, ignored=tuple(ignored))  # type: ignore[arg-type]
