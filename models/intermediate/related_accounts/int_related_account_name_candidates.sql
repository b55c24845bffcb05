{#- Candidate pairs of accounts with related names, found by blocking (never all
    pairs). Two accounts share a block when they have the same name stem, the same
    rare word (the stem's rarest word, when it occurs in at most
    var('related_name_rare_word_max_names') distinct stems: 'zuniga' of 'zuniga and
    marshall diagnostics'), or that word one edit apart (via one-letter deletions), or
    the same web domain label ('acme' of acme.de and acme.com), or the whole name run
    together with one letter deleted (a typo in a common word). A regional name ('acme
    deutschland', stem 'acme') is paired with the stems that start with its brand
    ('acme', 'acme analytics'). Blocks larger than var('related_name_max_block_size')
    accounts are skipped: a name that common says nothing.

    Only pairs with similar stems or a regional relation are kept (near misses stay
    for audit). Each carries its similarities and the signals that corroborate or
    contradict it; is_name_link says whether it becomes a name edge, by one of two
    rules (is_similar_name, regional_account_key):
    - similar_name: every word of each stem has a close match in the other (name
      similarity >= var('related_name_similarity_threshold')), a second signal agrees
      and nothing contradicts. A matching phone is enough. Otherwise the name must
      be distinctive (a word used in at most var('related_name_rare_word_max_names')
      distinct stems: 'Pioneer USA' is not), the base names (only department tails
      and legal forms cut) must match too ('Campbell Group' / 'Campbell International'
      share a stem, not a base name), or one base name is the other with words added
      in one country ('Herman' / 'Herman Group'), and the accounts must share the city, or the
      country with no different cities (different cities: only an exact base name
      counts). Different web domains contradict, unless the phone agrees: 'Unilink'
      (unilink.com, US) and 'Unilink' (unilink.fr, FR) are look-alikes;
    - regional_arm: a name that is a brand plus a country or region ('Acme
      Deutschland', 'Acme North America') may join a non-regional account whose stem
      starts with that brand ('Acme', 'Acme Holdings', 'Acme Analytics'). Such a link
      is exclusive: the clustering keeps it only when all the regional account's
      targets lie in one group of related accounts, so with unrelated 'Acme
      Analytics' and 'Acme Logistics' both present, 'Acme Deutschland' joins neither
      (see b2b_enrich.related_accounts for the other conditions). -#}
with

profiles as (

    select
        account_key,
        name_stem,
        name_stem_tokens,
        name_stem_compact,
        -- the words compared, without the connector 'and' ('lara carr mobility' /
        -- 'lara & carr mobility'; the base name's words above too), and run together
        list_filter(name_stem_tokens, lambda w: w <> 'and') as name_words,
        array_to_string(list_filter(name_stem_tokens, lambda w: w <> 'and'), '')
            as name_words_compact,
        parent_account_key is not null as has_parent,
        list_filter(string_split(name_base, ' '), lambda w: w <> 'and') as name_base_tokens,
        is_regional_name,
        name_brand_word,
        is_name_only,
        name_rarest_word,
        name_rarest_word_names,
        name_rare_words,
        is_rare_name,
        name_head_stem,
        -- the head names a distinctive company ('media innovation' of 'media innovation
        -- group - mookie1')
        len(name_head_rare_words) > 0 as is_distinctive_head,
        -- a rare word of four letters or more: the name is distinctive
        len(list_filter(name_rare_words, lambda w: length(w) >= 4)) > 0 as is_distinctive,
        linking_domain,
        linking_domain_label,
        country_code,
        city_normalized,
        industry_normalized,
        phone_key
    from {{ ref('int_related_account_profiles') }}
    where name_stem is not null

),

deletable as (

    -- words whose one-letter deletions are block keys: the stem's rarest word, when
    -- rare, and the whole name run together
    select account_key, 'word:' as block_kind, name_rarest_word as word
    from profiles
    where list_contains(name_rare_words, name_rarest_word)
        and length(name_rarest_word) >= 5
    union all
    select account_key, 'typo:', name_words_compact
    from profiles
    where length(name_words_compact) between 6 and 40

),

block_keys as (

    select account_key, 'stem:' || name_stem as block_key
    from profiles
    union all
    -- the head of a name with a separated tail, with the accounts named like it
    select account_key, 'stem:' || name_head_stem
    from profiles
    where name_head_stem is not null
    union all
    -- every rare word of the stem (common words block nothing), and the one-letter
    -- deletions of the rarest one, so two spellings one edit apart ('voxview' /
    -- 'voxiew', 'zentrix' / 'zentirx') share a block: 'voxiew' is 'voxview' without
    -- its second 'v'
    select distinct account_key, 'word:' || word
    from (select account_key, unnest(name_rare_words) as word from profiles) as rare
    union all
    select deletable.account_key,
        deletable.block_kind || left(deletable.word, positions.i - 1)
        || substr(deletable.word, positions.i + 1)
    from deletable
    cross join range(1, 41) as positions(i)
    where positions.i <= length(deletable.word)
    union all
    -- the whole name run together (and its one-letter deletions above), so two names
    -- one typo apart in any word share a block even when no word is rare ('baltic
    -- lrarning' / 'baltic learning' both lose a letter to 'balticlarning'; a swap of
    -- two letters is two deletions that agree)
    select account_key, block_kind || word
    from deletable
    where block_kind = 'typo:'
    union all
    -- the brand word of a name with nothing but its name ('siemens' of 'siemens
    -- energy inc'), when var('related_name_names_only_brand_siblings') is on
    select account_key, 'brand:' || name_brand_word
    from profiles
    where name_brand_word is not null
        and is_name_only
        and '{{ var('related_name_names_only_brand_siblings') }}' in ('same_country', 'any_country')
    union all
    -- a web domain label that spells a name ('mediamath' of mediamath.com and 'media
    -- math'), and the names themselves run together
    select account_key, 'spelled:' || name_stem_compact
    from profiles
    where length(name_stem_compact) >= 5
    union all
    select account_key, 'spelled:' || linking_domain_label
    from profiles
    where length(linking_domain_label) >= 5
        and linking_domain_label <> name_stem_compact
    union all
    select account_key, 'domain_label:' || linking_domain_label
    from profiles
    where length(linking_domain_label) >= 3

),

block_sizes as (

    select
        block_key,
        count(distinct account_key) as block_size
    from block_keys
    group by block_key

),

usable_blocks as (

    select distinct
        k.block_key,
        k.account_key
    from block_keys as k
    inner join block_sizes as s on s.block_key = k.block_key
    where s.block_size between 2 and {{ var('related_name_max_block_size') }}

),

regional_brands as (

    -- a regional name's stem is the brand it is built on ('acme' of 'acme deutschland')
    select account_key, name_stem as brand
    from profiles
    where is_regional_name and len(name_stem_tokens) <= 5

),

brand_prefixes as (

    -- the first one to five words of every other stem ('acme', 'acme analytics')
    select
        profiles.account_key,
        array_to_string(list_slice(profiles.name_stem_tokens, 1, lengths.k), ' ') as brand
    from profiles
    cross join range(1, 6) as lengths(k)
    where not profiles.is_regional_name
        and lengths.k <= len(profiles.name_stem_tokens)

),

brand_sizes as (

    select
        brand,
        count(*) as accounts
    from brand_prefixes
    group by brand

),

pairs as (

    select
        a.account_key as account_key_a,
        b.account_key as account_key_b
    from usable_blocks as a
    inner join usable_blocks as b
        on b.block_key = a.block_key
        and b.account_key > a.account_key
    union
    select
        least(r.account_key, t.account_key),
        greatest(r.account_key, t.account_key)
    from regional_brands as r
    inner join brand_prefixes as t on t.brand = r.brand
    inner join brand_sizes as s on s.brand = t.brand
    where s.accounts <= {{ var('related_name_max_block_size') }}

),

compared as (

    select
        pairs.account_key_a,
        pairs.account_key_b,
        a.name_stem as name_stem_a,
        b.name_stem as name_stem_b,
        a.is_regional_name as is_regional_name_a,
        b.is_regional_name as is_regional_name_b,
        -- every word of each stem must have a close match in the other stem, so
        -- 'acme analytics' / 'acme logistics' and 'acme' / 'acme logistics' stay
        -- apart while typos and word order do not matter (macro
        -- related_name_similarity)
        {{ related_name_similarity(
            'a.name_words', 'b.name_words',
            'a.name_words_compact', 'b.name_words_compact') }} as name_similarity,
        coalesce(
            len(a.name_base_tokens) <> len(b.name_base_tokens)
            and (
                list_slice(b.name_base_tokens, 1, len(a.name_base_tokens)) = a.name_base_tokens
                or list_slice(a.name_base_tokens, 1, len(b.name_base_tokens)) = b.name_base_tokens
            ),
            false
        ) as base_extends_other,
        a.name_base_tokens as name_base_tokens_a,
        b.name_base_tokens as name_base_tokens_b,
        -- b's stem begins with all of a's words ('acme' / 'acme analytics'), or a's with b's
        list_slice(b.name_stem_tokens, 1, len(a.name_stem_tokens)) = a.name_stem_tokens
            as stem_b_starts_with_a,
        list_slice(a.name_stem_tokens, 1, len(b.name_stem_tokens)) = b.name_stem_tokens
            as stem_a_starts_with_b,
        coalesce(a.country_code = b.country_code, false) as same_country,
        -- the countries do not differ (one may be unknown)
        coalesce(a.country_code = b.country_code, true) as compatible_countries,
        -- both names are rare as a whole in the table (is_rare_name: word rarity
        -- weighted on the table's own stems)
        a.is_rare_name and b.is_rare_name as has_rare_name,
        a.has_parent as has_parent_a,
        b.has_parent as has_parent_b,
        a.linking_domain is not null as has_domain_a,
        b.linking_domain is not null as has_domain_b,
        -- both stems begin with the same word and that word is rare in the table's
        -- stems and has four letters or more: a brand ('rapidlogic' of 'rapidlogic
        -- law' and 'rapidlogic retail')
        a.name_stem_tokens[1] = b.name_stem_tokens[1]
            and length(a.name_stem_tokens[1]) >= 4
            and list_contains(a.name_rare_words, a.name_stem_tokens[1])
            and list_contains(b.name_rare_words, b.name_stem_tokens[1]) as shares_rare_brand,
        -- both names begin with the same brand word (name_brand_word) and have
        -- nothing but their names
        coalesce(
            a.name_brand_word = b.name_brand_word and a.is_name_only and b.is_name_only,
            false
        ) as shares_brand_word_names_only,
        -- the regional one of the two names has a brand rare as a whole
        a.is_regional_name and a.is_rare_name
            or b.is_regional_name and b.is_rare_name as is_rare_brand,
        a.is_distinctive as is_distinctive_a,
        b.is_distinctive as is_distinctive_b,
        len(a.name_stem_tokens) as stem_words_a,
        len(b.name_stem_tokens) as stem_words_b,
        -- one account's web domain label spells the other's name run together
        coalesce(
            length(a.name_stem_compact) >= 5 and a.name_stem_compact = b.linking_domain_label
            or length(b.name_stem_compact) >= 5 and b.name_stem_compact = a.linking_domain_label,
            false
        ) as domain_spells_name,
        length(a.name_stem_compact) as compact_length_a,
        length(b.name_stem_compact) as compact_length_b,
        coalesce(a.linking_domain = b.linking_domain, false) as same_domain,
        -- the head of one name ('tencent' of 'tencent (gtimg.com)') is the other's
        -- name, or both heads are the same
        case
            when a.name_head_stem = b.name_stem and a.is_distinctive_head then 'a'
            when b.name_head_stem = a.name_stem and b.is_distinctive_head then 'b'
            when a.name_head_stem = b.name_head_stem and a.is_distinctive_head then 'both'
        end as head_match,
        -- the same city, unless the countries differ (one may be unknown)
        coalesce(
            a.city_normalized = b.city_normalized
            and coalesce(a.country_code = b.country_code, true), false
        ) as same_city,
        coalesce(a.city_normalized <> b.city_normalized, false) as conflicting_cities,
        coalesce(a.industry_normalized <> b.industry_normalized, false)
            as conflicting_industries,
        coalesce(a.phone_key = b.phone_key, false) as same_phone,
        coalesce(a.linking_domain <> b.linking_domain, false) as conflicting_domains,
        -- different domains that do not even share their label ('acme' of acme.de and
        -- acme.fr is shared)
        coalesce(a.linking_domain_label <> b.linking_domain_label, false)
            as conflicting_domain_labels
    from pairs
    inner join profiles as a on a.account_key = pairs.account_key_a
    inner join profiles as b on b.account_key = pairs.account_key_b

),

linked as (

    select
        *,
        -- the same on the base names (only department tails and legal forms cut), for
        -- similar stems only: 'campbell group' and 'campbell international' share a
        -- stem, not a base name
        case
            when name_similarity >= {{ var('related_name_similarity_threshold') }}
            then {{ related_name_similarity(
                'name_base_tokens_a', 'name_base_tokens_b',
                "array_to_string(name_base_tokens_a, '')",
                "array_to_string(name_base_tokens_b, '')") }}
        end as base_name_similarity,
        -- a regional name ('acme deutschland' -> 'acme') and a non-regional name
        -- starting with the same brand ('acme', 'acme analytics')
        case
            when is_regional_name_a and not is_regional_name_b and stem_b_starts_with_a
            then account_key_a
            when is_regional_name_b and not is_regional_name_a and stem_a_starts_with_b
            then account_key_b
        end as regional_account_key,
        -- a short name run together is the web domain label of a longer name that
        -- starts with it ('lambert' and 'Lambert Brothers' on lambert.com), in one city
        coalesce(
            domain_spells_name
            and (stem_b_starts_with_a or stem_a_starts_with_b)
            and is_regional_name_a = is_regional_name_b
            and same_city
            and not conflicting_domains,
            false
        ) as is_spelled_by_domain,
        -- two names built on one rare brand ('Rapidlogic Law', 'Rapidlogic Retail';
        -- var related_name_brand_siblings), in no two countries, on no two web
        -- domains with different labels and in no two cities; regional names are
        -- left to the regional rules
        coalesce(
            {{ var('related_name_brand_siblings') }}
            and shares_rare_brand
            and not is_regional_name_a
            and not is_regional_name_b
            and compatible_countries
            and not conflicting_domain_labels
            and not conflicting_cities,
            false
        )
        -- two names on one brand word ('Siemens Healthineers', 'Siemens Mobility')
        -- when names are all there is (var related_name_names_only_brand_siblings):
        -- across countries ('any_country', the default; in one with 'same_country'),
        -- in no two cities and in no two industries (two phones do not contradict: one company's
        -- records may carry different numbers, 'Fleming' and 'Fleming Computing' on
        -- the demo; a shared brand in two industries is a look-alike as often as not:
        -- 'Delta Air Lines', 'Delta Faucet')
        or coalesce(
            shares_brand_word_names_only
            and (
                '{{ var('related_name_names_only_brand_siblings') }}' = 'any_country'
                or '{{ var('related_name_names_only_brand_siblings') }}' = 'same_country'
                and compatible_countries
            )
            and not conflicting_cities
            and not conflicting_industries,
            false
        ) as is_brand_sibling
    from compared

),

regional_targets as (

    -- a regional name's target named exactly like its brand, when the brand is rare
    -- as a whole ('keyara deutschland' -> 'Keyara Holdings', stem 'keyara'), is the
    -- one it joins: the other stems built on the brand ('keyara software') are then
    -- no targets, so they make it ambiguous no more; a common brand ('heritage
    -- nordics') keeps all its targets, and with them its ambiguity
    select
        * replace (
            case
                when regional_account_key is not null
                    and name_stem_a <> name_stem_b
                    and is_rare_brand
                    and bool_or(regional_account_key is not null and name_stem_a = name_stem_b)
                        over (partition by regional_account_key)
                then null
                else regional_account_key
            end as regional_account_key
        )
    from linked

),

decided as (

    select
        *,
        coalesce(
            name_similarity >= {{ var('related_name_similarity_threshold') }}
            and (
                -- name + phone, or name + the same domain, relate any two names
                same_phone
                or same_domain
                -- or one account's web domain spells the other's name run together
                -- ('herman' and 'Herman Group LLC' on herman.com), both regional or
                -- neither (a regional arm and a holding on the brand's domain in one
                -- city are left to the regional rule: two families may share the
                -- brand), in no two countries or cities
                or (
                    domain_spells_name
                    and is_regional_name_a = is_regional_name_b
                    and compatible_countries
                    and not conflicting_cities
                    and not conflicting_domains
                )
                -- a distinctive name relates on its own: typos, legal forms, word
                -- breaks and case aside the same name, in no two different countries,
                -- on no two different web domains and in no two different cities
                -- (there only the exact base name)
                or (
                    has_rare_name
                    -- the base names agree too, unless the city does ('Northern Homes'
                    -- and 'Northern Homes International' in one city); a regional
                    -- name ('Acme Deutschland') and a non-regional one ('Acme
                    -- Holdings') in one city are left to the regional-arm rule,
                    -- which sees whether the brand is ambiguous
                    and (
                        base_name_similarity >= {{ var('related_name_similarity_threshold') }}
                        or same_city and is_regional_name_a = is_regional_name_b
                        -- or one base name is the other with words added after it
                        -- ('herman' / 'herman group', 'barajas capital' / 'barajas
                        -- capital international') in one country: one company or
                        -- one family; two different additions ('campbell group' /
                        -- 'campbell international') are not
                        or base_extends_other and same_country
                            and is_regional_name_a = is_regional_name_b
                    )
                    and compatible_countries
                    and not conflicting_domains
                    and (same_city or not conflicting_cities or base_name_similarity = 1)
                )
            ),
            false
        )
        or is_spelled_by_domain
        or is_brand_sibling
        -- two regional arms of one brand that is rare as a whole ('Oneill Spain',
        -- 'Oneill Benelux') when names are all there is (neither has a parent link
        -- or a web domain): one family whatever their countries, unless their
        -- industries differ; arms with a parent or a domain are placed by those (at
        -- 100k demo accounts two families share a brand often enough that the name
        -- alone is right for 2 pairs in 3)
        or coalesce(
            is_regional_name_a and is_regional_name_b
            and name_stem_a = name_stem_b
            and has_rare_name
            and not has_parent_a
            and not has_parent_b
            and not has_domain_a
            and not has_domain_b
            and not conflicting_industries,
            false
        )
        -- two records under the same distinctive head ('tremor video - tremorhub',
        -- 'tremor video (videohub.tv)')
        or coalesce(head_match = 'both', false) as is_similar_name,
        -- a record whose head is the other's distinctive name ('tencent (gtimg.com)'
        -- -> 'tencent'): exclusive from the record with the head
        case head_match
            when 'a' then account_key_a
            when 'b' then account_key_b
        end as head_account_key,
        -- a brand extension: the longer stem starts with all the words of the shorter,
        -- distinctive one ('google analytics' -> 'google', 'ew scripps midroll' -> 'ew
        -- scripps'); exclusive from the longer name (see b2b_enrich.related_accounts),
        -- regional names are left to the regional-arm rule
        case
            when not {{ var('related_name_brand_extensions') }} then null
            when is_regional_name_a or is_regional_name_b then null
            when stem_b_starts_with_a and stem_words_a < stem_words_b and is_distinctive_a
            then account_key_b
            when stem_a_starts_with_b and stem_words_b < stem_words_a and is_distinctive_b
            then account_key_a
        end as brand_extension_key
    from regional_targets

),

final as (

    select
        account_key_a,
        account_key_b,
        name_stem_a,
        name_stem_b,
        name_similarity,
        base_name_similarity,
        same_country,
        has_rare_name,
        same_city,
        same_phone,
        same_domain,
        domain_spells_name,
        conflicting_cities,
        conflicting_domains,
        is_similar_name,
        is_spelled_by_domain,
        is_brand_sibling,
        -- strength of a similar-name link: the name similarity; 1 for two records
        -- under one head and for a name spelt by the other's domain; the threshold
        -- itself for brand siblings (average linkage then joins two groups only when
        -- every pair across them is linked)
        case
            when not is_similar_name then null
            when head_match = 'both' or is_spelled_by_domain
                and name_similarity < {{ var('related_name_similarity_threshold') }}
            then 1.0
            when name_similarity >= {{ var('related_name_similarity_threshold') }}
            then name_similarity
            else {{ var('related_name_similarity_threshold') }}
        end as similar_name_strength,
        regional_account_key,
        head_match,
        head_account_key,
        brand_extension_key,
        -- share of the longer name (run together) that the brand spells, 0-1
        case
            when brand_extension_key is not null
            then round(
                least(compact_length_a, compact_length_b)::double
                / greatest(compact_length_a, compact_length_b), 4
            )
        end as brand_share,
        case
            when same_phone then 'phone'
            when same_domain then 'domain'
            when head_match is not null then 'name_head'
            when domain_spells_name then 'domain_label'
            when same_city then 'city'
            when same_country then 'country'
        end as corroborated_by,
        is_similar_name or regional_account_key is not null
            or head_account_key is not null
            or brand_extension_key is not null as is_name_link
    from decided
    -- pairs of unrelated names are dropped here; near misses stay for audit
    where name_similarity >= {{ var('related_name_similarity_threshold') }}
        or is_similar_name
        or regional_account_key is not null
        or head_match is not null
        or brand_extension_key is not null

)

select * from final
