{% macro scoring_person_features(requested) -%}
    {#- The SELECT of person features as of snapshot dates, using only data from before
        each date. `requested` is SQL yielding (snapshot_date, person_key); persons
        created on or after their snapshot date are dropped. Shared by the run-date
        features (scoring) and the training snapshots, so both compute features the
        same way. One set-based pass: the events within the lookback of each snapshot
        are joined to it and counted per activity class (var scoring_activity_classes)
        and window (var scoring_feature_windows_days). Columns: snapshot_date,
        person_key, then the features. -#}
{%- set classes = var('scoring_activity_classes') -%}
{%- set windows = var('scoring_feature_windows_days') -%}
{%- set lookback = var('scoring_feature_lookback_days') -%}
with

persons as (

    select
        person_key,
        job_title,
        work_country_code,
        email_is_free_mail,
        created_at
    from {{ ref('int_persons') }}

),

titles as (

    select
        job_title,
        {{ scoring_job_seniority('job_title') }} as job_seniority,
        {{ scoring_job_function('job_title') }} as job_function
    from (select distinct job_title from persons where job_title is not null) as distinct_titles

),

requested as (

    {{ requested }}

),

snapshots as (

    select
        r.snapshot_date,
        r.person_key
    from requested as r
    inner join persons as p
        on p.person_key = r.person_key
        and p.created_at < r.snapshot_date

),

event_kinds as (

    select * from {{ ref('int_scoring_event_kinds') }}

),

events as (

    select
        e.person_key,
        e.event_at,
        {%- for c in classes %}
        k.is_{{ c['name'] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_scoring_events') }} as e
    inner join event_kinds as k
        on k.event_type = e.event_type
        and k.web_page_url = e.web_page_url
    where e.event_at >= cast({{ dbt.dateadd('day', -lookback, '(select min(snapshot_date) from snapshots)') }} as timestamp)

),

snapshot_events as (

    select
        s.snapshot_date,
        s.person_key,
        e.event_at,
        {{ dbt.datediff('e.event_at', 'cast(s.snapshot_date as timestamp)', 'second') }} / 86400.0 as age_days,
        {%- for c in classes %}
        e.is_{{ c['name'] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from snapshots as s
    inner join events as e
        on e.person_key = s.person_key
        and e.event_at < s.snapshot_date
        and e.event_at >= cast({{ dbt.dateadd('day', -lookback, 's.snapshot_date') }} as timestamp)

),

activity as (

    select
        snapshot_date,
        person_key,
        {%- for w in windows %}
        count(*) filter (where age_days < {{ w }}) as activities_{{ w }}d,
        {%- endfor %}
        {%- for c in classes %}
        {%- for w in windows %}
        count(*) filter (where is_{{ c['name'] }} and age_days < {{ w }}) as {{ c['name'] }}_{{ w }}d,
        {%- endfor %}
        {%- if c.get('recency') %}
        cast(floor(min(age_days) filter (where is_{{ c['name'] }})) as integer) as days_since_last_{{ c['name'] }},
        {%- endif %}
        {%- endfor %}
        count(distinct cast(event_at as date)) filter (where age_days < 30) as active_days_30d,
        cast(floor(min(age_days)) as integer) as days_since_last_activity,
        cast(floor(max(age_days)) as integer) as days_since_first_activity
    from snapshot_events
    group by snapshot_date, person_key

),

primary_accounts as (

    select
        links.person_key,
        a.industry,
        a.number_of_employees,
        a.annual_revenue,
        a.created_at
    from {{ ref('int_scoring_person_accounts') }} as links
    inner join {{ ref('int_accounts') }} as a on a.account_key = links.account_key
    where links.is_primary_account

),

final as (

    select
        s.snapshot_date,
        s.person_key,
        -- person profile
        p.work_country_code as country,
        coalesce(t.job_seniority, 'unknown') as job_seniority,
        coalesce(t.job_function, 'unknown') as job_function,
        p.email_is_free_mail,
        {{ dbt.datediff('p.created_at', 's.snapshot_date', 'day') }} as profile_age_days,
        -- account profile (primary account, if it existed at the snapshot)
        case when acct.created_at < s.snapshot_date then acct.industry end as account_industry,
        case when acct.created_at < s.snapshot_date then acct.number_of_employees end as account_employees,
        case when acct.created_at < s.snapshot_date then acct.annual_revenue end as account_revenue,
        case when acct.created_at < s.snapshot_date
            then {{ dbt.datediff('acct.created_at', 's.snapshot_date', 'day') }} end as account_age_days,
        -- behaviour
        {%- for w in windows %}
        coalesce(act.activities_{{ w }}d, 0) as activities_{{ w }}d,
        {%- endfor %}
        {%- for c in classes %}
        {%- for w in windows %}
        coalesce(act.{{ c['name'] }}_{{ w }}d, 0) as {{ c['name'] }}_{{ w }}d,
        {%- endfor %}
        {%- if c.get('recency') %}
        act.days_since_last_{{ c['name'] }},
        {%- endif %}
        {%- endfor %}
        coalesce(act.active_days_30d, 0) as active_days_30d,
        act.days_since_last_activity,
        act.days_since_first_activity
    from snapshots as s
    inner join persons as p on p.person_key = s.person_key
    left join titles as t on t.job_title = p.job_title
    left join primary_accounts as acct on acct.person_key = s.person_key
    left join activity as act
        on act.snapshot_date = s.snapshot_date
        and act.person_key = s.person_key

)

select * from final
{%- endmacro %}
