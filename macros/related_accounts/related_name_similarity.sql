{% macro related_name_similarity(words_a, words_b, compact_a, compact_b) -%}
    {#- similarity of two company names given as word lists (VARCHAR[]) and their
        space-free forms, 0-1: 1 when the space-free forms are equal ('nova link' /
        'novalink'), else the lowest, over the words of each name missing from the
        other name, of that word's best related_word_similarity in the other name; so
        every word must have a close match ('acme analytics' / 'acme logistics' -> 0.64,
        'acme' / 'acme logistics' -> 0) while word order does not matter. Cheap tests
        first: names with a different number of distinct words, or that share no word
        and are not alike as a whole (jaro-winkler of the space-free forms below 0.8),
        score 0 without the word-by-word comparison. -#}
    case
        when {{ compact_a }} = {{ compact_b }} then 1.0
        when len(list_distinct({{ words_a }})) <> len(list_distinct({{ words_b }})) then 0.0
        when not (
            {{ words_a }} && {{ words_b }}
            or jaro_winkler_similarity({{ compact_a }}, {{ compact_b }}) >= 0.8
        ) then 0.0
        else least(
            coalesce(list_min(list_transform(
                list_filter({{ words_a }}, lambda w: not list_contains({{ words_b }}, w)),
                lambda t: list_max(list_transform({{ words_b }}, lambda u:
                    {{ related_word_similarity('t', 'u') }})))), 1.0),
            coalesce(list_min(list_transform(
                list_filter({{ words_b }}, lambda w: not list_contains({{ words_a }}, w)),
                lambda t: list_max(list_transform({{ words_a }}, lambda u:
                    {{ related_word_similarity('t', 'u') }})))), 1.0)
        )
    end
{%- endmacro %}
