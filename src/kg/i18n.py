"""User-interface strings of the web browser, Dutch first with English beside it.

`t(key, lang)` gives the string; a missing English string falls back to Dutch, a missing key to the
key itself (so a forgotten string shows up in the page instead of breaking it). Data labels are not
here: they come from the graph (skos:prefLabel @nl / @en).
"""

from __future__ import annotations

LANGS = ("nl", "en")
DEFAULT = "nl"

STRINGS: dict[str, tuple[str, str]] = {
    # site
    "site.title": ("Kennisgraaf gebiedsontwikkeling", "Knowledge graph for area development"),
    "site.skip": ("Naar de inhoud", "Skip to content"),
    "nav.label": ("Hoofdmenu", "Main menu"),
    "nav.home": ("Start", "Home"),
    "nav.question": ("Welke kaders gelden?", "Which frameworks apply?"),
    "nav.network": ("Koppelkansen", "Koppelkansen"),
    "nav.plan": ("Plan toetsen", "Check a plan"),
    "nav.audit": ("Audit", "Audit"),
    "nav.sparql": ("SPARQL", "SPARQL"),
    "nav.api": ("API", "API"),
    "lang.switch": ("English", "Nederlands"),
    "lang.switch.label": ("Switch to English", "Naar het Nederlands"),
    "footer.text": ("Elk antwoord verwijst naar de regels van het brondocument waar het vandaan komt.",
                    "Every answer points to the lines of the source document it comes from."),
    # home and search
    "home.intro": ("Zoek een kader, instrument, actor, gebied of thema, of stel de vraag welke kaders en "
                   "instrumenten van toepassing zijn. Elk antwoord noemt zijn bron.",
                   "Search for a framework, instrument, actor, area or theme, or ask which frameworks and "
                   "instruments apply. Every answer cites its source."),
    "search.label": ("Zoeken", "Search"),
    "search.placeholder": ("bijv. KRW, veenweide, omgevingsplan", "e.g. KRW, peat meadow, omgevingsplan"),
    "search.button": ("Zoeken", "Search"),
    "search.results": ("Zoekresultaten", "Search results"),
    "search.none": ("Niets gevonden voor deze zoektekst.", "Nothing found for this search text."),
    "search.count": ("resultaten", "results"),
    "search.empty": ("Typ een zoektekst.", "Type a search text."),
    "search.matched": ("gevonden via", "matched on"),
    "home.question.title": ("Welke kaders en instrumenten zijn van toepassing?",
                            "Which frameworks and instruments apply?"),
    "home.question.text": ("Kies een actor, een gebiedstype of gebied en een thema: u krijgt de kaders, "
                           "instrumenten met hun rechtskracht, doelen met termijnen en koppelkansen, elk met bron.",
                           "Choose an actor, an area type or area and a theme: you get the frameworks, "
                           "instruments with their legal force, targets with deadlines and koppelkansen, each with its source."),
    "home.question.example": ("Voorbeeld: gemeente, woningbouw in laagveen", "Example: municipality building homes in a laagveen area"),
    "home.tools": ("Meer", "More"),
    "home.network.text": ("Hoe hangen beleidsdoelen samen? Verken het netwerk van koppelkansen.",
                          "How do policies connect? Explore the network of koppelkansen."),
    "home.plan.text": ("Toets een gebiedsplan aan de regels uit de kaders.", "Check an area plan against the rules of the frameworks."),
    "home.audit.text": ("Waar spreken de bronnen elkaar tegen?", "Where do the sources disagree?"),
    "home.sparql.text": ("Voor bouwers van tools: de SPARQL-editor.", "For tool builders: the SPARQL editor."),
    "entry.frameworks": ("Kaders", "Frameworks"),
    "entry.actors": ("Actoren", "Actors"),
    "entry.areas": ("Gebieden", "Areas"),
    "entry.themes": ("Thema's", "Themes"),
    "entry.areatypes": ("Gebiedstypen", "Area types"),
    "entry.all": ("alle", "all"),
    "entry.ask": ("vraag", "ask"),
    "entry.ask.title": ("Stel de vraag voor", "Ask the question for"),
    "entry.uses": ("verwijzingen", "references"),
    "entry.kind": ("soort", "kind"),
    "entry.generic": ("Soorten actoren", "Kinds of actors"),
    "entry.specific": ("Genoemde actoren", "Named actors"),
    # guided question
    "q.title": ("Welke kaders en instrumenten zijn van toepassing?", "Which frameworks and instruments apply?"),
    "q.intro": ("Kies wat op uw situatie van toepassing is. Alle velden zijn optioneel; kies er ten minste één.",
                "Choose what describes your situation. Every field is optional; choose at least one."),
    "q.actor": ("Actor (wie bent u?)", "Actor (who are you?)"),
    "q.areatype": ("Gebiedstype", "Area type"),
    "q.area": ("Of een gebied met naam", "Or a named area"),
    "q.theme": ("Thema", "Theme"),
    "q.framework": ("Binnen kader (optioneel)", "Within framework (optional)"),
    "q.any": ("— alle —", "— any —"),
    "q.submit": ("Toon wat van toepassing is", "Show what applies"),
    "q.choose": ("Kies ten minste één veld om de vraag te stellen.", "Choose at least one field to ask the question."),
    "q.summary": ("Van toepassing", "Applies"),
    "q.share": ("Deelbare link", "Shareable link"),
    "q.csv": ("Download CSV", "Download CSV"),
    "q.api": ("Zelfde antwoord als JSON (API)", "Same answer as JSON (API)"),
    "q.area.types": ("Gebiedstypen van dit gebied", "Area types of this area"),
    "q.area.items": ("Over dit gebied zelf", "About this area itself"),
    "q.explicit": ("Expliciet van toepassing", "Explicitly applicable"),
    "q.general": ("Algemeen van toepassing (noemt geen specifiek gebiedstype, thema of actor)",
                  "Generally applicable (names no specific area type, theme or actor)"),
    "q.relevance": ("relevantie", "relevance"),
    "q.relevance.help": ("Hoe meer van uw keuzes een item zelf noemt, hoe hoger het staat.",
                         "The more of your choices an item names itself, the higher it ranks."),
    "q.none": ("Niets gevonden.", "Nothing found."),
    "q.more": ("meer: zie de CSV-download voor de volledige lijst", "more: the CSV download has the full list"),
    "kind.kader": ("Kaders", "Frameworks"),
    "kind.keuze": ("Structurerende keuzes (Water en Bodem Sturend)", "Structuring choices (Water en Bodem Sturend)"),
    "kind.instrument": ("Instrumenten", "Instruments"),
    "kind.doel": ("Doelen met termijn", "Targets with deadlines"),
    "kind.koppelkans": ("Koppelkansen", "Koppelkansen"),
    "col.name": ("Naam", "Name"),
    "col.kind": ("Soort", "Kind"),
    "col.legalforce": ("Rechtskracht", "Legal force"),
    "col.route": ("Hoe het bindt", "How it binds"),
    "col.detail": ("Toelichting", "Detail"),
    "col.deadline": ("Termijn", "Deadline"),
    "col.sources": ("Bron", "Source"),
    "col.value": ("Waarde", "Value"),
    # resource page
    "res.types": ("Soort", "Type"),
    "res.names": ("Namen", "Names"),
    "name.prefLabel": ("Naam", "Name"),
    "name.altLabel": ("Ook genoemd", "Also called"),
    "res.links": ("Elders", "Elsewhere"),
    "res.sources": ("Bronnen", "Sources"),
    "res.open": ("open de passage", "open the passage"),
    "res.incoming": ("Verwijzingen naar dit item", "Referenced by"),
    "res.formats": ("Andere formaten", "Other formats"),
    "res.ask": ("Welke kaders en instrumenten gelden hier?", "Which frameworks and instruments apply here?"),
    "res.network": ("In het koppelkansennetwerk", "In the koppelkansen network"),
    "res.notext": ("(brontekst niet beschikbaar op deze server)", "(source text not available on this server)"),
    "group.kern": ("Kenmerken", "Characteristics"),
    "group.toepassing": ("Waar en voor wie", "Where and for whom"),
    "group.relaties": ("Samenhang", "Relations"),
    "group.waarden": ("Waarden en termijnen", "Values and deadlines"),
    "group.toelichting": ("Toelichting", "Explanation"),
    "group.overig": ("Overige eigenschappen", "Other properties"),
    # source text
    "src.title": ("Brontekst", "Source text"),
    "src.lines": ("regels", "lines"),
    "src.more": ("Meer context", "More context"),
    "src.missing": ("De bronteksten zijn niet geconfigureerd op deze server (zet KG_SOURCES).",
                    "The source texts are not configured on this server (set KG_SOURCES)."),
    "src.passage": ("Passage in de kennisgraaf", "Passage in the knowledge graph"),
    # network
    "net.title": ("Netwerk van koppelkansen", "Network of koppelkansen"),
    "net.intro": ("Twee dingen (kaders, doelen, thema's, instrumenten, gebiedstypen, actoren) zijn verbonden "
                  "als een koppelkans ze allebei verbindt. De dikte van een lijn is het aantal koppelkansen.",
                  "Two things (frameworks, targets, themes, instruments, area types, actors) are linked when a "
                  "koppelkans connects both. The width of a line is the number of koppelkansen."),
    "net.stats": ("knopen, verbindingen, koppelkansen", "nodes, links, koppelkansen"),
    "net.path": ("Hoe hangen twee dingen samen?", "How do two things connect?"),
    "net.from": ("Van", "From"),
    "net.to": ("Naar", "To"),
    "net.find": ("Zoek de kortste verbinding", "Find the shortest connection"),
    "net.nopath": ("Er is geen verbinding via koppelkansen.", "There is no connection through koppelkansen."),
    "net.via": ("via koppelkans", "via koppelkans"),
    "net.steps": ("stappen", "steps"),
    "net.picture": ("Netwerkbeeld", "Network picture"),
    "net.show": ("Toon", "Show"),
    "net.show.path": ("het gevonden pad en de buren", "the path found and its neighbours"),
    "net.show.community": ("gemeenschap", "community"),
    "net.show.top": ("de 60 meest verbonden knopen", "the 60 best-connected nodes"),
    "net.picture.help": ("Dubbelklik op een knoop om zijn pagina te openen; slepen en zoomen met muis of toetsenbord.",
                         "Double-click a node to open its page; drag and zoom with mouse or keyboard."),
    "net.centrality": ("Centrale knopen", "Central nodes"),
    "net.degree": ("graad", "degree"),
    "net.betweenness": ("tussenliggendheid", "betweenness"),
    "net.communities": ("Gemeenschappen", "Communities"),
    "net.community": ("Gemeenschap", "Community"),
    "net.members": ("leden", "members"),
    "net.class": ("soort", "kind"),
    "net.rank": ("#", "#"),
    "net.node": ("Knoop", "Node"),
    "net.nojs": ("Het netwerkbeeld heeft JavaScript nodig; de tabellen hieronder werken zonder.",
                 "The network picture needs JavaScript; the tables below work without it."),
    "cls.PolicyFramework": ("kader", "framework"),
    "cls.StructuringChoice": ("structurerende keuze", "structuring choice"),
    "cls.Theme": ("thema", "theme"),
    "cls.Target": ("doel", "target"),
    "cls.Instrument": ("instrument", "instrument"),
    "cls.AreaType": ("gebiedstype", "area type"),
    "cls.Actor": ("actor", "actor"),
    "cls.Area": ("gebied", "area"),
    "cls.NovexArea": ("NOVEX-gebied", "NOVEX area"),
    "cls.HousingArea": ("woningbouwgebied", "housing area"),
    "cls.Project": ("project", "project"),
    "cls.Indicator": ("indicator", "indicator"),
    "cls.Koppelkans": ("koppelkans", "koppelkans"),
    "cls.Other": ("overig", "other"),
    # plan
    "plan.title": ("Een plan toetsen", "Check a plan"),
    "plan.intro": ("Upload een gebiedsplan (Turtle, JSON-LD of JSON) of plak het hieronder. De toets laat zien "
                   "welke regels uit de kaders het plan niet haalt, met bron en mogelijke oplossingen.",
                   "Upload an area plan (Turtle, JSON-LD or JSON) or paste it below. The check shows which "
                   "rules of the frameworks the plan does not meet, with sources and possible remedies."),
    "plan.file": ("Planbestand", "Plan file"),
    "plan.text": ("Of plak de plantekst", "Or paste the plan text"),
    "plan.format": ("Formaat", "Format"),
    "plan.example": ("Voorbeeldplan laden", "Load an example plan"),
    "plan.example.none": ("— kies een voorbeeld —", "— choose an example —"),
    "plan.submit": ("Toets het plan", "Check the plan"),
    "plan.busy": ("Bezig met toetsen…", "Checking…"),
    "plan.unavailable": ("De plantoets (/api/validate) is op deze server nog niet beschikbaar.",
                         "The plan check (/api/validate) is not available on this server yet."),
    "plan.conforms": ("Het plan voldoet aan alle regels van zijn context.", "The plan meets every rule of its context."),
    "plan.gaps": ("Het plan voldoet niet: er zijn gaten.", "The plan does not conform: there are gaps."),
    "plan.empty": ("Kies een bestand of plak een plan.", "Choose a file or paste a plan."),
    "plan.context": ("Context", "Context"),
    "sev.Violation": ("Overtredingen", "Violations"),
    "sev.Warning": ("Waarschuwingen", "Warnings"),
    "sev.Info": ("Kansen", "Opportunities"),
    "plan.rule": ("Regel", "Rule"),
    "plan.framework": ("Kader", "Framework"),
    "plan.source": ("Bron", "Source"),
    "plan.remedies": ("Mogelijke oplossingen", "Possible remedies"),
    "plan.value": ("Waarde", "Value"),
    "plan.error": ("De toets gaf een fout", "The check returned an error"),
    # audit
    "audit.title": ("Audit: waar de bronnen verschillen", "Audit: where the sources differ"),
    "audit.intro": ("De kennisgraaf houdt bij wat elke bron zegt over aantallen, datums, bedragen en "
                    "verantwoordelijken. De audit zet verschillen naast elkaar, met beide bronpassages.",
                    "The knowledge graph keeps what each source says about counts, dates, budgets and "
                    "responsibilities. The audit puts differences side by side, with both source passages."),
    "audit.type": ("Soort bevinding", "Kind of finding"),
    "audit.document": ("Document", "Document"),
    "audit.all": ("— alle —", "— all —"),
    "audit.loading": ("Bevindingen laden…", "Loading findings…"),
    "audit.unavailable": ("De audit (/api/audit) is op deze server nog niet beschikbaar.",
                          "The audit (/api/audit) is not available on this server yet."),
    "audit.count": ("bevindingen", "findings"),
    "audit.none": ("Geen bevindingen voor deze keuze.", "No findings for this choice."),
    "audit.side": ("Bron", "Source"),
    # sparql
    "sparql.title": ("SPARQL-editor", "SPARQL editor"),
    "sparql.intro": ("Schrijf een SPARQL-query of kies een voorbeeld. Resultaten zijn te sorteren en te downloaden; "
                     "de deelknop geeft een permalink.",
                     "Write a SPARQL query or choose an example. Results can be sorted and downloaded; the share "
                     "button gives a permalink."),
    "sparql.examples": ("Voorbeeldquery's", "Example queries"),
    "sparql.examples.choose": ("— kies een voorbeeld —", "— choose an example —"),
    "sparql.prefixes": ("Prefixen invoegen", "Insert prefixes"),
    "sparql.download": ("Download het resultaat", "Download the result"),
    "sparql.permalink": ("Permalink", "Permalink"),
    "sparql.nojs": ("De editor heeft JavaScript nodig. Zonder JavaScript kunt u dit formulier gebruiken:",
                    "The editor needs JavaScript. Without JavaScript you can use this form:"),
    "sparql.query": ("Query", "Query"),
    "sparql.format": ("Formaat", "Format"),
    "sparql.run": ("Uitvoeren", "Run"),
    # misc
    "error.title": ("Fout", "Error"),
    "placeholder.later": ("Dit onderdeel wordt nog gebouwd.", "This part is still being built."),
}


def t(key: str, lang: str = DEFAULT) -> str:
    pair = STRINGS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" and pair[1] else pair[0]


def pick(lang: str, nl: str | None, en: str | None) -> str:
    """A data label in the UI language, falling back to the other one."""
    if lang == "en":
        return en or nl or ""
    return nl or en or ""
