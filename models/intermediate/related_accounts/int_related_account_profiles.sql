{#- One row per account with what the related-accounts job compares: the parent key,
    the name stem (account-name core without trailing country / region / holding /
    department qualifiers and legal forms), the web domain when it may link accounts,
    and the fields that corroborate a name link (country, city, phone). -#}
with

accounts as (

    select
        a.account_key,
        a.parent_account_key,
        a.account_name_core,
        -- the head of a name with a separated tail ('Media Innovation Group - Mookie1',
        -- 'Tencent (gtimg.com)', 'Acme Inc / Finance'): the company the record names
        -- first, its tail a product, site, department or annotation
        {{ normalize_company_name(
            "nullif(trim(regexp_extract(account_name, '^(.*?[^\s])\s*(\s[-–—/|]\s|\()', 1)), '')"
        ) }} as name_head_core,
        -- the account's web domain (int_account_domains: the website's or its
        -- contacts'), else a shared website's, kept to say why it links nothing
        coalesce(d.web_domain, a.website_domain) as website_domain,
        case
            when d.web_domain is not null then d.web_domain_source
            when a.website_domain is not null then 'website'
        end as website_domain_source,
        d.web_domain is null and coalesce(a.website_is_shared, false) as website_is_shared,
        a.country_code,
        a.city_normalized,
        {{ normalize_text('a.industry') }} as industry_normalized,
        a.phone_digits
    from {{ ref('int_accounts') }} as a
    left join {{ ref('int_account_domains') }} as d on d.account_key = a.account_key

),

{%- set department_qualifiers -%}
    (select * from {{ ref('int_related_account_qualifiers') }} where kind = 'department')
{%- endset %}

round_0 as (

    -- the core starts as the name; a leading 'the' typed with two letters swapped
    -- ('teh pratt company') is cut like the article itself (normalize_company_name)
    select distinct
        name,
        case when regexp_matches(name, '^(teh|hte) [^ ]') then substr(name, 5) else name end
            as core
    from (
        select account_name_core as name from accounts
        union all
        select name_head_core from accounts
    ) as names
    where name is not null

),

round_1 as (

    {{ strip_name_qualifiers('round_0', ref('int_related_account_qualifiers')) }}

),

round_2 as (

    {{ strip_legal_form('round_1', ref('int_legal_forms')) }}

),

round_2_leading as (

    -- a legal form that opens the name ('pt siemens indonesia - jakarta'): the account
    -- name core is cut so already (int_company_name_cores), the head of a name not
    {{ strip_legal_form('round_2', ref('int_legal_forms'), side='start') }}

),

round_2_typos as (

    -- a mistyped legal form ('privte limited', 'softwrae pty ltd' keeps 'softwrae')
    {{ strip_mistyped_legal_form('round_2_leading', ref('int_legal_forms')) }}

),

round_3 as (

    {{ strip_name_qualifiers('round_2_typos', ref('int_related_account_qualifiers')) }}

),

base_1 as (

    -- the base name: only department tails and legal forms cut ('acme inc sales' ->
    -- 'acme'), so 'campbell group' and 'campbell international' stay different
    {{ strip_name_qualifiers('round_0', department_qualifiers) }}

),

base_2 as (

    {{ strip_legal_form('base_1', ref('int_legal_forms')) }}

),

base_2_leading as (

    {{ strip_legal_form('base_2', ref('int_legal_forms'), side='start') }}

),

base_3 as (

    {{ strip_mistyped_legal_form('base_2_leading', ref('int_legal_forms')) }}

),

stems as (

    select
        round_3.name as account_name_core,
        round_3.core as name_stem,
        base_3.core as name_base,
        nullif(trim(substr(round_3.name, length(round_3.core) + 1)), '') as name_qualifier
    from round_3
    inner join base_3 on base_3.name = round_3.name

),

geographic_qualifiers as (

    -- the cut tail names a country or region ('acme deutschland', 'acme gmbh
    -- north america'): the account presents itself as a regional arm of 'acme'
    select distinct stems.account_name_core
    from stems
    cross join unnest(list_append(string_split(stems.name_qualifier, ' '), stems.name_qualifier))
        as tail_words(phrase)
    inner join {{ ref('int_related_account_qualifiers') }} as q
        on q.phrase = tail_words.phrase
        and q.kind in ('country', 'region')

),

named as (

    select
        a.*,
        s.name_stem,
        s.name_base,
        s.name_qualifier,
        case when h.name_stem <> s.name_stem then h.name_stem end as name_head_stem,
        g.account_name_core is not null as is_regional_name
    from accounts as a
    left join stems as s on s.account_name_core = a.account_name_core
    left join geographic_qualifiers as g on g.account_name_core = a.account_name_core
    left join stems as h on h.account_name_core = a.name_head_core

),

parents_with_children as (

    select distinct parent_account_key
    from accounts
    where parent_account_key <> account_key

),

domain_usage as (

    -- a domain carried by many different names is a shared host, a reseller or an
    -- agency rather than one company's domain
    select
        website_domain,
        count(distinct coalesce(name_stem, account_key)) as distinct_names
    from named
    where website_domain is not null and not website_is_shared
    group by website_domain

),

account_names as (

    -- the account names (not the name heads) with their stems, one row per name
    select stems.account_name_core, stems.name_stem
    from stems
    semi join accounts on accounts.account_name_core = stems.account_name_core

),

account_stems as (

    -- the stems of account names: what word rarity is counted on
    select distinct name_stem from account_names

),

word_counts as (

    -- in how many distinct stems each word occurs, and in how many not as the first word
    select
        word,
        count(distinct name_stem) as stems,
        count(distinct name_stem) filter (where position > 1) as inner_stems
    from (
        select distinct
            name_stem,
            unnest(string_split(name_stem, ' ')) as word,
            generate_subscripts(string_split(name_stem, ' '), 1) as position
        from account_stems
    )
    group by word

),

person_name_words as (

    -- the words of the first and last names of more than
    -- var('related_name_brand_max_person_names') of the export's persons: a surname
    -- leads the names of unrelated companies ('Inoue Shoji', 'Inoue Logistics') as a
    -- brand leads its group's
    select word
    from (
        select
            person_key,
            unnest(list_concat(
                string_split({{ normalize_text('first_name') }}, ' '),
                string_split({{ normalize_text('last_name') }}, ' ')
            )) as word
        from {{ ref('int_persons') }}
    ) as name_words
    group by word
    having count(distinct person_key) > {{ var('related_name_brand_max_person_names') }}

),

leading_shapes as (

    -- how many distinct account names (regional arms count apart, 'pfizer
    -- deutschland' beside 'pfizer japan') have a stem led by each word
    select split_part(name_stem, ' ', 1) as word, count(*) as shapes
    from account_names
    group by 1

),

brand_words as (

    -- a brand: a word that leads names of several shapes (at least
    -- var('related_name_brand_min_names') distinct names, leading_shapes: 'siemens',
    -- 'siemens energy', 'siemens canada'; two unrelated companies share a first word far more often
    -- than three), hardly occurs inside names (at most
    -- var('related_name_brand_max_inner_share') of its stems: not 'american' of 'north
    -- american van lines'), has four letters or more and is no ordinary word
    -- (int_related_account_common_words), qualifier, one-word legal form or name of
    -- more than var('related_name_brand_max_person_names') of the export's persons
    -- (person_name_words); however many names it leads ('siemens' in every name of a list of the Siemens group's
    -- companies)
    select word_counts.word
    from word_counts
    inner join leading_shapes on leading_shapes.word = word_counts.word
    where length(word_counts.word) >= 4
        and leading_shapes.shapes >= {{ var('related_name_brand_min_names') }}
        and word_counts.inner_stems
            <= word_counts.stems * {{ var('related_name_brand_max_inner_share') }}
        and word_counts.word not in (
            select word from {{ ref('int_related_account_common_words') }}
        )
        and word_counts.word not in (
            select phrase from {{ ref('int_related_account_qualifiers') }}
        )
        and word_counts.word not in (
            select legal_form_normalized from {{ ref('int_legal_forms') }}
            where token_count = 1
        )
        and word_counts.word not in (select word from person_name_words)

),

rare_limit as (

    -- a word is rare when it occurs in at most this many distinct stems: the larger of
    -- a fixed count and a share of the table's stems, so the bar grows with the table
    select
        greatest(
            {{ var('related_name_rare_word_max_names') }},
            ceil(count(*) * {{ var('related_name_rare_word_max_share') }})
        ) as max_stems,
        greatest(count(*), 1) as total_stems
    from account_stems

),

word_rarity as (

    -- per stem its rarest word, and its rare words of three letters or more
    select
        stem_words.name_stem,
        first(stem_words.word order by coalesce(word_counts.stems, 0), stem_words.word)
            as rarest_word,
        min(coalesce(word_counts.stems, 0)) as rarest_word_names,
        coalesce(
            list(distinct stem_words.word order by stem_words.word) filter (
                where coalesce(word_counts.stems, 0) <= rare_limit.max_stems
                    and length(stem_words.word) >= 3
            ),
            []
        ) as rare_words,
        -- how many stems of the table would hold all the stem's words if words were
        -- drawn independently, each as often as in the table's own stems: a name of
        -- common words can still be rare as a whole ('advisory value'), a name that
        -- is one common word ('pioneer') is not
        rare_limit.total_stems * exp(sum(ln(
            greatest(coalesce(word_counts.stems, 1), 1) / rare_limit.total_stems
        ))) as expected_stems
    from (
        select distinct name_stem, unnest(string_split(name_stem, ' ')) as word
        from stems
    ) as stem_words
    left join word_counts on word_counts.word = stem_words.word
    cross join rare_limit
    group by stem_words.name_stem, rare_limit.total_stems

),

final as (

    select
        n.account_key,
        case
            when n.parent_account_key <> n.account_key then n.parent_account_key
        end as parent_account_key,
        n.account_name_core,
        n.name_stem,
        n.name_base,
        n.name_qualifier,
        n.is_regional_name,
        n.name_head_stem,
        -- other accounts name this one as their parent
        c.parent_account_key is not null as has_child_accounts,
        coalesce(hr.rare_words, []) as name_head_rare_words,
        r.rarest_word as name_rarest_word,
        r.rarest_word_names as name_rarest_word_names,
        -- rare: occurs in at most the rare-word limit of distinct stems (see rare_limit)
        coalesce(r.rare_words, []) as name_rare_words,
        -- rare as a whole: a rare word, or so unlikely a combination of words that
        -- the expected number of stems holding them all is within
        -- var('related_name_rare_name_max_expected')
        coalesce(
            len(r.rare_words) > 0
            or r.expected_stems <= {{ var('related_name_rare_name_max_expected') }},
            false
        ) as is_rare_name,
        -- the stem's first word when it is a brand (brand_words)
        b.word as name_brand_word,
        string_split(n.name_stem, ' ') as name_stem_tokens,
        replace(n.name_stem, ' ', '') as name_stem_compact,
        n.website_domain,
        n.website_domain_source,
        case
            when n.website_domain is null then null
            when n.website_is_shared then 'platform_or_free_mail'
            when u.distinct_names > {{ var('shared_domain_max_account_names') }} then 'too_many_names'
        end as domain_shared_reason,
        case
            when n.website_domain is not null and not n.website_is_shared
                and u.distinct_names <= {{ var('shared_domain_max_account_names') }}
            then n.website_domain
        end as linking_domain,
        case
            when n.website_domain is not null and not n.website_is_shared
                and u.distinct_names <= {{ var('shared_domain_max_account_names') }}
            then split_part(n.website_domain, '.', 1)
        end as linking_domain_label,
        n.country_code,
        n.city_normalized,
        n.industry_normalized,
        case when length(n.phone_digits) >= 8 then right(n.phone_digits, 8) end as phone_key
    from named as n
    left join domain_usage as u on u.website_domain = n.website_domain
    left join word_rarity as r on r.name_stem = n.name_stem
    left join word_rarity as hr on hr.name_stem = n.name_head_stem
    left join brand_words as b on b.word = split_part(n.name_stem, ' ', 1)
    left join parents_with_children as c on c.parent_account_key = n.account_key

)

select
    *,
    -- names are all there is: no parent link either way and no website whose domain
    -- may link (a hierarchy's top or a domain owner is placed by that evidence; a
    -- domain its contacts' e-mails are on places it only with the accounts that share
    -- it, so it leaves the names their say)
    parent_account_key is null and not has_child_accounts
    and (linking_domain is null or website_domain_source = 'contacts')
        as is_name_only
from final
