{{ config(materialized='view') }}
{#- Candidate leads the deterministic tier left unmatched or ambiguous: the input of the
    probabilistic (Splink) tier. -#}
with

decided as (

    select person_key
    from {{ ref('int_matching_deterministic_matches') }}
    where not is_ambiguous

),

final as (

    select l.*
    from {{ ref('int_matching_candidate_leads') }} as l
    anti join decided as d on d.person_key = l.person_key

)

select * from final
