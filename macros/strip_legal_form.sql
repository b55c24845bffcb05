{% macro strip_legal_form(names_cte, legal_forms_relation, side='end') -%}
    {#- one round of legal-form removal: for each (name, core) row of names_cte, the
        longest run of up to 4 tokens at the end of core (side='end') or at its start
        (side='start': 'ooo gazprom neft', 'pt bank mandiri'; only the forms that open
        names in their legal system, opens_names of int_legal_forms) that is a legal
        form is cut, as long as a token is left. Runs are enumerated so the lookup is
        an equi-join. -#}
    {%- if side not in ('end', 'start') -%}
        {{ exceptions.raise_compiler_error("strip_legal_form: side must be 'end' or 'start', got " ~ side) }}
    {%- endif -%}
    select
        runs.name,
        coalesce(
            {%- if side == 'end' %}
            array_to_string(list_slice(runs.tokens, 1, len(runs.tokens) - max(lf.token_count)), ' '),
            {%- else %}
            array_to_string(list_slice(runs.tokens, max(lf.token_count) + 1, len(runs.tokens)), ' '),
            {%- endif %}
            runs.core
        ) as core
    from (
        select
            n.name,
            n.core,
            n.tokens,
            {%- if side == 'end' %}
            array_to_string(list_slice(n.tokens, len(n.tokens) - k + 1, len(n.tokens)), ' ') as run
            {%- else %}
            array_to_string(list_slice(n.tokens, 1, k), ' ') as run
            {%- endif %}
        from (select name, core, string_split(core, ' ') as tokens from {{ names_cte }}) as n
        cross join range(1, 5) as run_lengths(k)
        where k < len(n.tokens) or k = 1
    ) as runs
    left join {{ legal_forms_relation }} as lf
        on lf.legal_form_normalized = runs.run
        and lf.token_count < len(runs.tokens)
        {%- if side == 'start' %}
        and lf.opens_names
        {%- endif %}
    group by runs.name, runs.core, runs.tokens
{%- endmacro %}
