with

aliases as (

    select
        {{ normalize_text('alias') }} as alias_normalized,
        upper(country_code) as country_code
    from {{ ref('country_aliases') }}

),

final as (

    -- an alias that names two countries in different languages is ambiguous: dropped
    select
        alias_normalized,
        min(country_code) as country_code
    from aliases
    where alias_normalized is not null
    group by alias_normalized
    having count(distinct country_code) = 1

)

select * from final
