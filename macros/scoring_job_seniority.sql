{% macro scoring_job_seniority(job_title) -%}
    {#- Seniority level parsed from a free-text job title (English, German, French,
        Spanish keywords): c_level, vp, director, manager, senior, entry, individual,
        or unknown when the title is empty. First matching level wins. -#}
    case
        when nullif(trim({{ job_title }}), '') is null then 'unknown'
        when regexp_matches(lower({{ job_title }}), '(\bvp\b|\bsvp\b|\bevp\b|\bavp\b|vice[ -]president|vizepr)') then 'vp'
        when regexp_matches(lower({{ job_title }}), '(\bchief\b|\bc[a-z]o\b|founder|\bowner\b|\bpresident\b|managing director|gesch(ä|a)ftsf(ü|u)hrer|directeur g(é|e)n(é|e)ral|director general|general manager|\bpartner\b)') then 'c_level'
        when regexp_matches(lower({{ job_title }}), '(director|\bhead\b|directeur|direktor|leiter|directora?\b|\bdirigente\b)') then 'director'
        when regexp_matches(lower({{ job_title }}), '(manager|team ?lead|supervisor|gerente|responsable|\bmanagerin\b)') then 'manager'
        when regexp_matches(lower({{ job_title }}), '(intern\b|trainee|working student|werkstudent|student|apprentice|azubi|stagiaire|\bjunior\b|\bjr\b|assistant)') then 'entry'
        when regexp_matches(lower({{ job_title }}), '(senior|\bsr\b|\blead\b|principal|\bstaff\b)') then 'senior'
        else 'individual'
    end
{%- endmacro %}
