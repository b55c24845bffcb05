{% macro scoring_account_features(requested, person_features) -%}
    {#- The SELECT of account features as of snapshot dates: the account profile plus
        the activity of its persons rolled up (sums per activity class and window, the
        most active person, engaged and senior engaged persons, latest activity).
        `requested` is SQL yielding (snapshot_date, account_key); accounts created on
        or after their snapshot date are dropped. `person_features` is SQL yielding the
        person features (snapshot_date, person_key, ...) at the same dates. Shared by
        the run-date features and the training snapshots. Columns: snapshot_date,
        account_key, then the features. -#}
{%- set classes = var('scoring_activity_classes') -%}
{%- set windows = var('scoring_feature_windows_days') -%}
{%- set recent = windows | max -%}
with

accounts as (

    select
        account_key,
        industry,
        number_of_employees,
        annual_revenue,
        country_code,
        created_at
    from {{ ref('int_accounts') }}

),

requested as (

    {{ requested }}

),

snapshots as (

    select
        r.snapshot_date,
        r.account_key
    from requested as r
    inner join accounts as a
        on a.account_key = r.account_key
        and a.created_at < r.snapshot_date

),

member_snapshots as (

    select
        s.snapshot_date,
        s.account_key,
        ps.* exclude (snapshot_date)
    from snapshots as s
    inner join {{ ref('int_scoring_person_accounts') }} as links
        on links.account_key = s.account_key
    inner join ({{ person_features }}) as ps
        on ps.person_key = links.person_key
        and ps.snapshot_date = s.snapshot_date

),

rolled_up as (

    select
        snapshot_date,
        account_key,
        count(*) as known_persons,
        {%- for w in windows %}
        count(*) filter (where activities_{{ w }}d > 0) as engaged_persons_{{ w }}d,
        {%- endfor %}
        count(*) filter (
            where activities_{{ recent }}d > 0 and job_seniority in ('c_level', 'vp', 'director')
        ) as senior_engaged_persons_{{ recent }}d,
        {%- for w in windows %}
        sum(activities_{{ w }}d) as activities_{{ w }}d,
        {%- endfor %}
        max(activities_{{ recent }}d) as max_person_activities_{{ recent }}d,
        {%- for c in classes %}
        {%- for w in windows %}
        sum({{ c['name'] }}_{{ w }}d) as {{ c['name'] }}_{{ w }}d,
        {%- endfor %}
        {%- if c.get('recency') %}
        min(days_since_last_{{ c['name'] }}) as days_since_last_{{ c['name'] }},
        {%- endif %}
        {%- endfor %}
        min(days_since_last_activity) as days_since_last_activity
    from member_snapshots
    group by snapshot_date, account_key

),

final as (

    select
        s.snapshot_date,
        s.account_key,
        -- account profile
        a.industry,
        a.number_of_employees as employees,
        a.annual_revenue,
        a.country_code as country,
        {{ dbt.datediff('a.created_at', 's.snapshot_date', 'day') }} as account_age_days,
        -- persons of the account
        coalesce(r.known_persons, 0) as known_persons,
        {%- for w in windows %}
        coalesce(r.engaged_persons_{{ w }}d, 0) as engaged_persons_{{ w }}d,
        {%- endfor %}
        coalesce(r.senior_engaged_persons_{{ recent }}d, 0) as senior_engaged_persons_{{ recent }}d,
        {%- for w in windows %}
        coalesce(r.activities_{{ w }}d, 0) as activities_{{ w }}d,
        {%- endfor %}
        coalesce(r.max_person_activities_{{ recent }}d, 0) as max_person_activities_{{ recent }}d,
        {%- for c in classes %}
        {%- for w in windows %}
        coalesce(r.{{ c['name'] }}_{{ w }}d, 0) as {{ c['name'] }}_{{ w }}d,
        {%- endfor %}
        {%- if c.get('recency') %}
        r.days_since_last_{{ c['name'] }},
        {%- endif %}
        {%- endfor %}
        r.days_since_last_activity
    from snapshots as s
    inner join accounts as a on a.account_key = s.account_key
    left join rolled_up as r
        on r.snapshot_date = s.snapshot_date
        and r.account_key = s.account_key

)

select * from final
{%- endmacro %}
