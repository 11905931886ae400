"""Model classification of what the rules cannot settle (see docs/llm.md).

`classifier.wiring.build_llm_stage(settings, taxonomy, examples)` returns the `LLMStage` the classify stage calls, or
None and the reason. One backend module per SDK: `anthropic_backend` (Messages and Batches API) and
`openai_backend` (OpenAI-compatible servers).
"""
