{% macro strip_trailing_legal_form(names_cte, legal_forms_relation) -%}
    {#- one round of legal-form removal: for each (name, core) row of names_cte, the
        longest trailing run of up to 4 tokens that is a legal form is cut from core, as
        long as a token is left. Tails are enumerated so the lookup is an equi-join. -#}
    select
        tails.name,
        coalesce(
            array_to_string(list_slice(tails.tokens, 1, len(tails.tokens) - max(lf.token_count)), ' '),
            tails.core
        ) as core
    from (
        select
            n.name,
            n.core,
            n.tokens,
            array_to_string(list_slice(n.tokens, len(n.tokens) - k + 1, len(n.tokens)), ' ') as tail
        from (select name, core, string_split(core, ' ') as tokens from {{ names_cte }}) as n
        cross join range(1, 5) as tail_lengths(k)
        where k < len(n.tokens) or k = 1
    ) as tails
    left join {{ legal_forms_relation }} as lf
        on lf.legal_form_normalized = tails.tail
        and lf.token_count < len(tails.tokens)
    group by tails.name, tails.core, tails.tokens
{%- endmacro %}
