{% macro strip_name_qualifiers(names_cte, qualifiers_relation) -%}
    {#- one round of qualifier removal for the related-accounts name stem: for each
        (name, core) row of names_cte, the longest trailing run of up to 4 tokens that
        is a qualifier (country, region, holding word, department; see
        int_related_account_qualifiers) is cut from core, as long as a token is left and
        what is left does not end in a connector ('bank of america' keeps 'america',
        'smith and jordan' keeps 'jordan'). Same enumeration as strip_legal_form. -#}
    select
        stripped.name,
        case
            when regexp_matches(stripped.core,
                ' (and|of|de|du|des|der|den|die|das|et|y|e|und|en|van|von|la|le|da|do|di|del|the|for)$')
            then previous.core
            else stripped.core
        end as core
    from (
        {{ strip_legal_form(
            names_cte,
            '(select phrase as legal_form_normalized, token_count from ' ~ qualifiers_relation ~ ')'
        ) }}
    ) as stripped
    inner join {{ names_cte }} as previous on previous.name = stripped.name
{%- endmacro %}
