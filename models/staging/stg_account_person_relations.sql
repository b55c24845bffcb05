with

source as (

    {{ raw_table('account_person_relations') }}

),

renamed as (

    select
        -- ids
        {{ clean_string('person_key') }} as person_key,
        {{ clean_string('account_key') }} as account_key,

        -- attributes
        coalesce({{ clean_string('relationship_source') }}, 'source_system') as relationship_source

    from source

),

checked as (

    select
        *,
        case
            when person_key is null then 'missing person_key'
            when account_key is null then 'missing account_key'
            when row_number() over (
                partition by person_key, account_key order by relationship_source
            ) > 1 then 'duplicate relation (one row per person and account is kept)'
        end as reject_reason
    from renamed

)

select * from checked
