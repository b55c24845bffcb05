{#- Every normalized company / account name that carries a legal form of the
    legal_form_systems seed, with that form and the legal systems it belongs to: the
    longest form among the name's last words, else among its first if it is a form that
    opens names ('ooo gazprom neft'; not 'sau services', whose first word only spells
    a form that ends names). A name that is nothing but a form carries none. -#}
with

names as (

    -- every normalized company and account name
    select name_normalized as name from {{ ref('int_company_name_cores') }}

),

forms as (

    select
        {{ normalize_company_name('legal_form') }} as legal_form,
        -- two spellings of one form normalize alike: their systems are the union
        array_to_string(list_sort(list_distinct(flatten(
            list(string_split(legal_systems, ' '))))), ' ') as legal_systems
    from {{ ref('legal_form_systems') }}
    group by 1

),

opening_forms as (

    select distinct {{ normalize_company_name('legal_form') }} as legal_form
    from {{ ref('leading_legal_forms') }}

),

words as (

    select name, string_split(name, ' ') as words from names

),

affixes as (

    select name, 'end' as side, k,
        array_to_string(list_slice(words, len(words) - k + 1, len(words)), ' ')
            as affix
    from words, range(1, 6) as t(k)
    where k < len(words)
    union all
    select name, 'start', k, array_to_string(list_slice(words, 1, k), ' ')
    from words, range(1, 4) as t(k)
    where k < len(words)

),

final as (

    select
        a.name as name_normalized,
        f.legal_form,
        f.legal_systems
    from affixes as a
    inner join forms as f on f.legal_form = a.affix
    where a.side = 'end' or a.affix in (select legal_form from opening_forms)
    qualify row_number() over (
        partition by a.name order by a.side = 'end' desc, a.k desc
    ) = 1

)

select * from final
