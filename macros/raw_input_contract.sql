{% macro raw_input_contract() -%}
    {#- The input contract (DESIGN.md): per raw table its required and optional columns,
        and whether the whole table is optional (an absent file = no rows). -#}
    {{- return({
        'person_profiles': {
            'required': ['person_key', 'created_date'],
            'optional': ['source_account_key', 'first_name', 'last_name', 'work_email',
                         'work_phone', 'job_title', 'company_name', 'company_website',
                         'work_country', 'work_city'],
            'table_optional': false},
        'account_profiles': {
            'required': ['account_key', 'created_date'],
            'optional': ['account_name', 'website', 'parent_account_key', 'industry',
                         'number_of_employees', 'annual_revenue', 'country', 'city', 'phone'],
            'table_optional': false},
        'experience_events': {
            'required': ['event_id', 'person_key', 'timestamp', 'event_type'],
            'optional': ['web_page_url', 'converted_status', 'assign_to', 'opportunity_key',
                         'attribute_name', 'old_value', 'new_value'],
            'table_optional': false},
        'account_person_relations': {
            'required': ['person_key', 'account_key'],
            'optional': ['relationship_source'],
            'table_optional': true},
    }) -}}
{%- endmacro %}
