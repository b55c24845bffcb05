{#- Every host seen in emails and websites, reduced to its registered domain with the
    Public Suffix List (exact, wildcard and exception rules; default rule '*'), and
    flagged when it is a free-mail or a hosting/social platform domain. -#}
with

hosts as (

    select email_host as host from {{ ref('stg_person_profiles') }} where email_host is not null
    union
    select website_host from {{ ref('stg_person_profiles') }} where website_host is not null
    union
    select website_host from {{ ref('stg_account_profiles') }} where website_host is not null

),

labelled as (

    select
        host,
        string_split(host, '.') as labels,
        len(string_split(host, '.')) as label_count
    from hosts

),

candidate_suffixes as (

    select
        host,
        labels,
        label_count,
        suffix_labels,
        array_to_string(list_slice(labels, label_count - suffix_labels + 1, label_count), '.') as suffix,
        array_to_string(list_slice(labels, label_count - suffix_labels + 2, label_count), '.') as parent_suffix
    from labelled
    cross join range(1, 8) as lengths(suffix_labels)
    where suffix_labels <= label_count

),

rule_matches as (

    select c.host, c.suffix_labels, false as is_exception
    from candidate_suffixes as c
    inner join {{ ref('public_suffixes') }} as psl
        on psl.suffix = c.suffix and psl.rule_type = 'exact'
    union all
    select c.host, c.suffix_labels, false
    from candidate_suffixes as c
    inner join {{ ref('public_suffixes') }} as psl
        on psl.suffix = c.parent_suffix and psl.rule_type = 'wildcard'
    where c.suffix_labels >= 2
    union all
    select c.host, c.suffix_labels - 1, true
    from candidate_suffixes as c
    inner join {{ ref('public_suffixes') }} as psl
        on psl.suffix = c.suffix and psl.rule_type = 'exception'

),

public_suffix_lengths as (

    select
        host,
        coalesce(
            max(case when is_exception then suffix_labels end),
            max(suffix_labels)
        ) as suffix_labels
    from rule_matches
    group by host

),

registered as (

    select
        l.host,
        case
            when l.label_count > coalesce(p.suffix_labels, 1)
            then array_to_string(
                list_slice(l.labels, l.label_count - coalesce(p.suffix_labels, 1), l.label_count), '.')
        end as registered_domain
    from labelled as l
    left join public_suffix_lengths as p on p.host = l.host

),

final as (

    select
        r.host,
        r.registered_domain,
        (fm_host.domain is not null or fm_reg.domain is not null) as is_free_mail,
        (pl_host.domain is not null or pl_reg.domain is not null) as is_platform
    from registered as r
    left join {{ ref('free_mail_domains') }} as fm_host on fm_host.domain = r.host
    left join {{ ref('free_mail_domains') }} as fm_reg on fm_reg.domain = r.registered_domain
    left join {{ ref('platform_domains') }} as pl_host on pl_host.domain = r.host
    left join {{ ref('platform_domains') }} as pl_reg on pl_reg.domain = r.registered_domain

)

select * from final
