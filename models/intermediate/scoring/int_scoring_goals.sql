{{ config(materialized='table') }}
{#- One row per configured (scoring goal, model type), with the run settings the
    training and scoring steps need. The configuration is validated at compile time:
    a bad goal list stops the run with a message naming the goal and the field. -#}
{%- set goals = validate_scoring_goals() -%}
{%- if var('scoring_class_weighting') not in ('none', 'sqrt', 'balanced') -%}
    {{ exceptions.raise_compiler_error("scoring_class_weighting must be none, sqrt or balanced, got '" ~ var('scoring_class_weighting') ~ "'") }}
{%- endif -%}
{%- if var('scoring_model_search') not in ('full', 'quick') -%}
    {{ exceptions.raise_compiler_error("scoring_model_search must be full or quick, got '" ~ var('scoring_model_search') ~ "'") }}
{%- endif -%}
{%- set rows = [] -%}
{%- for goal in goals -%}
    {%- for model_type in goal.get('model_types', ['person', 'account']) -%}
        {%- do rows.append({'goal': goal, 'model_type': model_type, 'position': loop.index}) -%}
    {%- endfor -%}
{%- endfor -%}
with

configured as (

    {% for row in rows %}
    select
        {{ sql_text_literal(row.goal['name']) }} as goal_name,
        {{ sql_text_literal(row.goal['type']) }} as goal_type,
        {{ sql_text_literal(row.goal.get('attribute_name')) }} as attribute_name,
        {{ sql_text_literal(row.goal.get('new_value')) }} as new_value,
        {{ sql_text_literal(row.goal.get('converted_status')) }} as converted_status,
        cast({{ row.goal['prediction_window_days'] }} as integer) as prediction_window_days,
        {{ sql_text_literal(row.model_type) }} as model_type,
        {{ sql_text_literal(row.goal.get('algorithm', 'lightgbm')) }} as algorithm
    {% if not loop.last %}union all{% endif %}
    {% else %}
    select
        cast(null as varchar) as goal_name,
        cast(null as varchar) as goal_type,
        cast(null as varchar) as attribute_name,
        cast(null as varchar) as new_value,
        cast(null as varchar) as converted_status,
        cast(null as integer) as prediction_window_days,
        cast(null as varchar) as model_type,
        cast(null as varchar) as algorithm
    where false
    {% endfor %}

),

final as (

    select
        goal_name || '/' || model_type as goal_model_key,
        goal_name,
        goal_type,
        attribute_name,
        new_value,
        converted_status,
        prediction_window_days,
        model_type,
        algorithm,
        {{ run_date_literal() }} as run_date,
        cast({{ var('scoring_training_cadence_days') }} as integer) as training_cadence_days,
        cast({{ 'true' if var('scoring_force_training') in (true, 'true', 'True', 1, '1') else 'false' }} as boolean) as force_training,
        cast({{ var('scoring_min_history_days') }} as integer) as min_history_days,
        cast({{ var('scoring_min_conversion_events') }} as integer) as min_conversion_events,
        cast({{ var('scoring_top_factors') }} as integer) as top_factors,
        {{ sql_text_literal(var('scoring_class_weighting')) }} as class_weighting,
        {{ sql_text_literal(var('scoring_model_search')) }} as model_search,
        cast({{ var('scoring_cutoff_step_days') }} as integer) as cutoff_step_days,
        cast({{ var('scoring_max_cutoffs') }} as integer) as max_cutoffs
    from configured

)

select * from final
