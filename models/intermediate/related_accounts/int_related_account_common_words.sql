{#- Ordinary words that lead company names of unrelated companies ('American
    Airlines' / 'American Tower', 'First Solar' / 'First Data', 'Pacific Freight' /
    'Pacific Analytics'): geography and direction words, quality and size adjectives,
    colours, nature words, generic business and industry words ('bank', 'hotel',
    'media') and name frames ('Gebrüder', 'Grupo', 'Société'). A name led by one of
    them shares no brand with another name led by it; a brand is a word that is none
    of these (see name_brand_word in int_related_account_profiles). English and the frames of the main European
    languages; normalized like company names (lower case, no accents). -#}
with

listed_words as (

    select word
    from (
        values
            ('active'), ('advanced'), ('advertising'), ('air'), ('airlines'), ('allied'),
            ('alpine'), ('america'), ('american'), ('americas'), ('apex'), ('asset'),
            ('assets'), ('associated'), ('atlantic'), ('auto'), ('baltic'), ('banco'),
            ('bank'), ('banque'), ('bay'), ('best'), ('better'), ('black'), ('blue'),
            ('bright'), ('capital'), ('cardinal'), ('care'), ('cargo'), ('central'),
            ('chemicals'), ('city'), ('civic'), ('clear'), ('clinic'), ('coastal'),
            ('college'), ('commercial'), ('community'), ('compagnie'), ('companhia'),
            ('compania'), ('companies'), ('company'), ('complete'), ('consolidated'),
            ('construction'), ('consulting'), ('continental'), ('county'), ('creative'),
            ('credit'), ('crystal'), ('cyber'), ('data'), ('dental'), ('design'),
            ('diamond'), ('digital'), ('direct'), ('dynamic'), ('eagle'), ('east'),
            ('eastern'), ('education'), ('electric'), ('electronics'), ('elite'),
            ('energy'), ('engineering'), ('equipment'), ('estate'), ('etablissements'),
            ('euro'), ('europa'), ('european'), ('express'), ('falcon'), ('family'),
            ('fast'), ('federal'), ('film'), ('finance'), ('financial'), ('first'),
            ('food'), ('foods'), ('forest'), ('fratelli'), ('freedom'), ('freight'),
            ('fresh'), ('frontier'), ('gebruder'), ('general'), ('gesellschaft'),
            ('global'), ('gold'), ('golden'), ('good'), ('grand'), ('great'), ('green'),
            ('groep'), ('group'), ('groupe'), ('grupo'), ('gruppe'), ('gruppo'), ('happy'),
            ('harbor'), ('harbour'), ('health'), ('healthy'), ('heritage'), ('holding'),
            ('holdings'), ('home'), ('horizon'), ('hospital'), ('hotel'), ('hotels'),
            ('house'), ('imperial'), ('independent'), ('industrial'), ('industrias'),
            ('industries'), ('info'), ('innovative'), ('insurance'), ('integrated'),
            ('inter'), ('international'), ('intl'), ('investment'), ('investments'),
            ('iron'), ('koninklijke'), ('labs'), ('lake'), ('legacy'), ('legal'),
            ('liberty'), ('lion'), ('local'), ('logistics'), ('machinery'), ('macro'),
            ('management'), ('marketing'), ('meadow'), ('media'), ('medical'), ('mega'),
            ('metal'), ('metals'), ('metro'), ('metropolitan'), ('micro'), ('mid'),
            ('midwest'), ('mining'), ('modern'), ('motor'), ('motors'), ('mountain'),
            ('music'), ('national'), ('natural'), ('net'), ('network'), ('networks'),
            ('new'), ('news'), ('nordic'), ('north'), ('northern'), ('ocean'), ('office'),
            ('oil'), ('old'), ('orange'), ('organic'), ('pacific'), ('park'), ('partners'),
            ('parts'), ('peak'), ('people'), ('peoples'), ('pharma'), ('phoenix'),
            ('pinnacle'), ('pioneer'), ('plastics'), ('platinum'), ('power'), ('premier'),
            ('prime'), ('print'), ('pro'), ('professional'), ('properties'), ('property'),
            ('public'), ('publishing'), ('pure'), ('purple'), ('quality'), ('quick'),
            ('radio'), ('rapid'), ('real'), ('red'), ('regional'), ('republic'),
            ('research'), ('retail'), ('river'), ('rock'), ('royal'), ('safe'), ('school'),
            ('sea'), ('secure'), ('service'), ('services'), ('shipping'), ('silver'),
            ('simple'), ('sky'), ('smart'), ('sociedad'), ('societa'), ('societe'),
            ('software'), ('solar'), ('solid'), ('solutions'), ('south'), ('southern'),
            ('sports'), ('standard'), ('star'), ('state'), ('steel'), ('stone'),
            ('strategic'), ('strong'), ('studio'), ('studios'), ('summit'), ('sun'),
            ('sunrise'), ('sunset'), ('super'), ('superior'), ('supplies'), ('supply'),
            ('supreme'), ('systems'), ('tech'), ('technical'), ('techno'), ('telecom'),
            ('television'), ('the'), ('tiger'), ('tools'), ('top'), ('total'), ('tours'),
            ('trading'), ('trans'), ('transport'), ('travel'), ('true'), ('trust'),
            ('ultra'), ('united'), ('universal'), ('university'), ('urban'), ('valley'),
            ('water'), ('web'), ('west'), ('western'), ('white'), ('world'), ('worldwide')
    ) as listed(word)

),

final as (

    select distinct word
    from listed_words

)

select * from final
