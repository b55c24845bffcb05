{% test expression_is_true(model, expression, where=none) %}
{#- rows for which the SQL expression is not true -#}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where %} and ({{ where }}){% endif %}
{% endtest %}
