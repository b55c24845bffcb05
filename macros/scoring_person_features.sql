{% macro scoring_person_features(requested, snapshot_date=none) -%}
    {#- The SELECT of person features as of snapshot dates, using only data from before
        each date. `requested` is SQL yielding (snapshot_date, person_key); persons
        created on or after their snapshot date are dropped. Shared by the run-date
        features (scoring) and the training snapshots, so both compute features the
        same way. Set-based: the events before each snapshot are joined to it and
        counted per activity class (var scoring_activity_classes) and window (var
        scoring_feature_windows_days) - the many counts over the events of the longest
        window only, recency and first activity (a few min / max) over the lookback.
        `snapshot_date` (SQL, optional): the one date of every requested row (the run
        date); the events are then aggregated per person without that join. Columns:
        snapshot_date, person_key, then the features. -#}
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

{#- the counts need the events of the longest window (and of the 30 days of
    active_days_30d) only; recency and first activity the whole lookback, but only a
    few min / max aggregates -#}
window_events as (

    {{ _scoring_snapshot_events(snapshot_date, [[windows | max, 30] | max, lookback] | min) }}

),

lookback_events as (

    {{ _scoring_snapshot_events(snapshot_date, lookback) }}

),

activity_counts as (

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
        {%- endfor %}
        {#- distinct event dates within 30 days: one bit per date (1 to 30 days back),
            cheaper than count(distinct) -#}
        bit_count(bit_or(
            case when age_days < 30 then cast(1 as bigint) << age_calendar_days end
        )) as active_days_30d
    from window_events
    group by snapshot_date, person_key

),

activity_recency as (

    select
        snapshot_date,
        person_key,
        {%- for c in classes if c.get('recency') %}
        cast(floor(min(age_days) filter (where is_{{ c['name'] }})) as integer) as days_since_last_{{ c['name'] }},
        {%- endfor %}
        cast(floor(min(age_days)) as integer) as days_since_last_activity,
        cast(floor(max(age_days)) as integer) as days_since_first_activity
    from lookback_events
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
        coalesce(cnt.activities_{{ w }}d, 0) as activities_{{ w }}d,
        {%- endfor %}
        {%- for c in classes %}
        {%- for w in windows %}
        coalesce(cnt.{{ c['name'] }}_{{ w }}d, 0) as {{ c['name'] }}_{{ w }}d,
        {%- endfor %}
        {%- if c.get('recency') %}
        rec.days_since_last_{{ c['name'] }},
        {%- endif %}
        {%- endfor %}
        cast(coalesce(cnt.active_days_30d, 0) as bigint) as active_days_30d,
        rec.days_since_last_activity,
        rec.days_since_first_activity,
        -- first touch (known at the snapshot: 'none' = touched, no channel seen yet)
        case
            when ft.first_channel_at < s.snapshot_date then ft.first_touch_channel
            when ft.first_touch_at < s.snapshot_date then 'none'
        end as first_touch_channel,
        case
            when ft.first_channel_at < s.snapshot_date then coalesce(ft.first_touch_medium, 'unknown')
            when ft.first_touch_at < s.snapshot_date then 'none'
        end as first_touch_medium,
        case
            when ft.first_channel_at < s.snapshot_date then coalesce(ft.first_touch_campaign, 'unknown')
            when ft.first_touch_at < s.snapshot_date then 'none'
        end as first_touch_campaign,
        case when ft.landing_at < s.snapshot_date then ft.landing_page_group end as landing_page_group,
        case when ft.first_touch_at < s.snapshot_date
            then cast(floor({{ dbt.datediff('ft.first_touch_at', 'cast(s.snapshot_date as timestamp)', 'second') }} / 86400.0) as integer)
        end as days_since_first_touch
    from snapshots as s
    inner join persons as p on p.person_key = s.person_key
    left join titles as t on t.job_title = p.job_title
    left join primary_accounts as acct on acct.person_key = s.person_key
    left join activity_counts as cnt
        on cnt.snapshot_date = s.snapshot_date
        and cnt.person_key = s.person_key
    left join activity_recency as rec
        on rec.snapshot_date = s.snapshot_date
        and rec.person_key = s.person_key
    left join {{ ref('int_scoring_person_first_touch') }} as ft on ft.person_key = s.person_key

)

select * from final
{%- endmacro %}


{% macro _scoring_snapshot_events(snapshot_date, days) -%}
    {#- Body of a CTE of scoring_person_features: the events less than `days` days
        before each snapshot (CTE `snapshots`) with their activity classes (CTE
        `event_kinds`) and age in days (age_days: whole seconds / 86400, as the windows
        count; age_calendar_days: calendar days). With `snapshot_date` (one date for
        every snapshot) the events are not joined to the snapshots: they are
        aggregated per person directly. The events are read here rather than from a
        shared CTE, which would be materialized (millions of rows) for its two users. -#}
{%- set classes = var('scoring_activity_classes') -%}
{%- set date_sql = snapshot_date if snapshot_date else 's.snapshot_date' -%}
{%- set date_ts = 'cast(' ~ date_sql ~ ' as timestamp)' -%}
    select
        {{ date_sql }} as snapshot_date,
        e.person_key,
        {{ dbt.datediff('e.event_at', date_ts, 'second') }} / 86400.0 as age_days,
        {{ dbt.datediff('e.event_at', date_ts, 'day') }} as age_calendar_days,
        {%- for c in classes %}
        k.is_{{ c['name'] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_scoring_events') }} as e
    inner join event_kinds as k
        on k.event_type = e.event_type
        and k.web_page_url = e.web_page_url
    {%- if snapshot_date %}
    where e.event_at < {{ date_ts }}
        and e.event_at >= cast({{ dbt.dateadd('day', -days, date_sql) }} as timestamp)
    {%- else %}
    inner join snapshots as s
        on s.person_key = e.person_key
        and e.event_at < {{ date_ts }}
        and e.event_at >= cast({{ dbt.dateadd('day', -days, date_sql) }} as timestamp)
    where e.event_at >= cast({{ dbt.dateadd('day', -days, '(select min(snapshot_date) from snapshots)') }} as timestamp)
    {%- endif %}
{%- endmacro %}
