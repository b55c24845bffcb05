{% macro scoring_job_function(job_title) -%}
    {#- Job function parsed from a free-text job title: marketing, sales, it,
        engineering, finance, hr, operations, executive, other, or unknown when empty.
        First matching function wins (so "Marketing Operations" is marketing). -#}
    case
        when nullif(trim({{ job_title }}), '') is null then 'unknown'
        when regexp_matches(lower({{ job_title }}), '(marketing|\bcmo\b|growth|brand|demand gen|content|\bseo\b|campaign|communications?\b)') then 'marketing'
        when regexp_matches(lower({{ job_title }}), '(sales|\bcro\b|revenue|business development|account (executive|manager)|\bsdr\b|\bbdr\b|partnerships|vertrieb|ventes|ventas)') then 'sales'
        when regexp_matches(lower({{ job_title }}), '(\bhr\b|human resources|people|talent|recruit|\bchro\b|personal)') then 'hr'
        when regexp_matches(lower({{ job_title }}), '(financ|accounting|accountant|controll|\bcfo\b|procurement|buyer|einkauf|comptab)') then 'finance'
        when regexp_matches(lower({{ job_title }}), '(engineer|developer|\bcto\b|devops|software|product|data scien|\bqa\b|entwickl|ingénieur|ingeniero)') then 'engineering'
        when regexp_matches(lower({{ job_title }}), '(\bit\b|information|\bcio\b|\bcdo\b|systems|system administrator|database|infrastructure|\bdata\b|informati)') then 'it'
        when regexp_matches(lower({{ job_title }}), '(operations|\bcoo\b|supply chain|logistic|customer success|project manager|consultant|office)') then 'operations'
        when regexp_matches(lower({{ job_title }}), '(\bceo\b|founder|managing director|\bpresident\b|\bowner\b|gesch(ä|a)ftsf(ü|u)hrer|general manager)') then 'executive'
        else 'other'
    end
{%- endmacro %}
