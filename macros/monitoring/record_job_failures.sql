{% macro record_job_failures(results) %}
    {#- on-run-end hook: writes a 'failed' row into enrichment_job_runs for every model
        of an enrichment job that errored in this invocation (the job's log model and
        enrichment_job_runs are then skipped by dbt, so the failure would otherwise
        only be in run_results.json), with the error message as status_reason. When
        enrichment_job_runs itself was rebuilt, the run date's failure rows of earlier
        invocations are removed (their jobs have now succeeded). Does nothing until
        enrichment_job_runs exists. -#}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
        {%- set relation = adapter.get_relation(
            database=target.database, schema=target.schema, identifier='enrichment_job_runs') -%}
        {%- if relation is not none -%}
            {%- set statements = [] -%}
            {%- set run_day = run_date_literal() -%}
            {%- for result in results -%}
                {%- if result.node.resource_type == 'model' and result.node.name == 'enrichment_job_runs'
                        and result.status == 'success' -%}
                    {%- do statements.append(
                        "delete from " ~ relation ~ " where log_model = 'dbt_run_results'"
                        ~ " and run_date = " ~ run_day) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- for result in results if result.node.resource_type == 'model' and result.status == 'error' -%}
                {%- set path = result.node.original_file_path -%}
                {%- set name = result.node.name -%}
                {%- if 'related_accounts' in path -%}
                    {%- set job = 'related_accounts' -%}
                {%- elif 'matching' in path -%}
                    {%- set job = 'lead_to_account_matching' -%}
                {%- elif 'scoring' in path -%}
                    {%- set job = 'scoring_training' if ('registry' in name or 'training' in name) else 'scoring' -%}
                {%- else -%}
                    {%- set job = none -%}
                {%- endif -%}
                {%- if job is not none -%}
                    {%- set message = ((result.message or 'error') | string)[:1000] | replace("'", "''") -%}
                    {%- set run_id = "md5(cast(" ~ run_day ~ " as varchar) || '|" ~ job ~ "|dbt:" ~ name ~ "')" -%}
                    {%- do statements.append("delete from " ~ relation ~ " where run_id = " ~ run_id) -%}
                    {%- do statements.append(
                        "insert into " ~ relation ~ " by name select "
                        ~ run_id ~ " as run_id, '" ~ job ~ "' as job_name, 'dbt:" ~ name ~ "' as job_part, "
                        ~ run_day ~ " as run_date, 'failed' as status, "
                        ~ "'dbt model " ~ name ~ " failed: " ~ message ~ "' as status_reason, "
                        ~ "cast('" ~ run_started_at ~ "' as timestamp) as started_at, "
                        ~ "cast(current_timestamp as timestamp) as finished_at, "
                        ~ "'dbt_run_results' as log_model, "
                        ~ "cast(current_timestamp as timestamp) as recorded_at") -%}
                {%- endif -%}
            {%- endfor -%}
            {%- for statement in statements -%}
                {%- do run_query(statement) -%}
            {%- endfor -%}
            
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
