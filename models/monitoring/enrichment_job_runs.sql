{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='run_id',
    on_schema_change='append_new_columns'
) }}
{#- One row per job run (job, part, run date), accumulated across runs: the union of
    the per-job log models, which all share the job-log columns (job_name, job_part,
    run_date, status, status_reason, started_at, finished_at, profiles_read,
    profiles_processed, metrics, next_scoring_date, next_training_date). A rerun of
    a run date replaces that date's rows of the jobs it logs (delete+insert on run_id)
    instead of adding duplicates; a log holding several rows of one run (a log that
    appends per invocation) gives its latest. A new job adds its log model to job_logs
    below. -#}
{%- set job_logs = ['input_job_log', 'matching_job_log', 'related_accounts_job_log', 'scoring_job_log'] -%}
{%- set log_columns = ['job_name', 'job_part', 'run_date', 'status', 'status_reason',
                       'started_at', 'finished_at', 'profiles_read', 'profiles_processed',
                       'metrics', 'next_scoring_date', 'next_training_date'] -%}
with

job_logs as (

    {% for job_log in job_logs %}
    select
        {%- for column in log_columns %}
        {{ column }},
        {%- endfor %}
        '{{ job_log }}' as log_model
    from {{ ref(job_log) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

typed as (

    select
        cast(job_name as varchar) as job_name,
        cast(job_part as varchar) as job_part,
        cast(run_date as date) as run_date,
        cast(status as varchar) as status,
        cast(status_reason as varchar) as status_reason,
        cast(started_at as timestamp) as started_at,
        cast(finished_at as timestamp) as finished_at,
        cast(profiles_read as bigint) as profiles_read,
        cast(profiles_processed as bigint) as profiles_processed,
        cast(metrics as varchar) as metrics,
        cast(next_scoring_date as date) as next_scoring_date,
        cast(next_training_date as date) as next_training_date,
        log_model
    from job_logs

),

latest_per_run as (

    -- a log that appends a row per invocation can hold several rows of one run date:
    -- the last one wins, as it will in this table
    select *
    from typed
    qualify row_number() over (
        partition by run_date, job_name, coalesce(job_part, '')
        order by finished_at desc nulls last, started_at desc nulls last
    ) = 1

),

final as (

    select
        -- ids
        md5(cast(run_date as varchar) || '|' || job_name || '|' || coalesce(job_part, ''))
            as run_id,
        job_name,
        job_part,
        run_date,
        -- outcome
        status,
        status_reason,
        -- timestamps
        started_at,
        finished_at,
        round(epoch(finished_at) - epoch(started_at), 3) as duration_seconds,
        -- volumes
        profiles_read,
        profiles_processed,
        case when log_model = 'matching_job_log' then profiles_processed end
            as profiles_matched,
        case when job_name = 'scoring' then profiles_processed end as profiles_scored,
        case when log_model = 'related_accounts_job_log' then profiles_processed end
            as profiles_clustered,
        -- key metrics
        try_cast(json_extract_string(metrics, '$.match_rate') as double) as match_rate,
        try_cast(coalesce(
            json_extract_string(metrics, '$.model_auc'),
            json_extract_string(metrics, '$.auc')
        ) as double) as model_auc,
        metrics,
        -- schedule
        next_scoring_date,
        next_training_date,
        log_model,
        cast(current_timestamp as timestamp) as recorded_at
    from latest_per_run

)

select * from final
