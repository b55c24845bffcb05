with

legal_forms as (

    select {{ normalize_text('legal_form') }} as legal_form_normalized, false as opens_names
    from {{ ref('legal_forms') }}
    union all
    select {{ normalize_text('legal_form') }}, true
    from {{ ref('leading_legal_forms') }}

),

final as (

    select
        legal_form_normalized,
        len(string_split(legal_form_normalized, ' ')) as token_count,
        bool_or(opens_names) as opens_names
    from legal_forms
    where legal_form_normalized is not null
    group by legal_form_normalized

)

select * from final
