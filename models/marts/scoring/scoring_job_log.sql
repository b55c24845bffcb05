{#- One row per (job, goal/model type) of the run: the training job (trained today,
    reused a stored model, refused by the data-quality gates, or failed) and the scoring
    job (scored, or skipped for lack of a model). Status partial: the model in use
    validated below a baseline (points rule or logistic regression) at training (the
    reason gives both AUCs and the gap), or its validation was too thin to compare. Same columns as every job log unioned
    into enrichment_job_runs. -#}
with

goals as (

    select
        goal_name,
        model_type,
        run_date
    from {{ ref('int_scoring_goals') }}

),

registry as (

    select
        *,
        {#- a trained model's caveat: a baseline validates above it, or the
            validation is too thin to tell (b2b_enrich.scoring.registry) -#}
        case when status = 'trained' then json_extract_string(metrics, '$.caveat') end as caveat
    from {{ ref('scoring_model_registry') }}

),

stats as (

    select
        goal_name,
        model_type,
        training_examples
    from {{ ref('int_scoring_goal_stats') }}

),

attempts_today as (

    select r.*
    from registry as r
    inner join goals as g
        on g.goal_name = r.goal_name
        and g.model_type = r.model_type
        and r.training_run_date = g.run_date

),

scored as (

    select
        goal_name,
        model_type,
        min(model_id) as model_id,
        count(*) as profiles_processed,
        avg(score) as mean_score,
        min(scoring_started_at) as started_at,
        max(scoring_finished_at) as finished_at
    from {{ ref('int_scoring_scores') }}
    group by goal_name, model_type

),

profiles_available as (

    select
        'person' as model_type,
        count(*) as profiles_read
    from {{ ref('int_scoring_person_features') }}

    union all

    select
        'account' as model_type,
        count(*) as profiles_read
    from {{ ref('int_scoring_account_features') }}

),

training_rows as (

    select
        'scoring_training' as job_name,
        g.goal_name || '/' || g.model_type as job_part,
        case
            when a.status = 'trained' and a.caveat is not null then 'partial'
            when a.status = 'trained' then 'success'
            when a.status = 'refused' then 'skipped'
            when a.status = 'failed' then 'failed'
            when used.model_id is not null and used.caveat is not null then 'partial'
            when used.model_id is not null then 'success'
            else 'failed'
        end as status,
        case
            when a.status = 'trained' then 'trained: ' || a.status_reason
            when a.status is not null then a.status_reason
            when used.model_id is not null
                then 'not due: model ' || used.model_id || ' reused until '
                    || cast(used.next_training_date as varchar)
                    || coalesce('; ' || used.caveat, '')
            else 'no training attempt recorded'
        end as status_reason,
        coalesce(a.started_at, s.started_at) as started_at,
        coalesce(a.finished_at, s.started_at) as finished_at,
        case when a.status is not null then coalesce(st.training_examples, 0) else 0 end as profiles_read,
        case when a.status = 'trained'
            then cast(json_extract(a.metrics, '$.n_examples') as bigint)
            else 0
        end as profiles_processed,
        cast(json_merge_patch(
            coalesce(a.metrics, used.metrics, '{}'),
            json_object(
                'reused_model', a.status is null and used.model_id is not null,
                'model_id', coalesce(a.model_id, used.model_id),
                'algorithm', coalesce(a.algorithm, used.algorithm)
            )
        ) as varchar) as metrics,
        g.run_date + 1 as next_scoring_date,
        case
            when a.status = 'trained' then a.next_training_date
            when used.model_id is not null and a.status is null then used.next_training_date
            else g.run_date + 1
        end as next_training_date,
        g.run_date
    from goals as g
    left join attempts_today as a
        on a.goal_name = g.goal_name
        and a.model_type = g.model_type
    left join scored as s
        on s.goal_name = g.goal_name
        and s.model_type = g.model_type
    left join registry as used on used.model_id = s.model_id
    left join stats as st
        on st.goal_name = g.goal_name
        and st.model_type = g.model_type

),

scoring_rows as (

    select
        'scoring' as job_name,
        g.goal_name || '/' || g.model_type as job_part,
        case
            when s.model_id is not null and used.caveat is not null then 'partial'
            when s.model_id is not null then 'success'
            else 'skipped'
        end as status,
        case
            when s.model_id is not null
                then 'scored with model ' || s.model_id
                    || coalesce('; ' || used.caveat, '')
            else 'no trained model: ' || coalesce(a.status_reason, 'no training attempt recorded')
        end as status_reason,
        coalesce(s.started_at, a.finished_at) as started_at,
        coalesce(s.finished_at, a.finished_at) as finished_at,
        coalesce(p.profiles_read, 0) as profiles_read,
        coalesce(s.profiles_processed, 0) as profiles_processed,
        cast(json_object(
            'model_id', s.model_id,
            'reused_model', used.training_run_date < g.run_date,
            'mean_score', round(s.mean_score, 2),
            'model_auc', json_extract(used.metrics, '$.auc'),
            'model_validation_auc', json_extract(used.metrics, '$.validation_auc'),
            'baseline_validation_auc', json_extract(used.metrics, '$.baseline_validation_auc'),
            'lightgbm_config', json_extract_string(used.metrics, '$.lightgbm_config'),
            'model_lift_top_decile', json_extract(used.metrics, '$.lift_top_decile')
        ) as varchar) as metrics,
        g.run_date + 1 as next_scoring_date,
        coalesce(used.next_training_date, g.run_date + 1) as next_training_date,
        g.run_date
    from goals as g
    left join scored as s
        on s.goal_name = g.goal_name
        and s.model_type = g.model_type
    left join registry as used on used.model_id = s.model_id
    left join attempts_today as a
        on a.goal_name = g.goal_name
        and a.model_type = g.model_type
    left join profiles_available as p on p.model_type = g.model_type

),

unioned as (

    select * from training_rows
    union all
    select * from scoring_rows

),

final as (

    select
        job_name,
        job_part,
        status,
        status_reason,
        cast(started_at as timestamp) as started_at,
        cast(finished_at as timestamp) as finished_at,
        cast(profiles_read as bigint) as profiles_read,
        cast(profiles_processed as bigint) as profiles_processed,
        metrics,
        cast(next_scoring_date as date) as next_scoring_date,
        cast(next_training_date as date) as next_training_date,
        cast(run_date as date) as run_date
    from unioned

)

select * from final
