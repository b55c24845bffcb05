{#- Every normalized company / account name with its core: legal forms removed from the
    end (two rounds, so 'acme holdings gmbh co kg' and 'acme co ltd' both reduce), then
    a form that opens names in its legal system from the start ('ooo gazprom neft',
    'pt bank mandiri persero tbk' -> 'bank mandiri'), then a mistyped one from the end
    ('mayaashi healthcare privtae limited' -> 'mayaashi healthcare'): the form the
    matchers and the related-accounts job compare. -#}
with

names as (

    select company_name_normalized as name from {{ ref('stg_person_profiles') }}
    where company_name_normalized is not null
    union
    select account_name_normalized from {{ ref('stg_account_profiles') }}
    where account_name_normalized is not null

),

round_0 as (

    select name, name as core from names

),

round_1 as (

    {{ strip_legal_form('round_0', ref('int_legal_forms')) }}

),

round_2 as (

    {{ strip_legal_form('round_1', ref('int_legal_forms')) }}

),

round_3 as (

    {{ strip_legal_form('round_2', ref('int_legal_forms'), side='start') }}

),

round_4 as (

    {{ strip_mistyped_legal_form('round_3', ref('int_legal_forms')) }}

),

final as (

    select
        name as name_normalized,
        core as name_core
    from round_4

)

select * from final
