{% test unique_on_latest_date(model, column_name, date_column) %}
{#- values of column_name that occur more than once among the rows of the latest
    date_column: the uniqueness check of an append-only history table, whose earlier
    dates were checked by the runs that wrote them, at the cost of one date -#}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ date_column }} = (select max({{ date_column }}) from {{ model }})
group by {{ column_name }}
having count(*) > 1
{% endtest %}
