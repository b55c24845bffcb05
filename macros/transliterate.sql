{% macro transliterate(column) -%}
    {#- lower-case text in Latin letters as an export typed in Latin letters spells it:
        accents stripped, the letters strip_accents leaves alone spelled out ('ß' ->
        'ss', 'ø' -> 'o', 'ł' -> 'l'), Cyrillic and Greek letter by letter ('газпром
        нефть' -> 'gazprom neft', 'тойота' -> 'toyota', 'τιτάν' -> 'titan'). Text
        already in ASCII is returned as it is. -#}
    {%- set letter_groups = [
        ('щ', 'shch'), ('ж', 'zh'), ('х', 'kh'), ('ц', 'ts'), ('ч', 'ch'), ('ш', 'sh'),
        ('ю', 'yu'), ('я', 'ya'), ('є', 'ye'), ('љ', 'lj'), ('њ', 'nj'), ('џ', 'dz'),
        ('ђ', 'dj'), ('ου', 'ou'), ('θ', 'th'), ('χ', 'ch'), ('ψ', 'ps'), ('ß', 'ss'),
        ('æ', 'ae'), ('œ', 'oe'), ('þ', 'th')
    ] -%}
    {%- set single_letters = {
        'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'ґ': 'g', 'д': 'd', 'е': 'e', 'ё': 'e',
        'з': 'z', 'и': 'i', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k', 'л': 'l',
        'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u',
        'ф': 'f', 'ы': 'y', 'э': 'e', 'ћ': 'c', 'ѓ': 'g', 'ќ': 'k', 'ѕ': 'z',
        'α': 'a', 'β': 'v', 'γ': 'g', 'δ': 'd', 'ε': 'e', 'ζ': 'z', 'η': 'i', 'ι': 'i',
        'κ': 'k', 'λ': 'l', 'μ': 'm', 'ν': 'n', 'ξ': 'x', 'ο': 'o', 'π': 'p', 'ρ': 'r',
        'σ': 's', 'ς': 's', 'τ': 't', 'υ': 'y', 'φ': 'f', 'ω': 'o',
        'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'ı': 'i', 'ħ': 'h', 'ŧ': 't', 'ĸ': 'k'
    } -%}
    {#- the hard and soft signs are not spelled -#}
    {%- set unspelled = 'ъь' -%}
    {#- 'й' is spelled 'y' (Тойота, Толстой) before strip_accents makes it 'и' -#}
    {%- set spelled = namespace(expression="strip_accents(replace(" ~ column ~ ", 'й', 'y'))") -%}
    {%- for letters, latin in letter_groups -%}
        {%- set spelled.expression = "replace(" ~ spelled.expression ~ ", '" ~ letters ~ "', '" ~ latin ~ "')" -%}
    {%- endfor -%}
    case
        when strlen({{ column }}) = length({{ column }}) then {{ column }}
        else translate(
            {{ spelled.expression }},
            '{{ single_letters.keys() | join }}{{ unspelled }}',
            '{{ single_letters.values() | join }}'
        )
    end
{%- endmacro %}
