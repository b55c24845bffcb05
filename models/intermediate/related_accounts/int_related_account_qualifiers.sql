{#- Words that qualify a company name without naming another company: a country or
    region ('Acme Deutschland', 'Acme North America', 'Acme EMEA'), a holding or group
    word ('Acme Holdings') or a CRM department tail ('Acme Inc - Sales'). They are cut
    from the end of account-name cores to get the name stem the related-accounts job
    compares. Country names in every language come from the country_aliases seed
    (aliases of four or more characters, so two-letter codes such as 'ai' or 'ag' are
    not taken for countries); the rest is listed here. -#}
with

listed_words as (

    select *
    from (
        values
            ('usa', 'country'), ('us', 'country'), ('uk', 'country'), ('gb', 'country'),
            ('uae', 'country'), ('ksa', 'country'),
            ('europe', 'region'), ('european', 'region'), ('emea', 'region'),
            ('apac', 'region'), ('asia', 'region'), ('asia pacific', 'region'),
            ('pacific', 'region'), ('americas', 'region'), ('north america', 'region'),
            ('south america', 'region'), ('latin america', 'region'), ('latam', 'region'),
            ('middle east', 'region'), ('africa', 'region'), ('mena', 'region'),
            ('nordic', 'region'), ('nordics', 'region'), ('scandinavia', 'region'),
            ('dach', 'region'), ('benelux', 'region'), ('iberia', 'region'),
            ('cee', 'region'), ('anz', 'region'), ('uk and ireland', 'region'),
            ('great britain', 'region'), ('international', 'organization'),
            ('intl', 'organization'), ('global', 'organization'),
            ('worldwide', 'organization'), ('holding', 'organization'),
            ('holdings', 'organization'), ('group', 'organization'),
            ('groupe', 'organization'), ('gruppe', 'organization'),
            ('groep', 'organization'), ('gruppo', 'organization'),
            ('grupo', 'organization'), ('hq', 'department'),
            ('headquarters', 'department'), ('head office', 'department'),
            ('sales', 'department'), ('marketing', 'department'),
            ('finance', 'department'), ('procurement', 'department'),
            ('purchasing', 'department'), ('it dept', 'department'),
            ('dept', 'department'), ('department', 'department'),
            ('division', 'department'), ('branch', 'department'),
            ('branch office', 'department'), ('subsidiary', 'department')
    ) as listed(phrase, kind)

),

country_names as (

    select
        alias_normalized as phrase,
        'country' as kind
    from {{ ref('int_country_aliases') }}
    where length(alias_normalized) >= 4

),

all_phrases as (

    select phrase, kind from listed_words
    union all
    select phrase, kind from country_names

),

final as (

    select
        phrase,
        min(kind) as kind,
        len(string_split(phrase, ' ')) as token_count
    from all_phrases
    group by phrase

)

select * from final
