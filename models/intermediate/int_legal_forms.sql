with

legal_forms as (

    select {{ normalize_text('legal_form') }} as legal_form_normalized
    from {{ ref('legal_forms') }}

),

final as (

    select distinct
        legal_form_normalized,
        len(string_split(legal_form_normalized, ' ')) as token_count
    from legal_forms
    where legal_form_normalized is not null

)

select * from final
