{% macro validate_scoring_goals(goals=none) %}
    {#- Stops the run (compile error) when the scoring goal configuration is invalid,
        naming the goal and the field. Same rules as b2b_enrich.scoring.config.parse_goals:
        at most five goals; each has a name (letters, digits, '_'), a known type,
        a positive prediction_window_days; opportunity goals need attribute_name and
        new_value; model_types from (person, account); algorithm lightgbm|random_forest.
        Returns the goals (unchanged) so callers can loop over them. -#}
    {%- set goals = var('scoring_goals', []) if goals is none else goals -%}
    {%- set goal_types = ['leadOperation.convertLead', 'opportunityEvent.opportunityUpdated'] -%}
    {%- set model_types = ['person', 'account'] -%}
    {%- set algorithms = ['lightgbm', 'random_forest'] -%}
    {%- set allowed = ['name', 'type', 'attribute_name', 'new_value', 'converted_status',
                       'prediction_window_days', 'model_types', 'algorithm'] -%}
    {%- if goals is none -%}{%- set goals = [] -%}{%- endif -%}
    {%- if goals is string or goals is mapping or goals is not iterable -%}
        {{ exceptions.raise_compiler_error("scoring_goals must be a list of goals") }}
    {%- endif -%}
    {%- if goals | length > 5 -%}
        {%- set extra = goals[5] -%}
        {{ exceptions.raise_compiler_error(
            "at most 5 scoring goals are allowed, got " ~ (goals | length)
            ~ " (goal #6 '" ~ (extra.get('name') if extra is mapping else extra) ~ "' is one too many)") }}
    {%- endif -%}
    {%- set seen = [] -%}
    {%- for goal in goals -%}
        {%- if goal is not mapping -%}
            {{ exceptions.raise_compiler_error("scoring goal #" ~ loop.index ~ ": must be a mapping") }}
        {%- endif -%}
        {%- set label = "scoring goal '" ~ goal.get('name') ~ "'" if goal.get('name') else "scoring goal #" ~ loop.index -%}
        {%- if not goal.get('name') or goal.get('name') is not string -%}
            {{ exceptions.raise_compiler_error(label ~ ": missing field 'name'") }}
        {%- endif -%}
        {%- if not modules.re.match('^[A-Za-z][A-Za-z0-9_]*$', goal['name']) -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'name' must start with a letter and use only letters, digits, '_'") }}
        {%- endif -%}
        {%- if goal['name'] in seen -%}
            {{ exceptions.raise_compiler_error(label ~ ": duplicate goal name") }}
        {%- endif -%}
        {%- do seen.append(goal['name']) -%}
        {%- for key in goal.keys() | sort -%}
            {%- if key not in allowed -%}
                {{ exceptions.raise_compiler_error(label ~ ": unknown field(s) " ~ key) }}
            {%- endif -%}
        {%- endfor -%}
        {%- if goal.get('type') is none -%}
            {{ exceptions.raise_compiler_error(label ~ ": missing field 'type'") }}
        {%- endif -%}
        {%- if goal['type'] not in goal_types -%}
            {{ exceptions.raise_compiler_error(label ~ ": unknown type '" ~ goal['type'] ~ "' (expected one of " ~ goal_types | join(', ') ~ ")") }}
        {%- endif -%}
        {%- set window = goal.get('prediction_window_days') -%}
        {%- if window is none -%}
            {{ exceptions.raise_compiler_error(label ~ ": missing field 'prediction_window_days'") }}
        {%- endif -%}
        {%- if window is not number or window is sameas true or window is sameas false or window != (window | int) or window <= 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'prediction_window_days' must be a positive integer, got " ~ window) }}
        {%- endif -%}
        {%- if goal['type'] == 'opportunityEvent.opportunityUpdated' -%}
            {%- for key in ['attribute_name', 'new_value'] -%}
                {%- if not goal.get(key) -%}
                    {{ exceptions.raise_compiler_error(label ~ ": missing field '" ~ key ~ "' (required for type opportunityEvent.opportunityUpdated)") }}
                {%- endif -%}
            {%- endfor -%}
            {%- if goal.get('converted_status') is not none -%}
                {{ exceptions.raise_compiler_error(label ~ ": 'converted_status' only applies to type leadOperation.convertLead") }}
            {%- endif -%}
        {%- elif goal.get('attribute_name') is not none or goal.get('new_value') is not none -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'attribute_name'/'new_value' only apply to type opportunityEvent.opportunityUpdated") }}
        {%- endif -%}
        {%- set goal_model_types = goal.get('model_types', model_types) -%}
        {%- if goal_model_types is string or goal_model_types is not iterable or goal_model_types | length == 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'model_types' must be a non-empty list") }}
        {%- endif -%}
        {%- for model_type in goal_model_types -%}
            {%- if model_type not in model_types -%}
                {{ exceptions.raise_compiler_error(label ~ ": unknown model type '" ~ model_type ~ "' (expected one of " ~ model_types | join(', ') ~ ")") }}
            {%- endif -%}
        {%- endfor -%}
        {%- if goal_model_types | unique | list | length != goal_model_types | length -%}
            {{ exceptions.raise_compiler_error(label ~ ": duplicate entries in 'model_types'") }}
        {%- endif -%}
        {%- if goal.get('algorithm', 'lightgbm') not in algorithms -%}
            {{ exceptions.raise_compiler_error(label ~ ": unknown algorithm '" ~ goal.get('algorithm') ~ "' (expected one of " ~ algorithms | join(', ') ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {{- return(goals) -}}
{% endmacro %}
