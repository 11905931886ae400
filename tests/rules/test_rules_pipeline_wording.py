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


@pytest.mark.parametrize(
    ("exception", "message", "expected"),
    [
        # https://github.com/yahoo/TensorFlowOnSpark/issues/426 (YARN killing a Spark executor)
        (
            "",
            "internal: Container killed by YARN for exceeding memory limits. 116.8 GB of 60 GB virtual memory used. "
            "Consider boosting spark.yarn.executor.memoryOverhead.",
            "WORKFLOW_ENGINE",
        ),
        # https://github.com/apache/airflow/issues/10435
        ("", "INFO - Task exited with return code Negsignal.SIGKILL", "WORKFLOW_ENGINE"),
        # https://github.com/apache/airflow/issues/38113 (also in the held-out batch B)
        ("", "Recorded pid 248 does not match the current pid 249", "WORKFLOW_ENGINE"),
        # https://github.com/dbt-labs/dbt-core/issues/2504 (an object the SQL names is not there, as a binding error)
        (
            "",
            "Database Error in test dbt_utils_equality_my_second_dbt_model_id__ref_my_first_dbt_model_ "
            "(models/example/schema.yml)\n    002003 (42S02): SQL compilation error:\n    Table "
            "'DB.SCHEMA.MY_SECOND_DBT_MODEL' does not exist or not authorized.",
            "WORKFLOW_ENGINE",
        ),
        # https://github.com/apache/beam/issues/30482 (also in batch B): the engine's own timeout, no third party
        (
            "",
            "The job failed because a work item has failed 4 times. Look in previous log entries for the cause of each "
            "one of the 4 failures.\n      Root cause: Timed out waiting for an update from the worker.",
            "WORKFLOW_ENGINE",
        ),
        # https://github.com/elementary-data/dbt-data-reliability/issues/809 (a dbt data test's result)
        ("", "Got 0 results, configured to fail if =0", "INPUT_DATA_QUALITY"),
        # https://github.com/DataLinkDC/dinky/issues/3533 (Flink SQL casting 'abc' to int)
        (
            "",
            "Caused by: java.lang.NumberFormatException: For input string: 'abc'. Invalid character found",
            "INPUT_DATA_QUALITY",
        ),
        # https://github.com/FlexMeasures/flexmeasures/issues/1922 (the exception type alone would say so too)
        (
            "sqlalchemy.exc.DataError",
            '(psycopg2.errors.InvalidTextRepresentation) invalid input syntax for type integer: "foo"',
            "INPUT_DATA_QUALITY",
        ),
    ],
)
def test_engine_kills_and_data_checks(exception: str, message: str, expected: str) -> None:
    assert category(exception, message) == expected


@pytest.mark.parametrize(
    ("exception", "message", "expected"),
    [
        # https://github.com/GoogleCloudPlatform/vertex-ai-samples/issues/174 (the warehouse refusing the job)
        (
            "",
            "google.api_core.exceptions.Forbidden: 403 POST https://bigquery.googleapis.com/bigquery/v2/projects/"
            "vf64cb108e9b1b4cfp-tp/jobs?prettyPrint=false: Access Denied: Project vf64cb108e9b1b4cfp-tp: User does not "
            "have bigquery.jobs.create permission in project vf64cb108e9b1b4cfp-tp.",
            "THIRD_PARTY_SYSTEM",
        ),
        # https://github.com/mozilla/lookml-generator/pull/462
        (
            "google.api_core.exceptions.Forbidden",
            "403 GET https://bigquery.googleapis.com/bigquery/v2/projects/mozdata/datasets/search_terms_unsanitized_"
            "analysis/tables/prototype_sanitation_job_metadata?prettyPrint=false: Access Denied: Table mozdata:"
            "search_terms_unsanitized_analysis.prototype_sanitation_job_metadata: Permission bigquery.tables.get "
            "denied on table mozdata:search_terms_unsanitized_analysis.prototype_sanitation_job_metadata (or it may "
            "not exist).",
            "THIRD_PARTY_SYSTEM",
        ),
        # https://github.com/NVIDIA/cudf-spark-examples/issues/144 (a column's type in the files is not the schema's)
        (
            "",
            "org.apache.spark.sql.execution.QueryExecutionException: Parquet column cannot be converted in file "
            "hdfs://XXX:9000/datXXXXn/part-0XXXX711607e3ba72-c000.snappy.parquet. Column: [loan_age], Expected: float, "
            "Found: DOUBLE",
            "INPUT_DATA_QUALITY",
        ),
        # https://github.com/databricks/spark-redshift/pull/53 and https://github.com/estuary/connectors/pull/918
        # (both also in the held-out pipeline batch C)
        (
            "java.sql.SQLException",
            "[Amazon](500310) Invalid operation: Load into table "
            "'error_message_when_string_too_long_3596907251636891354' failed.  Check 'stl_load_errors' system table "
            "for details.;",
            "INPUT_DATA_QUALITY",
        ),
        ("", "ERROR: Cannot COPY into nonexistent table some_table (SQLSTATE XX000)", "WORKFLOW_ENGINE"),
    ],
)
def test_warehouse_access_and_file_types(exception: str, message: str, expected: str) -> None:
    assert category(exception, message) == expected
