{% macro strip_mistyped_legal_form(names_cte, legal_forms_relation, min_letters=5) -%}
    {#- one round of removing a mistyped trailing legal form: for each (name, core) row
        of names_cte, every word among the last four of core that is one edit
        (insertion, deletion, substitution or swap of two neighbours) from a word of
        the known legal forms and is not itself such a word ('privte' -> 'private',
        'limted' -> 'limited', 'gesellschft' -> 'gesellschaft') is read as that
        word, and the trailing legal form of the corrected core is cut as in
        strip_legal_form. A row keeps its core unchanged when nothing is
        cut (a corrected word that ends no legal form is not rewritten). Only legal
        form words of at least min_letters letters are matched, and the first letter
        must agree, so short forms ('ag', 'as', 'sa', 'bv') never match a brand; and a
        word that three names or more hold, more than hold the form word it would be
        read as, is a word of the export's own, not a typo ('parts' is not 'partg',
        the German PartG, where 18 names say 'auto parts'; 'comm' is not 'commv').
        Candidates are found by equi-joins on one-letter deletions of the distinct
        words (symmetric deletion), then checked with damerau_levenshtein, so no word
        is compared with every legal form. -#}
    with

    positioned as (

        select
            name,
            core,
            tokens[i] as word,
            i,
            i > len(tokens) - 4 as is_near_end
        from (
            select name, core, tokens, generate_subscripts(tokens, 1) as i
            from (select name, core, string_split(core, ' ') as tokens from {{ names_cte }})
        )

    ),

    all_legal_words as (

        select distinct unnest(string_split(legal_form_normalized, ' ')) as word
        from {{ legal_forms_relation }}

    ),

    legal_variants as (

        select word, word as variant
        from all_legal_words
        where length(word) >= {{ min_letters }}
        union
        select word, left(word, p - 1) || substr(word, p + 1)
        from all_legal_words
        cross join range(1, 41) as positions(p)
        where length(word) >= {{ min_letters }} and p <= length(word)

    ),

    word_counts as (

        -- how many of the names hold each word
        select word, count(distinct name) as names
        from (select name, unnest(string_split(name, ' ')) as word from {{ names_cte }})
        group by word

    ),

    tail_words as (

        select distinct word
        from positioned
        where is_near_end
            and length(word) >= {{ min_letters }} - 1
            and word not in (select word from all_legal_words)

    ),

    tail_variants as (

        select word, word as variant from tail_words
        union
        select word, left(word, p - 1) || substr(word, p + 1)
        from tail_words
        cross join range(1, 41) as positions(p)
        where p <= length(word)

    ),

    corrections as (

        -- the closest legal-form word of each typo, alphabetical on ties
        select
            t.word,
            min(l.word order by damerau_levenshtein(t.word, l.word), l.word) as legal_word
        from tail_variants as t
        inner join legal_variants as l on l.variant = t.variant
        left join word_counts as typed on typed.word = t.word
        left join word_counts as known on known.word = l.word
        where left(t.word, 1) = left(l.word, 1)
            and damerau_levenshtein(t.word, l.word) <= 1
            and coalesce(typed.names, 0) <= greatest(coalesce(known.names, 0), 2)
        group by t.word

    ),

    typo_cores as (

        -- the cores with a mistyped legal-form word near the end, corrected
        select
            positioned.name,
            array_to_string(
                list(coalesce(corrections.legal_word, positioned.word) order by positioned.i),
                ' '
            ) as core
        from positioned
        left join corrections
            on corrections.word = positioned.word
            and positioned.is_near_end
        where positioned.name in (
            select p.name
            from positioned as p
            inner join corrections as c on c.word = p.word
            where p.is_near_end
        )
        group by positioned.name

    ),

    cut as (

        {{ strip_legal_form('typo_cores', legal_forms_relation) }}

    )

    select
        n.name,
        case
            -- the original words before the cut (a corrected word before the cut form
            -- stays as typed)
            when length(cut.core) < length(typo_cores.core)
            then array_to_string(
                list_slice(string_split(n.core, ' '), 1, len(string_split(cut.core, ' '))), ' '
            )
            else n.core
        end as core
    from {{ names_cte }} as n
    left join typo_cores on typo_cores.name = n.name
    left join cut on cut.name = n.name
{%- endmacro %}
