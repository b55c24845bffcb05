{#- The domain and name edges between accounts that the clustering step joins
    (parent links are read from int_related_account_profiles directly). An exclusive
    edge (a regional arm, a brand extension) holds only if all exclusive edges of its
    first account lead into one group. A domain is
    linked as a star, every account to the smallest account key using the domain,
    so a domain used by n accounts costs n - 1 edges, not n squared. -#}
with

profiles as (

    select
        account_key,
        linking_domain
    from {{ ref('int_related_account_profiles') }}
    where linking_domain is not null

),

domain_edges as (

    select
        account_key,
        min(account_key) over (partition by linking_domain) as domain_representative
    from profiles

),

candidates as (

    select
        account_key_a,
        account_key_b,
        similar_name_strength,
        head_account_key,
        is_similar_name,
        regional_account_key,
        brand_extension_key,
        brand_share
    from {{ ref('int_related_account_name_candidates') }}
    where is_name_link

),

name_edges as (

    select
        account_key_a,
        account_key_b,
        -- see int_related_account_name_candidates.similar_name_strength
        similar_name_strength as strength,
        false as is_exclusive,
        'similar_name' as kind
    from candidates
    where is_similar_name
    union all
    -- oriented from the regional account, exclusive: kept only when all the regional
    -- account's targets fall in one group (decided by the clustering step)
    select
        regional_account_key,
        case
            when regional_account_key = account_key_a then account_key_b else account_key_a
        end,
        1.0,
        true,
        'regional_arm'
    from candidates
    where regional_account_key is not null
    union all
    -- oriented from the record with a head ('tencent (gtimg.com)') to the account
    -- named like its head ('tencent'), exclusive as well
    select
        head_account_key,
        case when head_account_key = account_key_a then account_key_b else account_key_a end,
        1.0,
        true,
        'name_head'
    from candidates
    where head_account_key is not null
    union all
    -- oriented from the brand extension ('google analytics') to its brand ('google'),
    -- exclusive as well; strength: the share of the longer name the brand spells
    select
        brand_extension_key,
        case
            when brand_extension_key = account_key_a then account_key_b else account_key_a
        end,
        brand_share,
        true,
        'brand_extension'
    from candidates
    where brand_extension_key is not null

),

final as (

    select
        account_key as account_key_a,
        domain_representative as account_key_b,
        'domain' as reason,
        1.0::double as strength,
        false as is_exclusive,
        'domain' as kind
    from domain_edges
    where account_key <> domain_representative
    union all
    select
        account_key_a,
        account_key_b,
        'name' as reason,
        strength::double as strength,
        is_exclusive,
        kind
    from name_edges

)

select * from final
