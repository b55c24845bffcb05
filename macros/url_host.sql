{% macro url_host(column) -%}
    {#- host name of a website in any form ('HTTPS://www.Acme.com/en?x=1', 'acme.com:443',
        'user@acme.com'): lower case, scheme, credentials, port, path, query and a leading
        'www' label removed; null when it is not a dotted host name -#}
    case
        when regexp_full_match(
            regexp_replace(regexp_replace(regexp_extract(
                regexp_replace(lower(trim(cast({{ column }} as varchar))), '^[a-z][a-z0-9+.-]*://', ''),
                '^(?:[^/?#@]*@)?([^/?#:\s]*)', 1),
                '^www[0-9]*\.', ''), '\.$', ''),
            '[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+')
        then regexp_replace(regexp_replace(regexp_extract(
                regexp_replace(lower(trim(cast({{ column }} as varchar))), '^[a-z][a-z0-9+.-]*://', ''),
                '^(?:[^/?#@]*@)?([^/?#:\s]*)', 1),
                '^www[0-9]*\.', ''), '\.$', '')
    end
{%- endmacro %}
