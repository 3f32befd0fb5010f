#!/usr/bin/env python3
"""tables_gen.py OUTDIR [N] [SEED]
Writes N Markdown pages (default 40) with varied report tables to OUTDIR, for
shared/tools/mktables to lay out and dump: a held-out set that is not the dev pages.
Tables vary in column count (1-7 numeric columns), signs, decimals, percentages,
parentheses for negatives, units in cells, wrapped labels, multi-word and year headers,
totals (column sums), difference and change-in-percent columns, group rows, empty cells,
captions with units, and length (some run over a page break). Prose with numbers sits
around them. The same SEED gives the same pages."""
import os, sys, random

LABELS = """Personal|Övriga personalkostnader|Läkemedel|Medicinskt material|Lokalkostnader|
Köp av verksamhet|Fastighetskostnader|IT-kostnader|Avskrivningar|Övriga kostnader|Patientavgifter|
Statsbidrag|Försäljning av tjänster|Hyresintäkter|Vårdvalet primärvård|Tandvård|Kollektivtrafik|
Regional utveckling|Kultur och bildning|Folkhögskolor|Hjälpmedel|Sjukresor|Ambulanssjukvård|
Psykiatri|Barn- och ungdomsmedicin|Akutsjukvård|Ortopedi|Kirurgi|Medicin|Laboratoriemedicin|
Bild- och funktionsmedicin|Habilitering|Rättspsykiatri|Ögonsjukvård|Öron-, näs- och halssjukvård|
Infektion|Onkologi|Rehabilitering|Administration|Ledning och stab|Upphandling|Ekonomi|HR-avdelningen|
Kommunikation|Digitalisering|Service|Måltidsservice|Lokalvård|Transporter|Energi|Försäkringar|
Finansiella kostnader|Finansiella intäkter|Skatteintäkter|Generella statsbidrag och utjämning|
Pensionskostnader|Konsulttjänster|Inhyrd personal|Utbildning|Resor|Representation""".replace("\n", "").split("|")
PLACES = """Stockholm|Uppsala|Södermanland|Östergötland|Jönköping|Kronoberg|Kalmar|Gotland|Blekinge|Skåne|
Halland|Västra Götaland|Värmland|Örebro|Västmanland|Dalarna|Gävleborg|Västernorrland|Jämtland|
Västerbotten|Norrbotten|Umeå|Skellefteå|Lycksele|Luleå|Kiruna|Malmö|Göteborg|Linköping|Norrköping|
Växjö|Karlstad|Falun|Gävle|Sundsvall|Östersund|Visby|Halmstad|Helsingborg|Lund""".replace("\n", "").split("|")
LONG = ["Satsning på ökad tillgänglighet i hälso- och sjukvården för barn och unga i hela landet",
        "Förstärkt arbete mot organiserad brottslighet och välfärdsbrottslighet i kommunerna",
        "Utveckling av digitala tjänster för företag och myndigheter inom ramen för förvaltningen",
        "Bidrag till regionala utvecklingsinsatser och kompetensförsörjning i glesbygden",
        "Medel till länsstyrelserna för tillsyn och vägledning enligt miljöbalken",
        "Kostnader för konsulter och inhyrd personal inom vården",
        "Ersättning till kommuner för mottagande av nyanlända"]
GROUPS = ["Verksamhetens intäkter", "Verksamhetens kostnader", "Finansiella poster", "Investeringar"]
PROSE = ["Regionstyrelsen redovisar ett resultat som är {a} miljoner kronor bättre än budget.",
         "Kostnaderna ökade med {p} procent jämfört med föregående år, främst på grund av högre priser.",
         "Under {y} genomfördes {n} insatser inom området och antalet deltagare uppgick till {m}.",
         "Tabellen nedan visar fördelningen per område. Beloppen avser helår och anges i löpande priser.",
         "Prognosen för {y} pekar på ett underskott om cirka {a} miljoner kronor.",
         "Nettokostnaderna uppgick till {m} tkr vilket är {a} tkr lägre än budget."]


def fmt(v, dec=0, grouped=True, paren=False, pct=False, unit=""):
    neg = v < 0
    s = f"{abs(v):.{dec}f}"
    ip, _, fp = s.partition(".")
    if grouped and len(ip) > 3:
        g = []
        while len(ip) > 3:
            g.insert(0, ip[-3:]); ip = ip[:-3]
        ip = " ".join([ip] + g)
    s = ip + ("," + fp if dec else "")
    if neg:
        s = "(" + s + ")" if paren else "-" + s
    if pct:
        s += random.choice(["%", " %"])
    if unit:
        s += " " + unit
    return s


def prose(r):
    t = r.choice(PROSE)
    return t.format(a=r.randint(2, 400), p=fmt(r.uniform(0.5, 9), 1), y=r.choice([2023, 2024, 2025]),
                    n=r.randint(3, 90), m=fmt(r.randint(1000, 900000)))


def table(r, idx):
    """A table that fits the page (a report's tables do not wrap numbers inside cells)."""
    while True:
        md, width = table_try(r, idx)
        if width <= 72:
            return md


def table_try(r, idx):
    ncols = r.choice([1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7])
    nrows = r.choice([3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 40, 70])
    mag = r.choice([10, 100, 1000, 10000, 100000, 1000000, 10000000])
    dec = r.choice([0, 0, 0, 0, 1, 1, 2])
    grouped = r.random() < 0.85
    paren = r.random() < 0.12
    neg_share = r.choice([0, 0, 0.1, 0.3, 1.0])
    unit_cells = r.random() < 0.08
    unit = r.choice(["tkr", "mnkr", "Mkr", "kr", "miljoner kronor", "tusental kronor", "mdkr", ""])
    pool = PLACES if r.random() < 0.35 else LABELS
    nrows = min(nrows, len(pool))
    labels = r.sample(pool, k=nrows)
    if r.random() < 0.3:
        for i in r.sample(range(len(labels)), k=min(2, len(labels))):
            labels[i] = r.choice(LONG)
    # columns: base values, then derived ones
    kind = r.choice(["plain", "years", "budget", "budget", "share"])
    year = r.choice([2023, 2024, 2025, 2026])
    header = []
    derive = []
    if kind == "years":
        header = [str(year + i) for i in range(ncols)]
    elif kind == "budget" and ncols >= 3:
        derive = ["diff", "ratio"][: max(0, ncols - 3)]
        extra = max(0, ncols - 5)
        header = ["Utfall " + str(year - 1), "Utfall " + str(year), "Budget " + str(year)]
        header += ["Prognos " + str(year + 1 + i) for i in range(extra)]
        header += [{"diff": r.choice(["Avvikelse", "Budgetavvikelse", "Avvikelse mot budget"]),
                    "ratio": r.choice(["Förändring %", "Nettokostnads-utveckling %", "Förändring i procent"])}[d]
                   for d in derive]
    else:
        names = ["Antal", "Andel %", "Belopp", "Fördelning", "Ram " + str(year), "Beslutat belopp",
                 "Preliminär tilldelning", "Varav statsbidrag", "Utbetalt", "Återbetalt"]
        header = r.sample(names, k=ncols)
    rows = []
    base_cols = ncols - len(derive)
    sign = -1 if neg_share == 1.0 else 1
    diff_sign = r.choice([1, -1])
    for i in range(nrows):
        vals = []
        for c in range(base_cols):
            v = r.uniform(0.05, 1) * mag
            if r.random() < neg_share:
                v = -v
            if sign < 0:
                v = -abs(v)
            vals.append(round(v, dec))
        if derive:
            for d in derive:
                if d == "diff":
                    a, b = vals[1], vals[2]
                    vals.append(round(diff_sign * (a - b), dec))
                elif d == "ratio":
                    vals.append(round((vals[1] / vals[0] - 1) * 100, 1) if vals[0] else 0.0)
        rows.append(vals)
    total = r.random() < 0.5 and nrows >= 3
    cells = []
    for i, vals in enumerate(rows):
        line = [labels[i]]
        for c, v in enumerate(vals):
            isratio = derive and c == ncols - 1 and derive[-1] == "ratio"
            if r.random() < 0.04 and not total:
                line.append("")
                continue
            line.append(fmt(v, 1 if isratio else dec, grouped, paren, pct=bool(isratio) and r.random() < 0.5,
                            unit=(unit if unit_cells and unit in ("kr", "tkr", "mnkr") else "")))
        cells.append(line)
    if total:
        sums = [round(sum(row[c] for row in rows), dec) for c in range(base_cols)]
        line = [r.choice(["Totalt", "Summa", "Total", "Summa totalt"])]
        allv = list(sums)
        for d in derive:
            if d == "diff":
                allv.append(round(diff_sign * (sums[1] - sums[2]), dec))
            else:
                allv.append(round((sums[1] / sums[0] - 1) * 100, 1) if sums[0] else 0.0)
        for c, v in enumerate(allv):
            isratio = derive and c == ncols - 1 and derive[-1] == "ratio"
            line.append(fmt(v, 1 if isratio else dec, grouped, paren))
        cells.append(line)
    if r.random() < 0.15 and len(cells) > 4:
        cells.insert(0, [r.choice(GROUPS)] + [""] * ncols)
        cells.insert(len(cells) // 2, [r.choice(GROUPS)] + [""] * ncols)
    first = r.choice(["", "Område", "Län", "Verksamhet", "Belopp i " + (unit or "kronor"), "Kommun"])
    caption = r.choice(["Tabell %d. Kostnader per område" % idx, "Fördelning per län",
                        "Ekonomiskt utfall", "Resultat per verksamhet", ""])
    if unit and r.random() < 0.7 and caption:
        caption += r.choice([" (%s)" % unit, ", %s" % unit, " i %s" % unit])
    # the page holds about 80 characters: the longest label (wrapped at 40), the cells and
    # the longest word of each header
    width = min(40, max(len(c[0]) for c in cells)) + sum(
        3 + max([len(c[k]) for c in cells] + [len(w) for w in header[k - 1].split()])
        for k in range(1, ncols + 1))
    md = []
    if caption:
        md.append("**" + caption + "**" if r.random() < 0.5 else caption)
        md.append("")
    md.append("| " + " | ".join([first] + header) + " |")
    md.append("|" + "---|" * (ncols + 1))
    for line in cells:
        md.append("| " + " | ".join(line) + " |")
    return "\n".join(md), width


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    os.makedirs(out, exist_ok=True)
    for p in range(n):
        r = random.Random(seed * 1000 + p)
        random.seed(seed * 1000 + p)
        parts = ["# " + r.choice(["Årsredovisning", "Delårsrapport", "Budgetunderlag", "Verksamhetsberättelse"])
                 + " " + str(r.choice([2023, 2024, 2025]))]
        for t in range(r.choice([1, 1, 2, 3])):
            parts += [prose(r) + " " + prose(r), ""]
            parts += [table(r, t + 1), ""]
        parts.append(prose(r))
        open(os.path.join(out, "p%02d.md" % p), "w", encoding="utf-8").write("\n".join(parts) + "\n")


main()
