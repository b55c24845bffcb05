{% macro related_word_similarity(word_a, word_b, threshold=none) -%}
    {#- similarity of two words of company names for the related-accounts job: 1 when
        equal; their jaro-winkler similarity when that is below the threshold (the
        pair fails anyway) or when both have four letters or more, start with the same
        letter (people rarely mistype the first letter: 'betascape' / 'zetascape' are
        two brands; two swapped first letters, 'etchnology', count as the same start) and are at most one edit apart (two for words of ten letters or
        more; a transposition is one edit); else 0. Jaro-winkler alone rewards a shared
        prefix ('optistar' / 'optivista' 0.93); the edit limit keeps such brands apart. The edit distance
        is only computed for the few pairs at or above the threshold. -#}
    {%- set threshold = threshold if threshold is not none else var('related_name_similarity_threshold') -%}
    case
        when {{ word_a }} = {{ word_b }} then 1.0
        -- a typo early in a long word, which jaro-winkler punishes most ('amstrong' /
        -- 'armstrong' 0.89, 'lrarning' / 'learning' 0.88): one edit apart in words of
        -- seven letters or more that start alike is just similar enough
        when least(length({{ word_a }}), length({{ word_b }})) >= 7
            and left({{ word_a }}, 1) = left({{ word_b }}, 1)
            and jaro_winkler_similarity({{ word_a }}, {{ word_b }}) < {{ threshold }}
            and damerau_levenshtein({{ word_a }}, {{ word_b }}) = 1
        then {{ threshold }}
        when jaro_winkler_similarity({{ word_a }}, {{ word_b }}) < {{ threshold }}
        then jaro_winkler_similarity({{ word_a }}, {{ word_b }})
        when least(length({{ word_a }}), length({{ word_b }})) >= 4
            and (
                left({{ word_a }}, 1) = left({{ word_b }}, 1)
                -- or the first two letters swapped, the rest the same ('etchnology')
                or (
                    left({{ word_a }}, 2) = reverse(left({{ word_b }}, 2))
                    and substr({{ word_a }}, 3) = substr({{ word_b }}, 3)
                )
            )
            and damerau_levenshtein({{ word_a }}, {{ word_b }})
                <= case when greatest(length({{ word_a }}), length({{ word_b }})) >= 10 then 2 else 1 end
        then jaro_winkler_similarity({{ word_a }}, {{ word_b }})
        else 0.0
    end
{%- endmacro %}
