{% macro segment_members(enriched_model, model_type, columns, where, extra_columns=[]) -%}
    {#- The shared body of segment_persons / segment_accounts: the rows of an enriched
        mart for which `where` holds, with segment_name (the model's name), the given
        standard columns, every score column of model_type, extra_columns and run_date. -#}
with

members as (

    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {{- goal_score_column_list(model_type) }}
        {%- for column in extra_columns %}
        {{ column }},
        {%- endfor %}
        run_date
    from {{ ref(enriched_model) }}
    where {{ where }}

),

final as (

    select
        '{{ this.identifier }}' as segment_name,
        members.*
    from members

)

select * from final
{%- endmacro %}
