"""The provider's own error inside an LLM API error record, without the SDK's wrapper text.

SDKs and gateways wrap the provider's error body in text of their own; the same failure then reads
differently per client::

    Error code: 429 - {'error': {'message': 'Rate limit reached ...', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}
    litellm.RateLimitError: RateLimitError: OpenAIException - {"error": {"message": "Rate limit reached ...", ...}}
    429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'Resource exhausted', 'status': 'RESOURCE_EXHAUSTED'}}

`provider_error` finds the body (a JSON or Python-literal object, in the message or in a `body`/`response`
field) and returns the provider's message, error type (OpenAI/Anthropic `type`, Gemini `status`, Bedrock
`__type`), code (`code`, Anthropic `details.error_code`) and HTTP status. The wrapper text gives the status
when the body does not (`Error code: 429 -`, `Status 400`, `status_code: 401,`, Google's leading `429 `) and
the SDK class when a log kept the whole printed line (`openai.RateLimitError: Error code: 429 - {...}`,
`google.api_core.exceptions.ResourceExhausted: 429 Resource has been exhausted`); a printed line without a
body yields its class, status and the text after them. Bodies follow the providers'
documented shapes: OpenAI `{"error": {"message", "type", "param", "code"}}`, Anthropic `{"type": "error",
"error": {"type", "message"}}`, Google `{"error": {"code", "message", "status"}}`, a gateway's error nested
in its own (`{"error": {"error": {...}}}`), Azure's `status` beside a string `code`, and the AWS SDK for
JavaScript's `{"name", "$fault", "$metadata": {"httpStatusCode"}}` (Lambda's `errorType`/`errorMessage`).
botocore's `An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max
retries: 4): msg` (the Go SDK's `https response error StatusCode: 400, RequestID: x, Code: msg`) gives the
AWS error code as the type (an event stream's `throttlingException` spelled as the API's `ThrottlingException`)
and the text after it as the message (spaces collapsed, its last period dropped, and sentences after the first
that only say it again: Bedrock's wording of one error varies by them between releases); printed fields without a
body around them (the Rust SDK's `Error { code: "ThrottlingException", message: "msg", ... }`, JSON fields quoted
alone) give an AWS exception's name and message the same way; a printed Java chain of causes
(`java.util.concurrent.ExecutionException: ...: io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED: msg`)
gives its innermost class and the gRPC status as the type. A retry log
line around the exception (tenacity's `Retrying f in 4.0 seconds as it raised X: msg.`, with a logging
`LEVEL:logger:` prefix) is a wrapper too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from classifier.extract.jsonio import MAX_JSON_DEPTH, JSONTooDeep, depth_exceeds, loads_bounded

_MAX_BODY = 20_000  # characters of a message searched for a body
# `pkg.mod.SomeError: ` at the start of a printed exception line (a dotted or CamelCase class name).
_CLASS_RE = re.compile(
    r"^(?P<cls>(?:[A-Za-z_]\w*\.)*[A-Z]\w*"
    r"(?:Error|Exception|Exhausted|Exceeded|Unavailable|NotFound|Denied|Argument|Precondition|Timeout|Failure)): "
)
_STATUS_RE = re.compile(
    r"(?:^|\b(?:[Ee]rror code|[Ss]tatus(?:[ _]code)?|HTTP(?:/\d(?:\.\d)?)?(?: status(?: code)?)?|(?:API )?Error)"
    r"[: =(]+)(?P<status>[45]\d\d)\b(?![.,]\d)"
)
# botocore's ClientError text: `An error occurred (Code) when calling the Op operation[ (reached max retries: N)]: msg`
_AWS_RE = re.compile(
    r"An error occurred \((?P<code>\w+)\) when calling the \w+ operation(?: \(reached max retries: \d+\))?: ?"
)
# The AWS SDK for Go's `operation error Svc: Op, https response error StatusCode: 400, RequestID: x, Code: msg`
_AWS_GO_RE = re.compile(
    r"https response error StatusCode: (?P<status>\d{3}), RequestID: [^,]*, (?P<code>[A-Za-z]\w+): "
)
# A gRPC status code leading the message of a printed `io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED: msg`
_GRPC_RE = re.compile(
    r"^(?P<code>CANCELLED|UNKNOWN|INVALID_ARGUMENT|DEADLINE_EXCEEDED|NOT_FOUND|ALREADY_EXISTS|PERMISSION_DENIED|"
    r"RESOURCE_EXHAUSTED|FAILED_PRECONDITION|ABORTED|OUT_OF_RANGE|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS|"
    r"UNAUTHENTICATED): "
)
_MAX_CHAIN = 4  # exception classes printed as a chain of causes: `a.AError: b.BException: msg`
# A retry log line around the exception: `[LEVEL:logger:]Retrying f in 4.0 seconds as it raised X: msg.`
_RETRY_LEAD_RE = re.compile(r"^(?:[A-Z]+:[\w.]+:)?Retrying \S+ in [\d.]+ seconds as it raised (?=\w)")
_MAX_NESTING = 3  # a gateway's error inside its own: {"error": {"error": {...}}}


@dataclass(frozen=True, slots=True)
class ProviderError:
    """What the provider said, as far as the record shows it."""

    message: str = ""
    type: str = ""
    code: str = ""
    status: int | None = None
    wrapper: str = ""  # the text around the body (SDK class, "Error code: 429 -"), kept as details
    sdk: str = ""  # the SDK exception class named by a printed line


def provider_error(fields: Mapping[str, Any]) -> ProviderError:
    """The provider's error from a record's fields (message, body, response), or an empty one."""
    for key in ("message", "body", "response", "error_body"):
        value = fields.get(key)
        found = _from_value(value)
        if found is not None:
            return found
    message = fields.get("message")
    if not isinstance(message, str):
        return ProviderError()
    return _printed(message[:_MAX_BODY]) or _fields(message) or ProviderError()


def _from_value(value: Any) -> ProviderError | None:
    if isinstance(value, Mapping):
        return _from_body(value, "")
    if not isinstance(value, str):
        return None
    text = _unwrap(value[:_MAX_BODY])
    start = text.find("{")
    end = text.rfind("}")
    body = _parse(text[start : end + 1]) if 0 <= start < end else None
    if body is None:
        return None
    wrapper = (text[:start] + text[end + 1 :]).strip(" -:\n")
    found = _from_body(body, wrapper)
    if found is None:
        return None
    sdk, status, _rest = _wrapper_parts(text[:start])
    return replace(found, status=found.status or status, sdk=sdk)


def _wrapper_parts(text: str) -> tuple[str, int | None, str]:
    """(SDK class, HTTP status, the rest) of the text before a body or of a whole printed line."""
    cls = _CLASS_RE.match(text)
    rest = text[cls.end() :] if cls else text
    status = _STATUS_RE.search(rest[:80])
    if status is not None and status.start() == 0:
        rest = rest[status.end() :].lstrip(" .:-")
    return (cls.group("cls") if cls else "", int(status.group("status")) if status else None, rest)


def _unwrap(text: str) -> str:
    """The text without a retry log line's lead and the period it adds after the exception."""
    lead = _RETRY_LEAD_RE.match(text)
    if lead is None:
        return text
    rest = text[lead.end() :].rstrip()
    return rest[:-1] if rest.endswith(".") else rest  # tenacity prints `...raised %s: %s.`


def _aws(text: str) -> ProviderError | None:
    """botocore's `An error occurred (Code) when calling the Op operation: msg` (or the Go SDK's `https response
    error StatusCode: 400, RequestID: x, Code: msg`) -> the AWS error code as type, its message, the status."""
    go = _AWS_GO_RE.search(text[:2000])
    if go is not None:
        return ProviderError(
            _aws_message(text[go.end() :]), go.group("code"), status=int(go.group("status")), wrapper=text[: go.end()]
        )
    found = _AWS_RE.search(text[:2000])
    if found is None:
        return None
    sdk, status, _rest = _wrapper_parts(text[: found.start()].strip())
    code = found.group("code")
    return ProviderError(
        _aws_message(text[found.end() :]),
        code[:1].upper() + code[1:],
        status=status,
        wrapper=text[: found.end()],
        sdk=sdk,
    )


_SPACES = re.compile(r"\s{2,}")
# a caller's words before a printed exception (`API call error: ThrottlingException: msg`)
_LABEL_RE = re.compile(
    r"^[A-Za-z][\w ]{0,40}?(?:[Ee]rror|[Ff]ailed): (?=(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception): )"
)
_AWS_SDK_CLASS = re.compile(r"^[A-Z]\w*Exception$")  # an AWS service exception's name (no module path)


_SENTENCE_END = re.compile(r"(?<=[a-z]\.) +(?=[A-Z])")
# words a restating sentence adds to the first one's (`You have sent too many requests.`)
_FILLER = frozenset({"a", "an", "are", "have", "is", "of", "please", "sent", "the", "to", "you", "your"})


def _aws_message(text: str) -> str:
    """An AWS error message as one wording: Bedrock's own text varies by a doubled space and a last period between
    releases (`... requests.  Wait before trying again` / `... requests. Wait before trying again.`), and by
    sentences after the first that only say it again (`Too many requests, please wait before trying again. You
    have sent too many requests. Wait before trying again.`): those are dropped."""
    message = _SPACES.sub(" ", text.strip())
    sentences = _SENTENCE_END.split(message)
    if len(sentences) > 1 and (later := _words(" ".join(sentences[1:]))) and later <= _words(sentences[0]):
        message = sentences[0]
    return message[:-1] if message.endswith(".") and not message.endswith("..") else message


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", text.lower())) - _FILLER


# a printed record's fields without a whole body around them: the Rust SDK's Debug form (`Error { code:
# "ThrottlingException", message: "msg", aws_request_id: "x" }`), a JSON object's lines quoted alone
_FIELD_MESSAGE = re.compile(r'(?:^|[{,\s])"?message"?\s*:\s*"(?P<msg>(?:[^"\\]|\\.){1,2000})"')
_FIELD_CODE = re.compile(r'(?:^|[{,\s])"?(?:code|type|__type)"?\s*:\s*"(?P<code>[A-Z]\w*(?:Exception|Error))"')


def _fields(text: str) -> ProviderError | None:
    """An AWS service exception's name and message from printed fields (`_FIELD_MESSAGE`, `_FIELD_CODE`)."""
    code = _FIELD_CODE.search(text[:_MAX_BODY])
    message = _FIELD_MESSAGE.search(text[:_MAX_BODY]) if code is not None else None
    if code is None or message is None:
        return None
    return ProviderError(_aws_message(message.group("msg")), code.group("code"), wrapper=text.strip())


def _printed(text: str) -> ProviderError | None:
    """`pkg.SomeError: 429 text` (a printed exception without a body) -> class, status and text."""
    text = _unwrap(text.strip())
    aws = _aws(text)
    if aws is not None:
        return aws
    label = _LABEL_RE.match(text)  # a caller's label before the printed exception: `API call error: X: msg`
    text = text[label.end() :] if label else text
    sdk, status, rest = _wrapper_parts(text)
    for _ in range(_MAX_CHAIN):  # a chain of causes: the innermost class is the one nearest the provider
        inner = _CLASS_RE.match(rest) if status is None else None
        if inner is None:
            break
        sdk, status, rest = _wrapper_parts(rest)
    grpc = _GRPC_RE.match(rest)
    if grpc is not None:
        rest = rest[grpc.end() :]
    if not sdk and status is None:
        return None
    kind = grpc.group("code") if grpc else ""
    message = rest.strip() or text.strip()
    if _AWS_SDK_CLASS.match(sdk):  # the AWS SDK for JavaScript's service exception, printed by its name
        message = _aws_message(message)
    return ProviderError(message, kind, status=status, wrapper=text[: len(text) - len(rest)], sdk=sdk)


def _parse(text: str) -> Mapping[str, Any] | None:
    """The body as JSON, else as a Python literal (an SDK's repr); nesting is bounded either way."""
    for parse in (loads_bounded, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError, JSONTooDeep):
            continue
        if isinstance(value, Mapping) and not depth_exceeds(value, MAX_JSON_DEPTH):
            return value
    return None


def _from_body(body: Mapping[str, Any], wrapper: str) -> ProviderError | None:
    inner = body.get("error")
    for _ in range(_MAX_NESTING):  # a gateway's error wrapping the provider's: the innermost one
        if not (isinstance(inner, Mapping) and isinstance(inner.get("error"), Mapping)):
            break
        body, inner = inner, inner["error"]
    error: Mapping[str, Any] = inner if isinstance(inner, Mapping) else body
    message = (
        _str(error.get("message"))
        or (inner if isinstance(inner, str) else "")
        or _str(body.get("message"))
        or _str(body.get("errorMessage"))
    )
    aws_sdk = isinstance(body.get("$metadata"), Mapping)  # the AWS SDK for JavaScript's service exception
    kind = (
        _str(error.get("type"))
        or _str(error.get("status"))
        or _str(body.get("__type")).rsplit("#", 1)[-1]
        or _str(body.get("errorType"))
        or (_str(body.get("name")) if aws_sdk else "")
    )
    if kind == "error":  # Anthropic's envelope type, not the error's
        kind = ""
    raw_code = error.get("code")
    code = _str(raw_code) if not isinstance(raw_code, int) else ""
    details = error.get("details")
    if isinstance(details, Mapping) and _str(details.get("error_code")):
        code = _str(details.get("error_code"))
    status = _http_status(raw_code) or _http_status(error.get("status"))
    if aws_sdk:
        status = status or _http_status(body["$metadata"].get("httpStatusCode"))
    if not (message or kind or code):
        return None
    return ProviderError(message.strip(), kind, code, status, wrapper)


def _http_status(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599 else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
