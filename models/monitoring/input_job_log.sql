{#- One row per run for the input check: rows read and rejected per raw table, and the
    export's tolerated gaps (an absent optional table, absent optional columns) as
    warnings. 'partial' when the export lacks optional inputs (the jobs run on what is
    there), else 'success'. The missing required inputs never get here: they stop the
    run before any model (validate_raw_inputs). -#}
{%- set warnings = raw_input_warnings() -%}
with

staged as (

    select 'person_profiles' as source_table, count(*) as rows_read,
        count(*) filter (where reject_reason is not null) as rows_rejected
    from {{ ref('stg_person_profiles') }}
    union all
    select 'account_profiles', count(*), count(*) filter (where reject_reason is not null)
    from {{ ref('stg_account_profiles') }}
    union all
    select 'experience_events', count(*), count(*) filter (where reject_reason is not null)
    from {{ ref('stg_experience_events') }}
    union all
    select 'account_person_relations', count(*), count(*) filter (where reject_reason is not null)
    from {{ ref('stg_account_person_relations') }}

),

rejects as (

    select count(*) as rejected_rows from {{ ref('input_rejects') }}

),

volumes as (

    select
        sum(rows_read) as rows_read,
        to_json(list(
            {'source_table': source_table, 'rows_read': rows_read,
             'rows_rejected_in_staging': rows_rejected}
            order by source_table
        )) as per_table
    from staged

),

final as (

    select
        'input_validation' as job_name,
        cast(null as varchar) as job_part,
        {{ run_date_literal() }} as run_date,
        {% if warnings -%}
        'partial' as status,
        {{ sql_text_literal(warnings | join('; ')) }} as status_reason,
        {%- else -%}
        'success' as status,
        cast(null as varchar) as status_reason,
        {%- endif %}
        cast('{{ run_started_at }}' as timestamp) as started_at,
        cast(current_timestamp as timestamp) as finished_at,
        v.rows_read as profiles_read,
        v.rows_read - r.rejected_rows as profiles_processed,
        cast(json_object(
            'tables', v.per_table,
            'rejected_rows', r.rejected_rows,
            'warnings', {{ sql_text_literal(tojson(warnings)) }}::json
        ) as varchar) as metrics,
        cast(null as date) as next_scoring_date,
        cast(null as date) as next_training_date
    from volumes as v
    cross join rejects as r

)

select * from final
