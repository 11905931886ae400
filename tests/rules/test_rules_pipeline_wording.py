"""Data-pipeline job errors in the words of common engines and loaders (real texts from public issue threads,
trimmed), stored as a workflow manager's job row: which part failed, the input data, the engine or a third party.
"""

from __future__ import annotations

import json

import pytest

from classifier.extract import extract_document
from classifier.normalize import normalize
from classifier.rules.loader import load_rules
from classifier.rules.taxonomy import load_taxonomy
from tests.extract.helpers import bytes_doc

RULES = load_rules([], load_taxonomy("data_pipeline"))


def category(exception: str, message: str) -> str:
    row = {
        "id": "j1",
        "pipeline": "p",
        "data": {"run_info": {"errors": [{"exception": exception, "message": message}]}},
    }
    (rec,) = extract_document(bytes_doc("jobs.json", json.dumps(row).encode())).records
    match = RULES.classify(rec, normalize(rec.message, "v1").text)
    return match.category if match is not None else "UNKNOWN"


@pytest.mark.parametrize(
    ("exception", "message", "expected"),
    [
        # https://github.com/apache/seatunnel/issues/1919: Spark's binding error (as the taxonomy's BinderException)
        (
            "",
            "Caused by: org.apache.spark.sql.AnalysisException: cannot resolve '`url`' given input columns: []; "
            "line 1 pos 7;",
            "WORKFLOW_ENGINE",
        ),
        # https://github.com/apache/airflow/issues/16573
        ("", "airflow.exceptions.AirflowException: Task received SIGTERM signal", "WORKFLOW_ENGINE"),
        # https://github.com/apache/beam/issues/19306 (Dataflow)
        (
            "",
            "Workflow failed. Causes: S13:write to bucket/Write/WriteImpl/FinalizeWrite/FinalizeWrite failed., A "
            "work item was attempted 4 times without success. Each time the worker eventually lost contact with the "
            "service.",
            "WORKFLOW_ENGINE",
        ),
        # https://github.com/PrefectHQ/prefect/issues/14775
        (
            "",
            "Flow run 'functional-kingfisher' - Finished in state Failed('Flow run encountered an exception. "
            "UnfinishedRun: Run is in PENDING state, its result is not available.')",
            "WORKFLOW_ENGINE",
        ),
        # https://github.com/astronomer/astro-sdk/issues/1708 (a Snowflake COPY)
        (
            "snowflake.connector.errors.ProgrammingError",
            "100038 (22018): 01aa153d-0606-b80e-0000-682122c74986: Numeric "
            "value 'id' is not recognized\n  File 'sample.csv', line 1, character 1",
            "INPUT_DATA_QUALITY",
        ),
        # https://github.com/brooklyn-data/dbt_artifacts/issues/219 (dbt on Snowflake)
        ("", "Database Error\n  100038 (22018): Numeric value '' is not recognized Code: 10003", "INPUT_DATA_QUALITY"),
        # https://github.com/r-dbi/bigrquery/issues/344 (a BigQuery load)
        (
            "",
            "Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: 1; "
            "errors: 1. Please look into the errors[] collection for more details. [invalid]",
            "INPUT_DATA_QUALITY",
        ),
        # https://github.com/guanwei49/LogLLM/issues/1
        (
            "",
            "pandas.errors.ParserError: Error tokenizing data. C error: Expected 6 fields in line 31, saw 7",
            "INPUT_DATA_QUALITY",
        ),
        # https://github.com/fivetran/great_expectations/issues/7652 (a failed expectation's result)
        (
            "",
            '{"result": {"element_count": 19955, "unexpected_count": 15242}, "success": false, "expectation_config": '
            '{"expectation_type": "expect_column_values_to_not_be_null"}}',
            "INPUT_DATA_QUALITY",
        ),
    ],
)
def test_engine_and_loader_wording(exception: str, message: str, expected: str) -> None:
    assert category(exception, message) == expected


def test_a_third_party_failure_stays_third_party_inside_an_engine_exception() -> None:
    # https://github.com/PrefectHQ/prefect/issues/5261: the engine reports the remote API that timed out
    message = (
        'Flow run is no longer in a running state; the current state is: <Failed: "HTTPSConnectionPool(host='
        "'api.prefect.io', port=443): Read timed out. (read timeout=15)\">"
    )
    assert category("", message) == "THIRD_PARTY_SYSTEM"
