{% macro segment_persons(where, extra_columns=[]) -%}
    {#- The body of a person segment model: the persons of person_profiles_enriched for
        which the SQL condition `where` holds (any of its columns; subqueries allowed),
        with the standard segment columns (segment_name = the model's name, person,
        account, contact fields, every person score column) plus extra_columns. Usage,
        a whole segment model:
            {{ segment_persons(where="score_lead_conversion >= 80 and work_country_code = 'DE'") }} -#}
    {{- segment_members(
        'person_profiles_enriched', 'person',
        [
        'person_key',
        'account_key',
        'account_association',
        'account_name',
        'account_industry',
        'account_group_id',
        'first_name',
        'last_name',
        'work_email',
        'job_title',
        'work_country_code'
        ],
        where, extra_columns) -}}
{%- endmacro %}
