"""LLM API errors in the shapes other SDKs, gateways and loggers give them (real texts from public issue
threads, trimmed): the provider's own error decides the category and the fingerprint, the wrapper never does.
"""

from __future__ import annotations

import json
from typing import Any

from classifier.fingerprint import identify
from tests.rules.test_rules_llm_api_messages import category, records


def test_botocore_client_error_gives_the_aws_code_and_message() -> None:
    # https://github.com/BerriAI/litellm/issues/589 (a Bedrock stream throttled)
    line = (
        "An error occurred (throttlingException) when calling the InvokeModelWithResponseStream operation: Too many "
        "requests, please wait before trying again. You have sent too many requests.  Wait before trying again."
    )
    printed = {"provider": "bedrock", "message": f"Failed: Error occurred: {line}"}
    logged = {"provider": "bedrock", "exc_type": "botocore.exceptions.EventStreamError", "message": line}
    recs = records(printed, logged)
    # the event stream's `throttlingException` is the API's `ThrottlingException`; Bedrock's doubled space and last
    # period (which its releases add or drop) are no part of the wording, nor is the second sentence that says the
    # first again (some releases print the first alone)
    wording = "Too many requests, please wait before trying again"
    assert {(r.exception_type, r.message) for r in recs} == {("ThrottlingException", wording)}
    assert len({identify(r).fingerprint.value for r in recs}) == 1
    assert category(printed) == category(logged) == "rate_limit"
    # https://github.com/promptfoo/promptfoo/issues/1508 (the AWS SDK for JavaScript's exception, printed by name
    # after the caller's label; also b02 of ../fresh-misses, a dev sample since): the same wording, one failure
    promptfoo = (
        "API call error: ThrottlingException: Too many requests, please wait before trying again. You have sent too "
        "many requests.  Wait before trying again."
    )
    (js,) = records({"provider": "bedrock", "message": promptfoo})
    assert (js.exception_type, js.message) == ("ThrottlingException", wording)
    assert identify(js).fingerprint.value == identify(recs[0]).fingerprint.value


def test_bedrock_throttle_in_one_sentence_or_two_is_one_fingerprint() -> None:
    # https://github.com/aws-samples/aws-genai-llm-chatbot/issues/220 (two sentences),
    # https://github.com/kirodotdev/Kiro/issues/8113 (one, in the Rust SDK's Debug print) and
    # https://github.com/lobehub/lobehub/issues/3994 (one, the JSON fields of the error quoted alone)
    # (a01, a04 and a06 of ../fresh-misses2, dev samples since)
    two = (
        "<class 'botocore.exceptions.EventStreamError'>:An error occurred (throttlingException) when calling the "
        "InvokeModelWithResponseStream operation: Too many requests, please wait before trying again. You have sent "
        "too many requests. Wait before trying again."
    )
    rust = (
        'Error { code: "ThrottlingException", message: "Too many requests, please wait before trying again.", '
        'aws_request_id: "bc9af776-2940-485e-ba33-d7933e178873" }'
    )
    fields = '"message": "Too many requests, please wait before trying again.", "type": "ThrottlingException"'
    recs = [r for text in (two, rust, fields) for r in records({"provider": "bedrock", "message": text})]
    assert {(r.exception_type, r.message) for r in recs} == {
        ("ThrottlingException", "Too many requests, please wait before trying again")
    }
    assert len({identify(r).fingerprint.value for r in recs}) == 1
    # a second sentence that says more stays: https://github.com/awslabs/agent-evaluation/issues/64
    other = (
        "EventStreamError: An error occurred (throttlingException) when calling the InvokeAgent operation: Your "
        "request rate is too high. Reduce the frequency of requests."
    )
    (rec,) = records({"provider": "bedrock", "message": other})
    assert rec.message == "Your request rate is too high. Reduce the frequency of requests"


def test_aws_throttle_on_tokens_is_no_context_overflow() -> None:
    # AWS Bedrock's throttle: "ThrottlingException: Too many tokens, please wait before trying again." (the
    # Swift SDK's print, https://github.com/aws-samples/amazon-bedrock-client-for-mac/issues/99)
    row = {"provider": "bedrock", "message": "ThrottlingException: Too many tokens, please wait before trying again."}
    assert category(row) == "rate_limit"
    # a real context overflow in other words: https://github.com/run-llama/llama_index/issues/7974
    overflow = "ModelError: Your input is too long. Max input length is 4096 tokens, but you supplied 5441 tokens."
    assert category({"provider": "sagemaker", "message": overflow}) == "hard_capability"


def test_aws_sdk_for_javascript_error_object() -> None:
    # https://github.com/posit-dev/positron/issues/7844 (Bedrock through @aws-sdk/client-bedrock-runtime)
    body = {
        "name": "ThrottlingException",
        "$fault": "client",
        "$metadata": {"httpStatusCode": 429, "requestId": "<REQUEST_ID>", "attempts": 3, "totalRetryDelay": 787},
    }
    (rec,) = records({"provider": "bedrock", "message": json.dumps(body)})
    assert (rec.exception_type, rec.http_status) == ("ThrottlingException", 429)


def test_a_retry_log_line_is_a_wrapper() -> None:
    # https://github.com/langchain-ai/langchain/issues/9298 (tenacity's before_sleep log of LangChain's embeddings)
    rpm = (
        "Rate limit reached for default-text-embedding-ada-002 in organization org-uIkxFSWUeCDpCsfzD5XWYLZ7 on tokens "
        "per min. Limit: 1000000 / min. Current: 837303 / min. Contact us through our help center at help.openai.com "
        "if you continue to have issues."
    )
    row = {
        "provider": "openai",
        "message": "Retrying langchain.embeddings.openai.embed_with_retry.<locals>._embed_with_retry in 4.0 seconds "
        f"as it raised RateLimitError: {rpm}.",
    }
    (rec,) = records(row)
    assert (rec.exception_type, rec.message) == ("RateLimitError", rpm)
    assert category(row) == "rate_limit"


def test_a_rate_limit_pointing_at_the_billing_page_is_a_rate_limit() -> None:
    # https://github.com/n3d1117/chatgpt-telegram-bot/pull/341 (openai-python 0.x's log line)
    openai = (
        "error_code=None error_message='Rate limit reached for default-gpt-3.5-turbo in organization org-xxx on "
        "requests per min. Limit: 3 / min. Please try again in 20s. Contact us through our help center at "
        "help.openai.com if you continue to have issues. Please add a payment method to your account to increase your "
        "rate limit. Visit https://platform.openai.com/account/billing to add a payment method.' error_param=None "
        "error_type=requests message='OpenAI API error received' stream_error=False"
    )
    assert category({"provider": "openai", "message": openai}) == "rate_limit"
    # https://github.com/ago19800/HomeMind/issues/29 (Groq through the openai client)
    groq = (
        "Error code: 429 - {'error': {'message': 'Rate limit reached for model `llama-3.3-70b-versatile` in "
        "organization `org_01kes94v04f9ramd2n1vj4gjnc` service tier `on_demand` on tokens per minute (TPM): Limit "
        "12000, Used 2542, Requested 9855. Please try again in 1.984999999s. Need more tokens? Upgrade to Dev Tier "
        "today at https://console.groq.com/settings/billing', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}"
    )
    assert category({"provider": "groq", "message": groq}) == "rate_limit"


def test_credit_limits_are_billing_without_a_status() -> None:
    # https://github.com/Taewan-P/gpt_mobile/issues/284 and https://github.com/anomalyco/opencode/issues/12219
    texts = [
        "Error: This request requires more credits, or fewer max_tokens. You requested up to 16384 tokens, but can "
        "only afford 3919. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account",
        "This request requires more credits, or fewer max_tokens. You requested up to 32000 tokens, but can only "
        "afford 0. To increase, visit https://openrouter.ai/settings/keys and create a key with a higher monthly limit",
    ]
    assert {category({"provider": "openrouter", "message": text}) for text in texts} == {"billing"}


def test_a_gateway_error_nested_in_its_own() -> None:
    # https://github.com/tailcallhq/forgecode/issues/571 (OpenRouter's answer)
    text = (
        'Failed to parse OpenRouter response: {"error":{"error":{"message":"More credits are required to run this '
        "request. 128000 token capacity required, 19484 available. To increase, visit https://openrouter.ai/settings/"
        'keys and create a key with a higher limit","code":402},"code":402}}'
    )
    (rec,) = records({"provider": "openrouter", "message": text})
    assert rec.message.startswith("More credits are required") and rec.http_status == 402


def test_content_filter_and_safety_blocks_are_the_request() -> None:
    # https://github.com/UniversityOfHelsinkiCS/gptwrapper/issues/285 (Azure's body: a string code, its status beside)
    azure = (
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please "
        "modify your prompt and retry. \n\n"
        '{"type":null,"param":"prompt","code":"content_filter","status":400,"innererror":{"code":'
        '"ResponsibleAIPolicyViolation","content_filter_result":{"violence":{"filtered":true,"severity":"high"}}}}'
    )
    (rec,) = records({"provider": "azure", "message": azure})
    assert (rec.code, rec.http_status) == ("content_filter", 400)
    assert category({"provider": "azure", "message": azure}) == "hard_capability"
    # https://github.com/google-gemini/deprecated-generative-ai-python/issues/318
    gemini = (
        "ValueError: The `response.text` quick accessor only works when the response contains a valid `Part`, but "
        "none was returned. Check the `candidate.safety_ratings` to see if the response was blocked."
    )
    assert category({"provider": "gemini", "message": gemini}) == "hard_capability"


def test_out_of_capacity_or_loading_is_the_provider() -> None:
    # https://github.com/huggingface/transformers/issues/11904 (the Inference API)
    loading = "{'error': 'Model Matthieu/stsb-xlm-r-multilingual is currently loading', 'estimated_time': 44.49033436}"
    assert category({"provider": "huggingface", "message": loading}) == "transient_provider"
    # https://github.com/google-gemini/gemini-cli/issues/27548 (a 429 for the server's capacity)
    body = {
        "error": {
            "code": 429,
            "message": "No capacity available for model gemini-3.1-flash-lite on the server",
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    assert category({"provider": "gemini", "message": json.dumps(body)}) == "transient_provider"


def test_an_incorrect_key_is_auth_even_as_400() -> None:
    # https://github.com/continuedev/continue/issues/10161 (xAI)
    text = '400 "Incorrect API key provided: gs***tF. You can obtain an API key from https://console.x.ai."'
    assert category({"provider": "xai", "message": text}) == "auth"


def test_a_status_after_error_and_client_field_names() -> None:
    # https://github.com/anthropics/claude-code/issues/10314 (Claude Code's Error: 413 {...})
    (rec,) = records(
        {
            "provider": "anthropic",
            "message": 'Error: 413 {"error":{"type":"request_too_large","message":"Request exceeds the maximum size"}}',
        }
    )
    assert (rec.http_status, rec.exception_type) == (413, "request_too_large")
    # https://github.com/cline/cline/issues/8295 (Cline's own JSON: providerId and modelId)
    cline = {
        "message": "Failed to create stream: inference request failed: failed to invoke model "
        "'google/gemini-3-pro-preview' with streaming from Vercel: request failed with status 400: "
        '{"error":{"message":"Invalid input: expected string, received undefined","type":"invalid_request_error",'
        '"param":"messages.2.reasoning_details.0.data","code":"invalid_request_error"}}',
        "request_id": "QwaqFyHQWQzyioZojmTbSyCnUbdHpPZt",
        "code": "stream_initialization_failed",
        "modelId": "google/gemini-3-pro-preview",
        "providerId": "cline",
    }
    (rec,) = records(cline)
    assert (rec.provider, rec.model, rec.message) == (
        "cline",
        "google/gemini-3-pro-preview",
        "Invalid input: expected string, received undefined",
    )
    assert category(cline) == "hard_capability"


def test_the_sdk_class_is_no_identity_beside_the_providers_code() -> None:
    # https://github.com/stanford-crfm/helm/pull/3327 and https://github.com/openai/openai-dotnet/issues/55: one Azure
    # content-filter error as openai-python and Azure.RequestFailedException print it
    msg = (
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please "
        "modify your prompt and retry. To learn more about our content filtering policies please read our "
        "documentation: https://go.microsoft.com/fwlink/?linkid=2198766"
    )
    python = {
        "provider": "azure",
        "message": f"Error code: 400 - {{'error': {{'message': \"{msg}\", 'type': None, 'param': 'prompt', "
        "'code': 'content_filter', 'status': 400}}",
    }
    body = {"error": {"message": msg, "type": None, "param": "prompt", "code": "content_filter", "status": 400}}
    dotnet = {
        "provider": "azure",
        "message": f"Azure.RequestFailedException: {msg}\nStatus: 400 (model_error)\nErrorCode: content_filter\n\n"
        f"Content:\n{json.dumps(body)}",
    }
    recs = records(python, dotnet)
    assert {(r.exception_type, r.code, r.http_status) for r in recs} == {("", "content_filter", 400)}
    assert len({identify(r).fingerprint.value for r in recs}) == 1
    assert "sdk=Azure.RequestFailedException" in recs[1].details


def test_a_java_cause_chain_and_its_grpc_status() -> None:
    # https://github.com/googleapis/google-cloud-java/issues/10983 (the Vertex AI Java client), and the same error as
    # a future's ExecutionException prints it (googleapis/google-cloud-java#11054)
    line = (
        "com.google.api.gax.rpc.ResourceExhaustedException: io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED: Unable "
        "to submit request because the service is temporarily out of capacity. Try again later."
    )
    rows = [
        {"provider": "vertex", "message": line},
        {"provider": "vertex", "message": f"java.util.concurrent.ExecutionException: {line}"},
    ]
    recs = records(*rows)
    assert {(r.exception_type, r.message[:25]) for r in recs} == {("RESOURCE_EXHAUSTED", "Unable to submit request ")}
    assert len({identify(r).fingerprint.value for r in recs}) == 1
    assert category(rows[0]) == "transient_provider"  # out of capacity: the provider's, not the caller's limit


def test_the_aws_sdk_for_go_error() -> None:
    # https://github.com/GoogleCloudPlatform/kubectl-ai/issues/515 (also in the held-out batch B)
    text = (
        "bedrock stream error: operation error Bedrock Runtime: ConverseStream, https response error StatusCode: "
        "400, RequestID: a9464e5c-4679-4f86-bf6d-46cf872c8bd3, ValidationException: The provided model identifier is "
        "invalid."
    )
    (rec,) = records({"provider": "bedrock", "message": text})
    assert (rec.exception_type, rec.http_status, rec.message) == (
        "ValidationException",
        400,
        "The provided model identifier is invalid",  # AWS messages are read without their last period
    )


def test_aws_wording_for_a_wrong_model_and_a_denied_account() -> None:
    # https://github.com/aws-samples/build-an-agentic-llm-assistant/issues/6 and https://github.com/earendil-works/pi/issues/4993
    wrong = [
        "conversation: Error raised by bedrock service: An error occurred (ValidationException) when calling the "
        "InvokeModel operation: The provided model identifier is invalid. Please try again later",
        "Error: Validation error: The provided model identifier is invalid.",
    ]
    assert {category({"provider": "bedrock", "message": text}) for text in wrong} == {"hard_model"}
    # https://github.com/aws-samples/amazon-bedrock-audio-summarizer/issues/3 (a ValidationException that is access)
    denied = (
        "An error occurred (ValidationException) when calling the InvokeModel operation: Your account is not "
        "authorized to invoke this API operation."
    )
    assert category({"provider": "bedrock", "message": denied}) == "auth"


def test_more_provider_wording() -> None:
    # https://github.com/google-gemini/gemini-cli/issues/15498
    exhausted = (
        "[API Error: Resource exhausted. Please try again later. Please refer to "
        "https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.]"
    )
    assert category({"provider": "vertex", "message": exhausted}) == "rate_limit"
    # https://github.com/BerriAI/litellm/issues/18927, https://github.com/openai/codex/issues/46142 and
    # https://github.com/HKUDS/LightRAG/issues/2004 (also in the held-out batch B)
    limit = "ContextWindowExceededError: OpenAIException - Input tokens exceed the configured limit of 272000 tokens."
    assert category({"provider": "openai", "message": limit}) == "hard_capability"
    assert category({"provider": "openai", "message": "Selected model is at capacity"}) == "transient_provider"
    gone = "ERROR - limit_async: Error in decorated function: Server disconnected without sending a response"
    assert category({"provider": "openai", "message": gone}) == "network"


def test_local_servers_context_and_memory() -> None:
    # https://github.com/ggml-org/llama.cpp/pull/15780: llama-server's context error, sent as a 500
    body = {
        "error": {
            "code": 500,
            "message": "the request exceeds the available context size. try increasing the context size or enable "
            "context shift",
            "type": "exceed_context_size_error",
            "n_prompt_tokens": 1407,
            "n_ctx": 256,
        }
    }
    assert category({"provider": "llama.cpp", "message": json.dumps(body)}) == "hard_capability"
    # https://github.com/continuedev/continue/issues/11715 and https://github.com/ollama/ollama/issues/10920
    memory: list[dict[str, Any]] = [
        {
            "provider": "ollama",
            "http_status": 500,
            "message": '"model requires more system memory (5.0 GiB) than is available (3.9 GiB)"',
        },
        {
            "provider": "ollama",
            "message": "Error: model requires more system memory (164.8 GiB) than is available (13.4 GiB)",
        },
    ]
    assert {category(row) for row in memory} == {"hard_capability"}


def test_a_disabled_organization_is_auth() -> None:
    # https://github.com/anthropics/claude-code/issues/9384 (sent as a 400 invalid_request_error)
    text = (
        'Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"This organization has been '
        'disabled."},"request_id":"req_011CU1tD5MQwnrjq9cvxr22G"}'
    )
    assert category({"provider": "anthropic", "message": text}) == "auth"


def test_an_error_rollup_and_a_plain_error_string() -> None:
    # an `error_rollups` document as the llm-benchmarks seed (../shared/seeds) stores it: samples, no `message`;
    # its sample is OpenHands/OpenHands#998's text
    rollup = {
        "fingerprint": "abc123",
        "provider": "openai",
        "model_name": "gpt-4",
        "stage": "generate",
        "count": 42,
        "last_seen": "2026-03-02T00:00:00Z",
        "sample_messages": [
            "OpenAIException - Error code: 429 - {'error': {'message': 'You exceeded your current quota, please "
            "check your plan and billing details. For more information on this error, read the docs: "
            "https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': "
            "None, 'code': 'insufficient_quota'}}"
        ],
    }
    (rec,) = records(rollup)
    assert (rec.exception_type, rec.http_status, rec.model) == ("insufficient_quota", 429, "gpt-4")
    assert category(rollup) == "billing"
    # the Inference API's own body, https://github.com/huggingface/unity-api/issues/18, logged with its provider
    loading = {
        "provider": "huggingface",
        "error": "Model distilbert-base-cased-distilled-squad is currently loading",
        "estimated_time": 20.0,
    }
    assert category(loading) == "transient_provider"
