"""Static vocabularies for the demo-data generator.

Everything here is plain data: countries (how people write them, legal forms, web
TLDs, cities, phone formats), industries and the words companies in them use in
their names, job titles, free-mail providers, web platforms, web pages and sales
reps. Name pools for people come from Faker's per-locale person providers (see
:func:`person_name_pools`), which ship with Faker and need no network.
"""

from __future__ import annotations

import importlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

Weighted = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class LegalForm:
    """A legal form as registered (``canonical``) and as people also write it."""

    canonical: str
    variants: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Country:
    """One country of the demo world."""

    code: str  # ISO 3166 alpha-2
    alpha3: str
    weight: float  # share of companies
    locale: str  # Faker person locale for names
    lang: str  # language of name words ('en', 'de', 'fr', ...)
    written: Weighted  # how people type the country in a web form
    legal_forms: tuple[LegalForm, ...]
    tlds: Weighted
    calling_code: str
    nanp: bool  # North American numbering plan phone formats
    cities: tuple[str, ...]
    region_words: tuple[str, ...]  # used in subsidiary names: 'Acme Deutschland GmbH'


def _lf(canonical: str, variants: tuple[str, ...], weight: float) -> LegalForm:
    return LegalForm(canonical, variants, weight)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "US",
        "USA",
        30.0,
        "en_US",
        "en",
        (
            ("United States", 3),
            ("USA", 3),
            ("US", 2.5),
            ("U.S.", 1),
            ("United States of America", 1),
            ("usa", 0.7),
            ("U.S.A.", 0.4),
            ("united states", 0.5),
            ("America", 0.2),
        ),
        (
            _lf("Inc.", ("Inc", "Incorporated", "INC", ", Inc."), 5),
            _lf("LLC", ("L.L.C.", "Llc", "llc"), 3),
            _lf("Corp.", ("Corp", "Corporation", "CORP"), 2),
            _lf("Co.", ("Company", "Co"), 0.5),
        ),
        (("com", 8), ("io", 1), ("net", 0.6), ("us", 0.3), ("ai", 0.3), ("co", 0.3)),
        "1",
        True,
        (
            "New York",
            "San Francisco",
            "Chicago",
            "Austin",
            "Boston",
            "Seattle",
            "Atlanta",
            "Denver",
            "Los Angeles",
            "Dallas",
            "Miami",
            "San Jose",
        ),
        ("USA", "America", "North America", "US"),
    ),
    Country(
        "GB",
        "GBR",
        9.0,
        "en_GB",
        "en",
        (
            ("United Kingdom", 3),
            ("UK", 3),
            ("GB", 1.5),
            ("Great Britain", 1),
            ("England", 1),
            ("U.K.", 0.5),
            ("united kingdom", 0.4),
            ("Scotland", 0.2),
        ),
        (
            _lf("Ltd", ("Ltd.", "Limited", "LTD", "ltd"), 6),
            _lf("PLC", ("plc", "P.L.C.", "Public Limited Company"), 1.2),
            _lf("LLP", ("L.L.P.",), 0.6),
        ),
        (("co.uk", 6), ("com", 4), ("uk", 0.5), ("io", 0.5)),
        "44",
        False,
        (
            "London",
            "Manchester",
            "Birmingham",
            "Edinburgh",
            "Leeds",
            "Bristol",
            "Glasgow",
            "Cambridge",
            "Reading",
            "Liverpool",
        ),
        ("UK", "Great Britain", "UK & Ireland"),
    ),
    Country(
        "DE",
        "DEU",
        9.0,
        "de_DE",
        "de",
        (
            ("Germany", 3),
            ("Deutschland", 2.5),
            ("DE", 2),
            ("germany", 0.5),
            ("GERMANY", 0.3),
            ("DEU", 0.3),
            ("Federal Republic of Germany", 0.1),
            ("Allemagne", 0.1),
        ),
        (
            _lf(
                "GmbH",
                ("Gmbh", "G.m.b.H.", "GMBH", "Gesellschaft mit beschränkter Haftung"),
                6,
            ),
            _lf("AG", ("Aktiengesellschaft", "A.G."), 1.5),
            _lf("GmbH & Co. KG", ("GmbH & Co KG", "GmbH u. Co. KG", "GmbH&Co.KG"), 1.5),
            _lf("SE", ("S.E.",), 0.3),
            _lf("KG", ("Kommanditgesellschaft",), 0.4),
        ),
        (("de", 7), ("com", 3), ("eu", 0.4), ("io", 0.3)),
        "49",
        False,
        (
            "Berlin",
            "München",
            "Hamburg",
            "Frankfurt am Main",
            "Köln",
            "Stuttgart",
            "Düsseldorf",
            "Leipzig",
            "Nürnberg",
            "Hannover",
        ),
        ("Deutschland", "Germany", "DACH"),
    ),
    Country(
        "FR",
        "FRA",
        6.0,
        "fr_FR",
        "fr",
        (
            ("France", 5),
            ("FR", 2),
            ("france", 0.5),
            ("FRANCE", 0.3),
            ("FRA", 0.2),
            ("République française", 0.1),
        ),
        (
            _lf("SAS", ("S.A.S.", "Sas", "S.A.S"), 4),
            _lf("SA", ("S.A.", "Société Anonyme"), 2),
            _lf("SARL", ("S.A.R.L.", "Sarl"), 2),
            _lf("SASU", ("S.A.S.U.",), 0.4),
        ),
        (("fr", 7), ("com", 3), ("eu", 0.3)),
        "33",
        False,
        (
            "Paris",
            "Lyon",
            "Marseille",
            "Toulouse",
            "Nantes",
            "Lille",
            "Bordeaux",
            "Strasbourg",
            "Nice",
            "Rennes",
        ),
        ("France",),
    ),
    Country(
        "NL",
        "NLD",
        3.0,
        "nl_NL",
        "nl",
        (
            ("Netherlands", 3),
            ("The Netherlands", 1.5),
            ("NL", 2),
            ("Nederland", 1.5),
            ("Holland", 0.5),
            ("netherlands", 0.3),
        ),
        (_lf("B.V.", ("BV", "B.V", "bv"), 6), _lf("N.V.", ("NV", "N.V"), 1)),
        (("nl", 7), ("com", 3), ("eu", 0.3)),
        "31",
        False,
        ("Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"),
        ("Nederland", "Netherlands", "Benelux"),
    ),
    Country(
        "ES",
        "ESP",
        3.0,
        "es_ES",
        "es",
        (("Spain", 3), ("España", 2), ("ES", 2), ("Espana", 0.5), ("spain", 0.3)),
        (
            _lf("S.L.", ("SL", "S.L", "Sociedad Limitada", "S.L.U."), 5),
            _lf("S.A.", ("SA", "Sociedad Anónima"), 2),
        ),
        (("es", 6), ("com", 4)),
        "34",
        False,
        ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga", "Zaragoza"),
        ("España", "Iberia", "Spain"),
    ),
    Country(
        "IT",
        "ITA",
        3.0,
        "it_IT",
        "it",
        (("Italy", 3), ("Italia", 2), ("IT", 2), ("italy", 0.3), ("ITALIA", 0.2)),
        (
            _lf("S.r.l.", ("Srl", "S.R.L.", "srl", "S.r.l"), 5),
            _lf("S.p.A.", ("SpA", "S.P.A.", "Spa"), 2),
        ),
        (("it", 7), ("com", 3)),
        "39",
        False,
        ("Milano", "Roma", "Torino", "Bologna", "Firenze", "Napoli", "Verona"),
        ("Italia", "Italy"),
    ),
    Country(
        "JP",
        "JPN",
        4.0,
        "ja_JP",
        "ja",
        (("Japan", 5), ("JP", 2), ("日本", 0.5), ("japan", 0.3), ("Nippon", 0.1)),
        (
            _lf("K.K.", ("KK", "Kabushiki Kaisha", "Co., Ltd.", "Co. Ltd", "Inc."), 6),
            _lf("G.K.", ("GK", "Godo Kaisha"), 0.8),
        ),
        (("co.jp", 6), ("jp", 2), ("com", 3)),
        "81",
        False,
        ("Tokyo", "Osaka", "Yokohama", "Nagoya", "Fukuoka", "Kyoto", "Sapporo"),
        ("Japan", "Nippon"),
    ),
    Country(
        "BR",
        "BRA",
        3.0,
        "pt_BR",
        "pt",
        (("Brazil", 3), ("Brasil", 3), ("BR", 2), ("brasil", 0.3)),
        (_lf("Ltda.", ("Ltda", "LTDA", "Limitada"), 5), _lf("S.A.", ("SA", "S/A"), 2)),
        (("com.br", 8), ("com", 2)),
        "55",
        False,
        (
            "São Paulo",
            "Rio de Janeiro",
            "Belo Horizonte",
            "Curitiba",
            "Porto Alegre",
            "Brasília",
            "Recife",
        ),
        ("Brasil", "Brazil", "LATAM"),
    ),
    Country(
        "IN",
        "IND",
        4.0,
        "en_IN",
        "en",
        (("India", 6), ("IN", 2), ("india", 0.5), ("Bharat", 0.1)),
        (
            _lf("Pvt. Ltd.", ("Pvt Ltd", "Private Limited", "Pvt. Ltd", "PVT LTD"), 5),
            _lf("Ltd.", ("Limited", "Ltd"), 1.5),
            _lf("LLP", ("L.L.P.",), 0.5),
        ),
        (("in", 4), ("co.in", 2), ("com", 5)),
        "91",
        False,
        (
            "Bengaluru",
            "Mumbai",
            "New Delhi",
            "Hyderabad",
            "Pune",
            "Chennai",
            "Gurgaon",
            "Noida",
        ),
        ("India",),
    ),
    Country(
        "AU",
        "AUS",
        3.0,
        "en_GB",
        "en",
        (("Australia", 6), ("AU", 2), ("australia", 0.4), ("AUS", 0.3)),
        (
            _lf(
                "Pty Ltd",
                ("Pty. Ltd.", "Pty Limited", "PTY LTD", "Proprietary Limited"),
                6,
            ),
            _lf("Ltd", ("Limited",), 1),
        ),
        (("com.au", 8), ("com", 2), ("au", 0.3)),
        "61",
        False,
        ("Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra"),
        ("Australia", "ANZ", "APAC"),
    ),
    Country(
        "CA",
        "CAN",
        4.0,
        "en_US",
        "en",
        (("Canada", 6), ("CA", 2), ("canada", 0.4), ("CAN", 0.3)),
        (
            _lf("Inc.", ("Inc", "Incorporated"), 4),
            _lf("Ltd.", ("Ltd", "Limited", "Ltée"), 2),
            _lf("Corp.", ("Corporation", "Corp"), 1),
        ),
        (("ca", 6), ("com", 4)),
        "1",
        True,
        ("Toronto", "Vancouver", "Montréal", "Calgary", "Ottawa", "Edmonton"),
        ("Canada",),
    ),
    Country(
        "CH",
        "CHE",
        2.0,
        "de_CH",
        "de",
        (
            ("Switzerland", 3),
            ("Schweiz", 2),
            ("CH", 2),
            ("Suisse", 0.8),
            ("switzerland", 0.2),
        ),
        (
            _lf("AG", ("A.G.", "Aktiengesellschaft"), 4),
            _lf("GmbH", ("Gmbh", "G.m.b.H."), 3),
            _lf("SA", ("S.A.",), 1.5),
            _lf("Sàrl", ("Sarl", "S.à r.l."), 0.6),
        ),
        (("ch", 7), ("com", 3)),
        "41",
        False,
        ("Zürich", "Genève", "Basel", "Bern", "Lausanne", "Zug", "Luzern"),
        ("Schweiz", "Switzerland", "Suisse"),
    ),
    Country(
        "SE",
        "SWE",
        2.0,
        "sv_SE",
        "sv",
        (("Sweden", 4), ("Sverige", 2), ("SE", 2), ("sweden", 0.3)),
        (_lf("AB", ("Aktiebolag", "AB (publ)", "ab"), 6),),
        (("se", 7), ("com", 3)),
        "46",
        False,
        ("Stockholm", "Göteborg", "Malmö", "Uppsala", "Linköping"),
        ("Sverige", "Sweden", "Nordic", "Nordics"),
    ),
    Country(
        "PL",
        "POL",
        2.0,
        "pl_PL",
        "pl",
        (("Poland", 4), ("Polska", 2), ("PL", 2), ("poland", 0.3)),
        (
            _lf(
                "Sp. z o.o.",
                ("sp. z o.o.", "Sp. z o. o.", "Spółka z o.o.", "Sp z oo"),
                5,
            ),
            _lf("S.A.", ("SA", "Spółka Akcyjna"), 1.5),
        ),
        (("pl", 7), ("com", 3), ("com.pl", 0.5)),
        "48",
        False,
        ("Warszawa", "Kraków", "Wrocław", "Poznań", "Gdańsk", "Łódź"),
        ("Polska", "Poland", "CEE"),
    ),
    Country(
        "MX",
        "MEX",
        2.0,
        "es_MX",
        "es",
        (("Mexico", 3), ("México", 2.5), ("MX", 2), ("mexico", 0.3), ("MEX", 0.2)),
        (
            _lf("S.A. de C.V.", ("SA de CV", "S.A. DE C.V.", "S.A de C.V."), 5),
            _lf("S. de R.L. de C.V.", ("S de RL de CV",), 1.5),
        ),
        (("com.mx", 7), ("mx", 1), ("com", 3)),
        "52",
        False,
        (
            "Ciudad de México",
            "Guadalajara",
            "Monterrey",
            "Puebla",
            "Querétaro",
            "Tijuana",
        ),
        ("México", "Mexico", "LATAM"),
    ),
    Country(
        "AT",
        "AUT",
        1.2,
        "de_AT",
        "de",
        (("Austria", 3), ("Österreich", 2), ("AT", 2), ("Oesterreich", 0.4)),
        (
            _lf("GmbH", ("Gmbh", "Ges.m.b.H.", "GesmbH"), 5),
            _lf("AG", ("Aktiengesellschaft",), 1),
        ),
        (("at", 7), ("com", 3)),
        "43",
        False,
        ("Wien", "Graz", "Linz", "Salzburg", "Innsbruck"),
        ("Austria", "Österreich"),
    ),
    Country(
        "BE",
        "BEL",
        1.2,
        "nl_BE",
        "nl",
        (("Belgium", 3), ("België", 1), ("Belgique", 1), ("BE", 2), ("belgium", 0.3)),
        (
            _lf("BV", ("B.V.", "BVBA", "bvba"), 3),
            _lf("NV", ("N.V.",), 1.5),
            _lf("SA", ("S.A.", "SRL"), 1.5),
        ),
        (("be", 7), ("com", 3), ("eu", 0.5)),
        "32",
        False,
        ("Brussels", "Antwerpen", "Gent", "Liège", "Leuven"),
        ("Belgium", "Benelux"),
    ),
    Country(
        "IE",
        "IRL",
        1.0,
        "en_IE",
        "en",
        (("Ireland", 5), ("IE", 2), ("Republic of Ireland", 0.5), ("Éire", 0.1)),
        (
            _lf("Ltd", ("Limited", "Ltd."), 5),
            _lf("DAC", ("D.A.C.",), 1),
            _lf("PLC", ("plc",), 0.5),
        ),
        (("ie", 6), ("com", 4)),
        "353",
        False,
        ("Dublin", "Cork", "Galway", "Limerick"),
        ("Ireland", "EMEA"),
    ),
    Country(
        "DK",
        "DNK",
        1.0,
        "da_DK",
        "da",
        (("Denmark", 4), ("Danmark", 1.5), ("DK", 2)),
        (_lf("A/S", ("AS", "A.S."), 4), _lf("ApS", ("Aps", "APS"), 3)),
        (("dk", 7), ("com", 3)),
        "45",
        False,
        ("København", "Aarhus", "Odense", "Aalborg"),
        ("Danmark", "Denmark", "Nordic"),
    ),
)

COUNTRY_INDEX: dict[str, int] = {c.code: i for i, c in enumerate(COUNTRIES)}


@dataclass(frozen=True)
class Industry:
    """An industry label with the words companies in it put in their names."""

    label: str
    effect: float  # additive logit effect on propensity to buy the demo product
    words: dict[str, tuple[str, ...]]  # lang -> descriptor words; 'en' always set
    weight: float


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "Software",
        0.9,
        {
            "en": (
                "Software",
                "Analytics",
                "Systems",
                "Technologies",
                "Labs",
                "Digital",
                "Data",
                "Cloud",
                "Networks",
                "AI",
                "Tech",
            ),
            "de": ("Software", "Systeme", "Datentechnik", "Informatik", "Digital"),
            "fr": ("Logiciels", "Informatique", "Systèmes", "Numérique"),
            "es": ("Sistemas", "Software", "Tecnologías", "Informática"),
            "it": ("Sistemi", "Software", "Informatica", "Tecnologie"),
            "pt": ("Sistemas", "Software", "Tecnologia"),
            "nl": ("Software", "Systemen", "Digitaal"),
        },
        14,
    ),
    Industry(
        "Information Technology & Services",
        0.7,
        {
            "en": (
                "IT Services",
                "Consulting",
                "Solutions",
                "Integration",
                "Infotech",
                "Computing",
                "Networks",
            ),
            "de": ("IT-Service", "Systemhaus", "Informationstechnik", "IT-Lösungen"),
            "fr": ("Services Informatiques", "Conseil", "Solutions"),
            "es": ("Soluciones", "Servicios TI", "Consultoría"),
            "it": ("Soluzioni", "Servizi Informatici"),
            "pt": ("Soluções", "Serviços de TI"),
            "nl": ("ICT", "Automatisering", "Oplossingen"),
        },
        10,
    ),
    Industry(
        "Financial Services",
        0.5,
        {
            "en": (
                "Capital",
                "Financial",
                "Partners",
                "Bank",
                "Investments",
                "Asset Management",
                "Insurance",
                "Payments",
            ),
            "de": ("Bank", "Finanz", "Versicherung", "Vermögensverwaltung", "Kapital"),
            "fr": ("Banque", "Finance", "Assurances", "Capital", "Générale"),
            "es": ("Banco", "Finanzas", "Seguros", "Inversiones"),
            "it": ("Banca", "Finanza", "Assicurazioni", "Investimenti"),
            "pt": ("Banco", "Investimentos", "Seguros", "Financeira"),
            "nl": ("Bank", "Financiële Diensten", "Verzekeringen"),
        },
        9,
    ),
    Industry(
        "Manufacturing",
        -0.2,
        {
            "en": (
                "Manufacturing",
                "Industries",
                "Engineering",
                "Components",
                "Machinery",
                "Materials",
                "Plastics",
                "Tools",
                "Steel",
            ),
            "de": (
                "Maschinenbau",
                "Werke",
                "Technik",
                "Metallbau",
                "Anlagenbau",
                "Industrie",
            ),
            "fr": ("Industries", "Mécanique", "Ingénierie", "Métallurgie"),
            "es": ("Industrias", "Ingeniería", "Maquinaria", "Metálicas"),
            "it": ("Meccanica", "Industrie", "Ingegneria", "Acciai"),
            "pt": ("Indústria", "Metalúrgica", "Engenharia"),
            "nl": ("Machinebouw", "Industrie", "Techniek"),
        },
        12,
    ),
    Industry(
        "Healthcare",
        -0.1,
        {
            "en": ("Health", "Healthcare", "Medical", "Clinics", "Care", "Diagnostics"),
            "de": ("Medizintechnik", "Gesundheit", "Klinik", "Pflege"),
            "fr": ("Santé", "Médical", "Cliniques"),
            "es": ("Salud", "Médica", "Clínicas"),
            "it": ("Salute", "Medicale", "Cliniche"),
            "pt": ("Saúde", "Médica", "Clínicas"),
            "nl": ("Zorg", "Medisch", "Gezondheid"),
        },
        7,
    ),
    Industry(
        "Retail",
        0.1,
        {
            "en": (
                "Retail",
                "Stores",
                "Outfitters",
                "Market",
                "Shop",
                "Brands",
                "Commerce",
            ),
            "de": ("Handel", "Warenhaus", "Markt", "Handelsgesellschaft"),
            "fr": ("Distribution", "Commerce", "Boutiques"),
            "es": ("Comercial", "Tiendas", "Distribución"),
            "it": ("Commerciale", "Distribuzione", "Negozi"),
            "pt": ("Comércio", "Lojas", "Varejo"),
            "nl": ("Handel", "Winkels", "Retail"),
        },
        8,
    ),
    Industry(
        "Telecommunications",
        0.4,
        {
            "en": (
                "Telecom",
                "Communications",
                "Wireless",
                "Broadband",
                "Mobile",
                "Networks",
            ),
            "de": ("Telekom", "Kommunikation", "Netze"),
            "fr": ("Télécom", "Communications", "Réseaux"),
            "es": ("Telecomunicaciones", "Comunicaciones", "Redes"),
            "it": ("Telecomunicazioni", "Comunicazioni"),
            "pt": ("Telecomunicações", "Comunicações"),
            "nl": ("Telecom", "Communicatie"),
        },
        4,
    ),
    Industry(
        "Logistics & Transportation",
        -0.3,
        {
            "en": ("Logistics", "Freight", "Transport", "Shipping", "Express", "Cargo"),
            "de": ("Logistik", "Spedition", "Transporte", "Frachtdienst"),
            "fr": ("Logistique", "Transports", "Fret"),
            "es": ("Logística", "Transportes", "Carga"),
            "it": ("Logistica", "Trasporti", "Spedizioni"),
            "pt": ("Logística", "Transportes", "Cargas"),
            "nl": ("Logistiek", "Transport", "Expeditie"),
        },
        6,
    ),
    Industry(
        "Energy & Utilities",
        -0.2,
        {
            "en": ("Energy", "Power", "Renewables", "Utilities", "Solar", "Oil & Gas"),
            "de": ("Energie", "Stadtwerke", "Solartechnik", "Energieversorgung"),
            "fr": ("Énergie", "Énergies Renouvelables", "Électricité"),
            "es": ("Energía", "Renovables", "Eléctrica"),
            "it": ("Energia", "Rinnovabili", "Elettrica"),
            "pt": ("Energia", "Renováveis", "Elétrica"),
            "nl": ("Energie", "Duurzame Energie"),
        },
        4,
    ),
    Industry(
        "Professional Services",
        0.3,
        {
            "en": (
                "Consulting",
                "Advisory",
                "Partners",
                "Associates",
                "Group",
                "Management Consulting",
                "Law",
            ),
            "de": ("Beratung", "Consulting", "Unternehmensberatung", "Partner"),
            "fr": ("Conseil", "Associés", "Partenaires"),
            "es": ("Consultores", "Asesores", "Asociados"),
            "it": ("Consulenza", "Associati", "Partners"),
            "pt": ("Consultoria", "Associados", "Assessoria"),
            "nl": ("Advies", "Consultancy", "Partners"),
        },
        9,
    ),
    Industry(
        "Media & Entertainment",
        0.2,
        {
            "en": (
                "Media",
                "Studios",
                "Entertainment",
                "Publishing",
                "Productions",
                "Broadcasting",
            ),
            "de": ("Medien", "Verlag", "Studios", "Medienhaus"),
            "fr": ("Médias", "Éditions", "Productions"),
            "es": ("Medios", "Producciones", "Editorial"),
            "it": ("Media", "Edizioni", "Produzioni"),
            "pt": ("Mídia", "Produções", "Editora"),
            "nl": ("Media", "Uitgeverij", "Producties"),
        },
        4,
    ),
    Industry(
        "Education",
        -0.6,
        {
            "en": ("Learning", "Education", "Academy", "Institute", "School"),
            "de": ("Akademie", "Bildung", "Institut"),
            "fr": ("Formation", "Académie", "Institut"),
            "es": ("Formación", "Academia", "Instituto"),
            "it": ("Formazione", "Accademia", "Istituto"),
            "pt": ("Educação", "Academia", "Instituto"),
            "nl": ("Opleidingen", "Academie", "Instituut"),
        },
        4,
    ),
    Industry(
        "Real Estate",
        -0.5,
        {
            "en": ("Properties", "Real Estate", "Realty", "Estates", "Homes"),
            "de": ("Immobilien", "Wohnbau", "Grundbesitz"),
            "fr": ("Immobilier", "Habitat", "Foncière"),
            "es": ("Inmobiliaria", "Promociones", "Viviendas"),
            "it": ("Immobiliare", "Costruzioni"),
            "pt": ("Imobiliária", "Empreendimentos"),
            "nl": ("Vastgoed", "Makelaardij"),
        },
        4,
    ),
    Industry(
        "Pharmaceuticals",
        0.0,
        {
            "en": (
                "Pharma",
                "Pharmaceuticals",
                "Biosciences",
                "Therapeutics",
                "Bio",
                "Life Sciences",
            ),
            "de": ("Pharma", "Arzneimittel", "Biotech"),
            "fr": ("Pharma", "Laboratoires", "Biotech"),
            "es": ("Farma", "Laboratorios", "Farmacéutica"),
            "it": ("Farmaceutici", "Laboratori", "Pharma"),
            "pt": ("Farma", "Laboratórios", "Farmacêutica"),
            "nl": ("Pharma", "Biotech"),
        },
        3,
    ),
    Industry(
        "Automotive",
        -0.3,
        {
            "en": ("Automotive", "Motors", "Auto Parts", "Mobility", "Vehicles"),
            "de": ("Automobil", "Fahrzeugbau", "Autoteile", "Motoren"),
            "fr": ("Automobiles", "Équipements Auto", "Mobilité"),
            "es": ("Automoción", "Autopartes", "Motores"),
            "it": ("Automobili", "Componenti Auto", "Motori"),
            "pt": ("Automotiva", "Autopeças", "Motores"),
            "nl": ("Automotive", "Mobiliteit"),
        },
        3,
    ),
)

# Invented brand building blocks ('Nova' + 'link' -> 'Novalink').
BRAND_HEADS: tuple[str, ...] = (
    "Acme",
    "Nova",
    "Zen",
    "Velo",
    "Tri",
    "Omni",
    "Quanta",
    "Lumi",
    "Sky",
    "Blue",
    "Red",
    "Green",
    "North",
    "Astra",
    "Terra",
    "Vita",
    "Neo",
    "Opti",
    "Prime",
    "Core",
    "Alpha",
    "Beta",
    "Cyber",
    "Data",
    "Echo",
    "Flex",
    "Giga",
    "Hyper",
    "Info",
    "Inno",
    "Intel",
    "Key",
    "Logi",
    "Maxi",
    "Meta",
    "Micro",
    "Nexus",
    "Octa",
    "Pivot",
    "Pro",
    "Quest",
    "Rapid",
    "Sigma",
    "Smart",
    "Sol",
    "Stella",
    "Syn",
    "Tera",
    "Ultra",
    "Uni",
    "Vertex",
    "Vox",
    "Wave",
    "Xen",
    "Zeta",
    "Aero",
    "Bright",
    "Clear",
    "Deep",
    "Ever",
    "Fair",
    "Gold",
    "High",
    "Iron",
    "Lake",
    "Maple",
    "Oak",
    "Pine",
    "River",
    "Silver",
    "Stone",
    "Summit",
    "True",
    "West",
    "East",
    "South",
    "Bay",
    "Cedar",
    "Crest",
    "Delta",
    "Ember",
    "Falcon",
    "Harbor",
    "Horizon",
    "Ivy",
    "Jade",
    "Kite",
    "Lynx",
    "Mosaic",
    "Onyx",
    "Orbit",
    "Pixel",
    "Polar",
    "Radiant",
    "Sage",
    "Tidal",
)
BRAND_TAILS: tuple[str, ...] = (
    "tech",
    "ly",
    "ify",
    "ex",
    "ion",
    "ara",
    "io",
    "works",
    "soft",
    "link",
    "hub",
    "wave",
    "scape",
    "gen",
    "logic",
    "stream",
    "point",
    "path",
    "forge",
    "nest",
    "sys",
    "net",
    "tron",
    "ware",
    "bit",
    "cell",
    "field",
    "gate",
    "line",
    "mark",
    "mind",
    "ora",
    "plex",
    "quest",
    "ridge",
    "sense",
    "spark",
    "star",
    "vault",
    "view",
    "vista",
    "wise",
    "yard",
    "zone",
    "dyne",
    "lytics",
    "matic",
    "nova",
    "base",
    "craft",
)
# Generic first words ('Pacific Freight', 'Global Analytics').
PLACE_WORDS: tuple[str, ...] = (
    "Pacific",
    "Atlantic",
    "Global",
    "International",
    "United",
    "National",
    "Continental",
    "Northern",
    "Southern",
    "Western",
    "Eastern",
    "Central",
    "Metro",
    "Coastal",
    "Alpine",
    "Nordic",
    "Baltic",
    "Euro",
    "Trans",
    "Inter",
    "Premier",
    "Royal",
    "Imperial",
    "Pioneer",
    "Heritage",
    "Liberty",
    "Frontier",
    "Cardinal",
)
# Language-specific name frames; '{}' is the core of the name.
NAME_FRAMES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Société {}",
        "Groupe {}",
        "Compagnie Générale {}",
        "Établissements {}",
        "{} et Fils",
        "{} Frères",
    ),
    "es": ("Grupo {}", "Industrias {}", "Compañía {}", "{} Hermanos"),
    "pt": ("Grupo {}", "Companhia {}", "{} Irmãos"),
    "it": ("Gruppo {}", "{} & Figli", "Fratelli {}"),
    "de": ("{} Gruppe", "{} & Söhne", "Gebrüder {}", "{} Werke"),
    "nl": ("{} Groep", "{} & Zonen", "Koninklijke {}"),
    "en": ("{} Group", "{} & Sons", "{} Brothers", "The {} Company"),
}
SUBSIDIARY_WORDS: tuple[str, ...] = (
    "Services",
    "Solutions",
    "Labs",
    "Capital",
    "Digital",
    "Software",
    "Consulting",
    "Ventures",
    "Retail",
    "Logistics",
    "Research",
    "Technologies",
)
HOLDING_WORDS: tuple[str, ...] = ("Holdings", "Group", "Holding", "International")
EXTRA_NAME_TAILS: tuple[str, ...] = (
    " - Sales",
    " - Marketing",
    " (EMEA)",
    " HQ",
    " Group",
    " - IT Dept",
    " (US)",
    " Headquarters",
    " International",
    " / Finance",
    " - Procurement",
    " Global",
)

FREE_MAIL_GLOBAL: Weighted = (
    ("gmail.com", 40),
    ("yahoo.com", 10),
    ("outlook.com", 9),
    ("hotmail.com", 9),
    ("icloud.com", 4),
    ("aol.com", 2),
    ("protonmail.com", 1.5),
    ("live.com", 2),
    ("msn.com", 1),
    ("me.com", 0.7),
    ("ymail.com", 0.5),
    ("mac.com", 0.3),
)
FREE_MAIL_LOCAL: dict[str, Weighted] = {
    "US": (("comcast.net", 2), ("sbcglobal.net", 1), ("yahoo.com", 3)),
    "GB": (("hotmail.co.uk", 3), ("btinternet.com", 2), ("yahoo.co.uk", 1)),
    "DE": (
        ("gmx.de", 4),
        ("web.de", 4),
        ("t-online.de", 2),
        ("gmx.net", 1),
        ("outlook.de", 0.5),
    ),
    "FR": (
        ("orange.fr", 3),
        ("free.fr", 2),
        ("laposte.net", 1.5),
        ("wanadoo.fr", 1),
        ("hotmail.fr", 2),
    ),
    "NL": (("ziggo.nl", 2), ("planet.nl", 1), ("hotmail.nl", 1)),
    "ES": (("hotmail.es", 3), ("yahoo.es", 1.5), ("telefonica.net", 0.5)),
    "IT": (("libero.it", 3), ("virgilio.it", 1.5), ("tiscali.it", 1)),
    "JP": (("yahoo.co.jp", 4),),
    "BR": (
        ("uol.com.br", 3),
        ("bol.com.br", 2),
        ("terra.com.br", 1.5),
        ("hotmail.com.br", 1),
    ),
    "IN": (("rediffmail.com", 2), ("yahoo.co.in", 2)),
    "AU": (("bigpond.com", 3), ("optusnet.com.au", 1)),
    "CA": (("shaw.ca", 1.5), ("yahoo.ca", 1.5), ("rogers.com", 1)),
    "CH": (("bluewin.ch", 3), ("gmx.ch", 2)),
    "SE": (("telia.com", 0.5),),
    "PL": (("wp.pl", 3), ("o2.pl", 2), ("onet.pl", 2), ("interia.pl", 1)),
    "MX": (("yahoo.com.mx", 2), ("prodigy.net.mx", 0.5)),
    "AT": (("gmx.at", 3), ("aon.at", 1)),
    "BE": (("telenet.be", 3), ("skynet.be", 1)),
    "IE": (("eircom.net", 2),),
    "DK": (("jubii.dk", 0.5), ("mail.dk", 1)),
}
# Free-mail providers of countries outside the company world (people abroad).
FREE_MAIL_OTHER: Weighted = (
    ("mail.ru", 2),
    ("yandex.ru", 1.5),
    ("qq.com", 2),
    ("163.com", 1.5),
    ("naver.com", 1),
    ("seznam.cz", 0.5),
)

# Platform sites small companies use instead of their own domain; '{}' is a slug.
PLATFORM_SITES: tuple[str, ...] = (
    "{}.wixsite.com/{}",
    "sites.google.com/view/{}",
    "{}.myshopify.com",
    "facebook.com/{}",
    "www.facebook.com/{}",
    "{}.squarespace.com",
    "{}.wordpress.com",
    "{}.godaddysites.com",
    "linktr.ee/{}",
    "{}.business.site",
)

# Website written forms: (prefix, suffix, weight).
WEBSITE_FORMS: tuple[tuple[str, str, float], ...] = (
    ("https://www.", "", 26),
    ("www.", "", 22),
    ("", "", 18),
    ("http://", "/", 6),
    ("https://", "", 6),
    ("http://www.", "", 5),
    ("https://www.", "/", 4),
    ("www.", "/en/about", 1.5),
    (" https://", "/contact?x=1 ", 1),
    ("https://www.", "/en", 2),
    ("", "/", 2),
    ("https://www.", "/?utm_source=crm", 1),
    ("www.", "/home ", 1),
    ("HTTPS://WWW.", "", 0.5),
)

SENIORITIES: tuple[tuple[str, float, float], ...] = (
    # (label, share, propensity logit effect)
    ("C-level", 0.04, 0.9),
    ("VP", 0.06, 0.8),
    ("Director", 0.12, 0.6),
    ("Manager", 0.22, 0.3),
    ("Senior", 0.18, 0.0),
    ("Individual Contributor", 0.33, -0.4),
    ("Intern", 0.05, -1.2),
)
FUNCTIONS: tuple[tuple[str, float, float], ...] = (
    # (label, share, propensity logit effect) - the demo product is a marketing tool
    ("Marketing", 0.22, 0.9),
    ("Sales", 0.20, 0.4),
    ("IT", 0.14, 0.3),
    ("Engineering", 0.16, -0.1),
    ("Finance", 0.10, -0.3),
    ("HR", 0.08, -0.8),
    ("Operations", 0.10, -0.4),
)

#: how much of the seniority effect a function carries: the demo product (a marketing
#: tool) is bought by a committee from marketing, sales and IT; seniority elsewhere
#: (a senior HR or finance person) says little about buying it
BUYING_AUTHORITY: dict[str, float] = {
    "Marketing": 1.4,
    "Sales": 1.1,
    "IT": 0.9,
    "Engineering": 0.4,
    "Finance": 0.5,
    "HR": 0.2,
    "Operations": 0.6,
}

_C_LEVEL = {
    "Marketing": ("CMO", "Chief Marketing Officer", "Chief Growth Officer"),
    "Sales": ("CRO", "Chief Revenue Officer", "Chief Sales Officer", "CEO"),
    "IT": ("CIO", "Chief Information Officer", "CDO", "Chief Data Officer"),
    "Engineering": ("CTO", "Chief Technology Officer", "Co-Founder & CTO"),
    "Finance": ("CFO", "Chief Financial Officer"),
    "HR": ("CHRO", "Chief People Officer", "Chief Human Resources Officer"),
    "Operations": (
        "COO",
        "Chief Operating Officer",
        "CEO",
        "Founder & CEO",
        "Managing Director",
        "Geschäftsführer",
    ),
}
_FUNCTION_NOUNS = {
    "Marketing": (
        "Marketing",
        "Demand Generation",
        "Digital Marketing",
        "Marketing Operations",
        "Growth",
        "Brand",
    ),
    "Sales": ("Sales", "Business Development", "Revenue Operations", "Partnerships"),
    "IT": ("IT", "Information Technology", "IT Infrastructure", "Data"),
    "Engineering": (
        "Engineering",
        "Software Engineering",
        "Data Engineering",
        "Product",
    ),
    "Finance": ("Finance", "Accounting", "Controlling", "Procurement"),
    "HR": ("HR", "Human Resources", "People", "Talent Acquisition"),
    "Operations": ("Operations", "Supply Chain", "Customer Success", "Logistics"),
}
_IC_ROLES = {
    "Marketing": (
        "Marketing Specialist",
        "Content Marketer",
        "Marketing Analyst",
        "SEO Specialist",
        "Campaign Manager",
        "Marketing Coordinator",
    ),
    "Sales": (
        "Account Executive",
        "Sales Representative",
        "SDR",
        "Sales Development Representative",
        "Account Manager",
        "BDR",
    ),
    "IT": (
        "Systems Administrator",
        "IT Analyst",
        "Data Analyst",
        "IT Specialist",
        "Database Administrator",
    ),
    "Engineering": (
        "Software Engineer",
        "Data Engineer",
        "Developer",
        "Data Scientist",
        "DevOps Engineer",
        "QA Engineer",
    ),
    "Finance": ("Financial Analyst", "Accountant", "Controller", "Buyer"),
    "HR": ("Recruiter", "HR Generalist", "HR Business Partner", "Talent Partner"),
    "Operations": (
        "Operations Analyst",
        "Project Manager",
        "Consultant",
        "Customer Success Manager",
        "Office Manager",
    ),
}


def job_titles() -> list[tuple[int, int, str]]:
    """All job titles as (seniority index, function index, title)."""
    out: list[tuple[int, int, str]] = []
    for fi, (func, _, _) in enumerate(FUNCTIONS):
        nouns = _FUNCTION_NOUNS[func]
        ic = _IC_ROLES[func]
        by_seniority: list[tuple[str, ...]] = [
            _C_LEVEL[func],
            tuple(f"VP of {n}" for n in nouns)
            + tuple(f"Vice President, {n}" for n in nouns[:2])
            + (f"VP {nouns[0]}", f"SVP {nouns[0]}"),
            tuple(f"Director of {n}" for n in nouns)
            + tuple(f"Head of {n}" for n in nouns)
            + (f"{nouns[0]} Director", f"Sr. Director, {nouns[0]}"),
            tuple(f"{n} Manager" for n in nouns)
            + (f"Manager, {nouns[0]}", f"Team Lead {nouns[0]}"),
            tuple(f"Senior {r}" for r in ic)
            + tuple(f"Sr. {r}" for r in ic[:2])
            + (f"Lead {ic[0]}",),
            ic,
            (
                f"{nouns[0]} Intern",
                f"Intern - {nouns[0]}",
                "Working Student",
                f"{nouns[0]} Trainee",
            ),
        ]
        for si, titles in enumerate(by_seniority):
            out.extend((si, fi, t) for t in titles)
    return out


WEB_PAGES: dict[str, tuple[str, ...]] = {
    # category -> paths on the demo vendor's site
    "home": ("/", "/en", "/de", "/fr", "/?ref=g2", "/customers", "/about", "/company"),
    "pricing": (
        "/pricing",
        "/pricing?plan=enterprise",
        "/pricing?plan=team",
        "/de/preise",
        "/pricing#compare",
        "/fr/tarifs",
        "/plans",
    ),
    "blog": tuple(
        f"/blog/{s}"
        for s in (
            "b2b-attribution-guide",
            "lead-scoring-101",
            "account-based-marketing",
            "data-cleaning-tips",
            "marketing-ops-stack-2024",
            "intent-data-explained",
            "crm-hygiene",
            "webinar-recap-q3",
            "customer-story-fintech",
            "pipeline-forecasting",
            "gdpr-for-marketers",
            "abm-playbook",
            "demand-gen-benchmarks",
            "lead-routing",
            "identity-resolution",
            "segmentation-strategies",
            "predictive-analytics",
            "email-deliverability",
        )
    ),
    "docs": tuple(
        f"/docs/{s}"
        for s in (
            "getting-started",
            "api/authentication",
            "api/profiles",
            "integrations/salesforce",
            "integrations/marketo",
            "segments",
            "data-model",
            "security",
            "sso",
            "release-notes",
            "sdk/python",
            "webhooks",
        )
    ),
    "product": tuple(
        f"/product/{s}"
        for s in (
            "lead-scoring",
            "account-matching",
            "segments",
            "journeys",
            "analytics",
            "integrations",
            "data-platform",
            "ai-assistant",
        )
    ),
    "demo": ("/demo", "/request-demo", "/contact-sales", "/trial", "/get-started"),
    "careers": ("/careers", "/careers/engineering", "/jobs"),
    "resources": (
        "/resources/ebook-abm",
        "/resources/roi-calculator",
        "/resources/case-studies",
        "/webinars",
        "/events",
    ),
}
WEB_HOST = "https://www.ourproduct.com"
UTM_TAILS: tuple[str, ...] = (
    "",
    "",
    "",
    "?utm_source=linkedin&utm_medium=paid",
    "?utm_source=newsletter&utm_medium=email",
    "?utm_source=google&utm_medium=cpc",
)

SALES_REPS: tuple[str, ...] = (
    "Alex Morgan",
    "Jordan Lee",
    "Taylor Brooks",
    "Sam Patel",
    "Chris Becker",
    "Morgan Schulz",
    "Jamie Dubois",
    "Casey Romero",
    "Riley Tanaka",
    "Avery Rossi",
    "Drew Kowalski",
    "Quinn O'Brien",
    "Harper Jansen",
    "Emerson Silva",
    "Rowan Lindqvist",
    "Parker Nguyen",
    "Skyler Mehta",
    "Reese Fischer",
    "Dakota Moreau",
    "Cameron Weber",
)
OPPORTUNITY_STAGES: tuple[str, ...] = (
    "Prospecting",
    "Qualification",
    "Proposal",
    "Negotiation",
    "Contract",
    "Closed Won",
)

_ASCII_MAP = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
    }
)


def to_ascii(text: str) -> str:
    """Strip accents the way email local parts and domains usually are written."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_MAP))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _names(provider: type, attrs: tuple[str, ...]) -> tuple[list[str], list[float]]:
    for attr in attrs:
        pool = getattr(provider, attr, None)
        if pool:
            if isinstance(pool, dict):
                names = [str(k) for k in pool]
                weights = [float(v) for v in pool.values()]
            else:
                names = [str(k) for k in pool]
                weights = [1.0] * len(names)
            return names, weights
    raise AttributeError(f"{provider} has none of {attrs}")


@lru_cache(maxsize=None)
def person_name_pools(
    locale: str,
) -> tuple[tuple[str, ...], tuple[float, ...], tuple[str, ...], tuple[float, ...]]:
    """First and last names (with weights) of a Faker locale, Latin script.

    Japanese names use Faker's romanised pools; Polish last names the male pool
    (the generic one is a placeholder).
    """
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    first, fw = _names(provider, ("first_romanized_names", "first_names"))
    last, lw = _names(
        provider, ("last_romanized_names", "male_last_names", "last_names")
    )
    keep_f = [i for i, n in enumerate(first) if n.strip() and "'" not in n[:2]]
    keep_l = [i for i, n in enumerate(last) if n.strip() and "'" not in n[:2]]
    return (
        tuple(first[i] for i in keep_f),
        tuple(fw[i] for i in keep_f),
        tuple(last[i] for i in keep_l),
        tuple(lw[i] for i in keep_l),
    )
