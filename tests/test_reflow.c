/*
 * test_reflow.c - unit tests of the reflow stage: dehyphenation with suspended compounds
 * and capital/digit prefixes kept, paragraphs joined across a page break, numbered
 * headings with their level, list items, provenance comments and idempotence; paragraph
 * ends found by the words where the layout is silent; repeated labels that are no headings
 * (unless prose follows); questions numbered inside a paragraph.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflow.h"
#include "test_util.h"

/* Runs reflow on s; returns the output (caller frees). */
static char *run(const char *s)
{
	return tv_test_run(tv_reflow_run, s, strlen(s), "t", NULL, TV_OK);
}

static void test_dehyphenate(void **state)
{
	(void)state;
	char *o = run("arbetet med kompetens-\nförsörjningen och IT-\nsystem, kompetens- och\n"
	              "rekryteringsfrågor, 1177-\ntjänster samt e-\ntjänst.\n");
	assert_string_equal(o,
	                    "<!-- tvatt page=1 lines=1-6 -->\narbetet med kompetensförsörjningen "
	                    "och IT-system, kompetens- och rekryteringsfrågor, 1177-tjänster samt "
	                    "e-tjänst.\n\n");
	free(o);
}

static void test_headings_pages(void **state)
{
	(void)state;
	char *o = run("2.1 Perioden som gått\nEtt stycke som\n\ffortsätter.\n\n- En punkt\n");
	assert_string_equal(o, "<!-- tvatt page=1 lines=1-1 -->\n## 2.1 Perioden som gått\n\n"
	                       "<!-- tvatt page=1 lines=2-3 -->\nEtt stycke som fortsätter.\n\n"
	                       "<!-- tvatt page=2 lines=5-5 -->\n- En punkt\n\n");
	char *o2 = run(o);
	assert_string_equal(o2, o);
	free(o);
	free(o2);
}

/* Reflow's output for s without the provenance comment lines (caller frees). */
static char *text_of(const char *s)
{
	char *o = run(s);
	char *w = o;
	for (const char *r = o; *r;) {
		const char *nl = strchr(r, '\n');
		size_t len = nl ? (size_t)(nl - r) + 1 : strlen(r);
		if (strncmp(r, "<!--", 4) != 0) {
			memmove(w, r, len);
			w += len;
		}
		r += len;
	}
	*w = '\0';
	return o;
}

/* Reflow run on its own output for s gives that output again (DESIGN.md, principle 4). */
static void idempotent(const char *s)
{
	char *o = run(s);
	char *o2 = run(o);
	assert_string_equal(o2, o);
	free(o);
	free(o2);
}

/* Reflow's output for in is want, without its comment lines. */
static void want_text_once(const char *in, const char *want)
{
	char *o = text_of(in);
	assert_string_equal(o, want);
	free(o);
}

/* The same, and reflow run on that output gives it again. */
static void want_text(const char *in, const char *want)
{
	want_text_once(in, want);
	idempotent(in);
}

static void test_page_breaks(void **state)
{
	(void)state;
	/* blank lines and removed furniture around a page break do not end a paragraph */
	want_text("Det här är en mening som fortsätter\n\n\n\f\npå nästa sida efter brytningen.\n",
	          "Det här är en mening som fortsätter på nästa sida efter brytningen.\n\n");
	want_text("Arbetet med kompetens-\n\n\fförsörjningen går vidare.\n",
	          "Arbetet med kompetensförsörjningen går vidare.\n\n");
	/* a short line ending a sentence, then a capital on the next page: a new paragraph */
	want_text(
	    "Ett stycke som slutar här.\n\n\fNästa stycke börjar på den här sidan och är långt.\n",
	    "Ett stycke som slutar här.\n\nNästa stycke börjar på den här sidan och är långt.\n\n");
}

static void test_indents_and_dashes(void **state)
{
	(void)state;
	/* list items with a hanging indent */
	want_text(
	    "- Första punkten som är lång och\n  fortsätter på nästa rad.\n- Andra punkten.\n",
	    "- Första punkten som är lång och fortsätter på nästa rad.\n\n- Andra punkten.\n\n");
	/* a dash going on a sentence is not a list item */
	want_text("Det gäller brott som ökar\n- våld och hot blir vanligare.\n",
	          "Det gäller brott som ökar - våld och hot blir vanligare.\n\n");
	/* first-line indents mark paragraphs */
	want_text("  Första stycket börjar här och det är\nett långt stycke med två rader text.\n"
	          "  Andra stycket.\n",
	          "Första stycket börjar här och det är ett långt stycke med två rader text.\n\n"
	          "Andra stycket.\n\n");
	/* a numbered heading after a full line that ends a sentence */
	want_text(
	    "Det här är en rad som är full och slutar med en punkt här.\n2.1 Perioden som gått\n"
	    "Text.\n",
	    "Det här är en rad som är full och slutar med en punkt här.\n\n## 2.1 Perioden som "
	    "gått\n\n"
	    "Text.\n\n");
}

static void test_labels_and_items(void **state)
{
	(void)state;
	/* a short label after a full line ending a sentence, a sentence after it */
	want_text("Detta är en lång rad som fyller hela bredden av sidans spalt och som slutar "
	          "just här.\nUppföljning av fullmäktiges mål\n"
	          "Arbetet har gått bra under året.\n",
	          "Detta är en lång rad som fyller hela bredden av sidans spalt och som slutar "
	          "just här.\n\n"
	          "### Uppföljning av fullmäktiges mål\n\nArbetet har gått bra under året.\n\n");
	/* ... but not a line that goes on in lower case */
	want_text("Detta är en lång rad som fyller hela bredden av sidans spalt och som slutar "
	          "just här.\nRegion Exempel\n"
	          "har beslutat om budgeten.\n",
	          "Detta är en lång rad som fyller hela bredden av sidans spalt och som slutar "
	          "just här. Region Exempel har "
	          "beslutat om budgeten.\n\n");
	/* numbered items, also after a full line and over a page break */
	want_text("1. Det första beslutet gäller hela regionen och alla dess nämnder i år.\n"
	          "\f2. Nu har mer än nio månader gått.\n",
	          "1. Det första beslutet gäller hela regionen och alla dess nämnder i år.\n\n"
	          "2. Nu har mer än nio månader gått.\n\n");
	/* single-line paragraphs with the same first-line indent */
	want_text(
	    "Text som går över hela raden och fortsätter på nästa rad i stycket.\nSlut här.\n"
	    "  Mot den bakgrunden vill jag fråga ministern följande om saken:\n"
	    "  Kommer statsrådet att ta initiativ?\n",
	    "Text som går över hela raden och fortsätter på nästa rad i stycket. Slut här.\n\n"
	    "Mot den bakgrunden vill jag fråga ministern följande om saken:\n\n"
	    "Kommer statsrådet att ta initiativ?\n\n");
	/* the short lines of a figure's key are not headings; a label over body text is */
	want_text("Text som slutar här.\n\nStatus Färg\n\nMålet uppfylls helt\n\nMålet uppfylls "
	          "delvis\n\n"
	          "Analys\n\nArbetet har gått bra under året.\n",
	          "Text som slutar här.\n\nStatus Färg\n\nMålet uppfylls helt\n\nMålet uppfylls "
	          "delvis\n\n"
	          "### Analys\n\nArbetet har gått bra under året.\n\n");
	/* "icke-" keeps its hyphen */
	want_text("Stöd till icke-\nstatliga organisationer.\n",
	          "Stöd till icke-statliga organisationer.\n\n");
}

static void test_paragraph_ends(void **state)
{
	(void)state;
	/* no blank lines or indents, measure 40: a full line ending a sentence goes on
	 * ("styrelserna." / "Regionen"), a short one ends its paragraph ("nästa år."), and so
	 * does one with room for the next line's first word ("vården." / "Men") */
	want_text(
	    "Arbetet med budgeten har pågått under\nhela året och det har gått bra för de\n"
	    "flesta av nämnderna och styrelserna.\nRegionen har nu en stabil ekonomi inför\n"
	    "nästa år.\nNästa år väntar nya utmaningar för hela\nverksamheten och alla medarbetare "
	    "i\n"
	    "regionen som arbetar med vården.\nMen kostnaderna för läkemedel ökar och\n"
	    "det ställer krav på en god planering av\nhela verksamheten.\n",
	    "Arbetet med budgeten har pågått under hela året och det har gått bra för de flesta "
	    "av nämnderna och styrelserna. Regionen har nu en stabil ekonomi inför nästa år.\n\n"
	    "Nästa år väntar nya utmaningar för hela verksamheten och alla medarbetare i regionen "
	    "som arbetar med vården.\n\n"
	    "Men kostnaderna för läkemedel ökar och det ställer krav på en god planering av hela "
	    "verksamheten.\n\n");
	/* where capital words are hyphenated, a long one that could have been hyphenated into
	 * the room left says the line ended its paragraph ... */
	want_text(
	    "Beslutet gäller för kommunerna i Stock-\nholm och för de andra kommunerna i Göte-\n"
	    "borg som har beslutat om saken.\nKommunfullmäktige har beslutat att\nbudgeten "
	    "gäller.\n",
	    "Beslutet gäller för kommunerna i Stockholm och för de andra kommunerna i Göteborg som "
	    "har beslutat om saken.\n\nKommunfullmäktige har beslutat att budgeten gäller.\n\n");
	/* ... but not where they are not */
	want_text(
	    "Beslutet gäller för kommunerna i Skåne\noch för de andra kommunerna i Västra\n"
	    "Götaland som har beslutat om saken.\nKommunfullmäktige har beslutat att\nbudgeten "
	    "gäller.\n",
	    "Beslutet gäller för kommunerna i Skåne och för de andra kommunerna i Västra Götaland "
	    "som har beslutat om saken. Kommunfullmäktige har beslutat att budgeten gäller.\n\n");
	/* items in lower case after an item that ended in "," or "och" are the next items
	 * (a statute's list), not a dash going on the sentence */
	want_text("Procenttalet byts ut:\n- uppkommer den i augusti mot talet 40,\n"
	          "- uppkommer den i oktober mot talet 90, och\n- uppkommer den i december mot "
	          "talet 100.\n",
	          "Procenttalet byts ut:\n\n- uppkommer den i augusti mot talet 40,\n\n"
	          "- uppkommer den i oktober mot talet 90, och\n\n"
	          "- uppkommer den i december mot talet 100.\n\n");
	want_text("Ansökan ska innehålla en redogörelse för\n- den unges förhållanden,\n"
	          "- de omständigheter som ligger till grund för ansökan.\n",
	          "Ansökan ska innehålla en redogörelse för\n\n- den unges förhållanden,\n\n"
	          "- de omständigheter som ligger till grund för ansökan.\n\n");
	/* "– " before a capital opens a quotation: a paragraph of its own after a title,
	 * which is a heading over it, going on to its attribution */
	want_text(
	    "Nytt samarbete ska stärka industrin\n"
	    "– Sverige är ett innovationsland som kombinerar framstående forskning och teknik. Nu\n"
	    "krokar staten och det privata arm för att skapa ett ekosystem där små och stora\n"
	    "företag tillsammans driver innovation. Det är bra, säger energiministern.\n"
	    "Stora industriföretag har visat starkt intresse för samarbetet och dialogen.\n",
	    "### Nytt samarbete ska stärka industrin\n\n"
	    "– Sverige är ett innovationsland som kombinerar framstående forskning och teknik. Nu "
	    "krokar staten och det privata arm för att skapa ett ekosystem där små och stora "
	    "företag tillsammans driver innovation. Det är bra, säger energiministern.\n\n"
	    "Stora industriföretag har visat starkt intresse för samarbetet och dialogen.\n\n");
	/* a dash after a full line that ended in a letter goes on the sentence */
	want_text("När Kriminalvården förra året publicerade rapporten Ökat klientflöde\n"
	          "- Kriminalvårdens samlade bedömning och förslag till åtgärder\nnoterades det.\n",
	          "När Kriminalvården förra året publicerade rapporten Ökat klientflöde - "
	          "Kriminalvårdens samlade bedömning och förslag till åtgärder noterades det.\n\n");
	/* a label before a list is a heading */
	want_text("Det här är en lång rad som slutar med en mening här.\nBeslutsunderlag\n"
	          "- Tjänsteskrivelse den 3 maj.\n",
	          "Det här är en lång rad som slutar med en mening här.\n\n### Beslutsunderlag\n\n"
	          "- Tjänsteskrivelse den 3 maj.\n\n");
	/* a hanging-indent item goes on after a colon and ends at a line left of its text */
	want_text(
	    "- Med anledning av detta vill jag fråga statsrådet:\n  Vilka initiativ är statsrådet\n"
	    "  beredd att ta i frågan?\nTidningen Läraren har gjort en granskning.\n",
	    "- Med anledning av detta vill jag fråga statsrådet: Vilka initiativ är statsrådet "
	    "beredd att ta i frågan?\n\nTidningen Läraren har gjort en granskning.\n\n");
}

static void test_language_ends(void **state)
{
	(void)state;
	/* no blank lines or indents, and a break found by a short line: where a full line ends
	 * a sentence before a capital, the words decide (dicts/para_starts.tsv): "Mot" (denna
	 * bakgrund) opens a paragraph, "Detta" goes on one, and words the table does not hold
	 * ("nämnderna." / "Planen") leave the lines joined */
	const char *in =
	    "Året har varit bra för regionen och för\nalla invånare.\n"
	    "Regionen har arbetat med budgeten under\nhela året och resultatet blev bra.\n"
	    "Kostnaderna för vården har ökat mer än\nväntat under året för alla nämnderna.\n"
	    "Mot denna bakgrund behöver regionen ta\nfram en ny plan för alla sina nämnderna.\n"
	    "Planen ska vara klar före sommaren och\nden ska gälla för alla de nya nämnderna.\n"
	    "Detta innebär att alla förvaltningar får\nett nytt uppdrag.\n";
	want_text(in,
	          "Året har varit bra för regionen och för alla invånare.\n\n"
	          "Regionen har arbetat med budgeten under hela året och resultatet blev bra. "
	          "Kostnaderna för vården har ökat mer än väntat under året för alla nämnderna.\n\n"
	          "Mot denna bakgrund behöver regionen ta fram en ny plan för alla sina nämnderna. "
	          "Planen ska vara klar före sommaren och den ska gälla för alla de nya nämnderna. "
	          "Detta innebär att alla förvaltningar får ett nytt uppdrag.\n\n");
	/* where blank lines show the breaks, the words are not asked */
	want_text(
	    "Året har varit bra för regionen och för\nalla invånare.\n\n"
	    "Kostnaderna för vården har ökat mer än\nväntat under året för alla nämnderna.\n"
	    "Mot denna bakgrund behöver regionen ta\nfram en ny plan för alla sina nämnderna.\n",
	    "Året har varit bra för regionen och för alla invånare.\n\n"
	    "Kostnaderna för vården har ökat mer än väntat under året för alla nämnderna. "
	    "Mot denna bakgrund behöver regionen ta fram en ny plan för alla sina nämnderna.\n\n");
	/* in a dump with blank lines, the blank lines around a page break say nothing: a full
	 * line ending in a colon opens a paragraph on the next page (the colon's weight), one
	 * ending in a full stop before a word the table does not hold goes on */
	want_text(
	    "Året har varit bra för regionen och för\nalla invånare.\n\n"
	    "Kostnaderna för vården har ökat mer än\nväntat och vi vill fråga regeringen om:\n\n"
	    "\fVården ska vara lika för alla invånare.\n\n"
	    "Kostnaderna för vården har ökat mer än\nväntat under året för alla nämnderna.\n\n"
	    "\fVården ska vara lika för alla invånare.\n",
	    "Året har varit bra för regionen och för alla invånare.\n\n"
	    "Kostnaderna för vården har ökat mer än väntat och vi vill fråga regeringen om:\n\n"
	    "Vården ska vara lika för alla invånare.\n\n"
	    "Kostnaderna för vården har ökat mer än väntat under året för alla nämnderna. "
	    "Vården ska vara lika för alla invånare.\n\n");
	/* the length of the paragraph so far counts too (the table's "H" rows): after a
	 * paragraph of a sentence or two a word the table does not hold ("Planen") goes on,
	 * after one of several sentences (some 480 bytes) it opens the next (a paragraph of
	 * some 300 bytes, as long as the layout ahead shows, the "D" and "J" rows: a shorter
	 * rest is more often the last sentence of the paragraph) */
	want_text(
	    "Året har varit bra för regionen och för\nalla invånare.\n"
	    "Regionen har arbetat med budgeten under\nhela året och resultatet blev bra. Under\n"
	    "våren togs en ny plan fram för vården i\nlänet, och under hösten har den prövats\n"
	    "på tre av sjukhusen. Personalen har fått\nutbildning i de nya arbetssätten och har\n"
	    "varit med och tagit fram dem. Köerna har\nblivit kortare på alla tre sjukhusen och\n"
	    "patienterna är mer nöjda än förut med de\nbesök som de har gjort under året i hela\n"
	    "länet. Kostnaderna för vården har ändå\nökat mer än väntat under året för alla\n"
	    "de nya nämnderna som ska ha hand om det.\nPlanen ska vara klar före sommaren och\n"
	    "den ska gälla för alla de nya nämnderna\nsom har fått ansvar för vården, skolan,\n"
	    "kollektivtrafiken och kulturen i hela\nregionen och i alla dess kommuner, och\n"
	    "den ska följas upp av fullmäktige varje\nhöst med en rapport om hur det har gått.\n",
	    "Året har varit bra för regionen och för alla invånare.\n\n"
	    "Regionen har arbetat med budgeten under hela året och resultatet blev bra. Under "
	    "våren togs en ny plan fram för vården i länet, och under hösten har den prövats "
	    "på tre av sjukhusen. Personalen har fått utbildning i de nya arbetssätten och har "
	    "varit med och tagit fram dem. Köerna har blivit kortare på alla tre sjukhusen och "
	    "patienterna är mer nöjda än förut med de besök som de har gjort under året i hela "
	    "länet. Kostnaderna för vården har ändå ökat mer än väntat under året för alla "
	    "de nya nämnderna som ska ha hand om det.\n\n"
	    "Planen ska vara klar före sommaren och den ska gälla för alla de nya nämnderna "
	    "som har fått ansvar för vården, skolan, kollektivtrafiken och kulturen i hela "
	    "regionen och i alla dess kommuner, och den ska följas upp av fullmäktige varje "
	    "höst med en rapport om hur det har gått.\n\n");
	/* the first two words count where the table holds them (its "T" rows), in place of the
	 * first word alone: after a paragraph of some 600 bytes "Det gör" goes on it, "Det
	 * finns" opens the next */
	{
		const char *para = "Regionen har arbetat med budgeten under\nhela året och "
		                   "resultatet blev bra. Under\n"
		                   "våren togs en ny plan fram för vården i\nlänet, och under "
		                   "hösten har den prövats\n"
		                   "på tre av sjukhusen. Personalen har fått\nutbildning i de nya "
		                   "arbetssätten och har\n"
		                   "varit med och tagit fram dem. Köerna har\nblivit kortare på "
		                   "alla tre sjukhusen och\n"
		                   "patienterna är mer nöjda än förut med de\nbesök som de har "
		                   "gjort under året i hela\n"
		                   "länet. Kostnaderna för vården har ändå\nökat mer än väntat "
		                   "under året för alla\n"
		                   "de nya nämnderna i regionen och kommer\natt öka även under de "
		                   "år som ska komma.\n";
		char two[2048];
		snprintf(two, sizeof two, "%s%s%s",
		         "Året har varit bra för regionen och för\nalla invånare.\n", para,
		         "Det gör att budgeten måste ses över och\natt nämnderna behöver nya "
		         "uppdrag som\n"
		         "gäller för vården, skolan, kollektivtrafiken\noch kulturen i hela "
		         "regionen, och som\n"
		         "ska följas upp av fullmäktige varje höst\nmed en rapport om hur det har "
		         "gått.\n");
		/* the paragraph joined, as both cases want it */
		const char *joined =
		    "Regionen har arbetat med budgeten under hela året och resultatet blev bra. "
		    "Under "
		    "våren togs en ny plan fram för vården i länet, och under hösten har den "
		    "prövats "
		    "på tre av sjukhusen. Personalen har fått utbildning i de nya arbetssätten och "
		    "har varit med och tagit fram dem. Köerna har blivit kortare på alla tre "
		    "sjukhusen och patienterna är mer nöjda än förut med de besök som de har gjort "
		    "under året i hela länet. Kostnaderna för vården har ändå ökat mer än väntat "
		    "under året för alla de nya nämnderna i regionen och kommer att öka även under "
		    "de "
		    "år som ska komma.";
		char want[2048];
		snprintf(want, sizeof want, "%s%s%s",
		         "Året har varit bra för regionen och för alla invånare.\n\n", joined,
		         " Det gör att budgeten måste ses över och att nämnderna behöver nya "
		         "uppdrag som "
		         "gäller för vården, skolan, kollektivtrafiken och kulturen i hela "
		         "regionen, och som "
		         "ska följas upp av fullmäktige varje höst med en rapport om hur det har "
		         "gått.\n\n");
		want_text(two, want);
		snprintf(two, sizeof two, "%s%s%s",
		         "Året har varit bra för regionen och för\nalla invånare.\n", para,
		         "Det finns en budget som ska ses över och\natt nämnderna behöver nya "
		         "uppdrag som\n"
		         "gäller för vården, skolan, kollektivtrafiken\noch kulturen i hela "
		         "regionen, och som\n"
		         "ska följas upp av fullmäktige varje höst\nmed en rapport om hur det har "
		         "gått.\n");
		snprintf(want, sizeof want, "%s%s%s",
		         "Året har varit bra för regionen och för alla invånare.\n\n", joined,
		         "\n\nDet finns en budget som ska ses över och att nämnderna behöver nya "
		         "uppdrag som "
		         "gäller för vården, skolan, kollektivtrafiken och kulturen i hela "
		         "regionen, och som "
		         "ska följas upp av fullmäktige varje höst med en rapport om hur det har "
		         "gått.\n\n");
		want_text(two, want);
	}
	/* an abbreviation's dot is no sentence end for the words ("t.ex." / "Region") */
	want_text(
	    "Året har varit bra för regionen och för\nalla invånare.\n"
	    "Kostnaderna har ökat för många, t.ex.\nRegion Norr och deras sjukhus i länet.\n",
	    "Året har varit bra för regionen och för alla invånare.\n\n"
	    "Kostnaderna har ökat för många, t.ex. Region Norr och deras sjukhus i länet.\n\n");
}

static void test_repeated_labels(void **state)
{
	(void)state;
	/* a short line printed three times or more labels the rows of a list or table-like
	 * block: no heading, but a block of its own; a label printed once over body text is
	 * a heading, and so is a numbered one however often it stands */
	want_text(
	    "Regionen har arbetat med målen under året.\n\nMål kommer helt uppfyllas\n\n"
	    "Öka användningen av klarspråk i alla texter\n\nMål kommer helt uppfyllas\n\n"
	    "Regionstyrelsen stödjer omställningen till nära vård\n\nMål kommer helt uppfyllas\n\n"
	    "Analys\n\nArbetet har gått bra under året och planen följs.\n\n"
	    "Mål 1. Trygga uppväxtvillkor\n\nText.\n\nMål 1. Trygga uppväxtvillkor\n\nText.\n\n"
	    "Mål 1. Trygga uppväxtvillkor\n\nText.\n",
	    "Regionen har arbetat med målen under året.\n\nMål kommer helt uppfyllas\n\n"
	    "Öka användningen av klarspråk i alla texter\n\nMål kommer helt uppfyllas\n\n"
	    "Regionstyrelsen stödjer omställningen till nära vård\n\nMål kommer helt uppfyllas\n\n"
	    "### Analys\n\nArbetet har gått bra under året och planen följs.\n\n"
	    "## Mål 1. Trygga uppväxtvillkor\n\nText.\n\n## Mål 1. Trygga uppväxtvillkor\n\n"
	    "Text.\n\n## Mål 1. Trygga uppväxtvillkor\n\nText.\n\n");
	/* without blank lines, the repeated label is still not joined to the lines around it
	 * (the narrow cells of seed 003's table of assignments). Not idempotent: run on this
	 * output, the cells joined read as prose ("Utveckla samspelet mellan sjukhusvården
	 * och primärvården."), and the label over them as a sub-heading (prose_follows); the
	 * narrow lines that told cells from prose are gone */
	want_text_once("Det här är en rad som är full och slutar med en punkt här.\nKlar\n"
	               "Utveckla samspelet mellan\nsjukhusvården och\nprimärvården.\nKlar\n"
	               "Stärka vår ledning och\nstyrning av regionen.\nKlar\n",
	               "Det här är en rad som är full och slutar med en punkt här.\n\nKlar\n\n"
	               "Utveckla samspelet mellan sjukhusvården och primärvården.\n\nKlar\n\n"
	               "Stärka vår ledning och styrning av regionen.\n\nKlar\n\n");
	/* a repeated label over prose (a sentence or lines of two fifths of the measure and
	 * 40 code points or more) is a sub-heading, as "Analys" and "Indikatorer" under every
	 * goal of seed 003; over a one-line label, narrow cells or a chart it stays text (not
	 * idempotent where the narrow cells are joined, as above: "Indikatorer" over "Andel
	 * medarbetare som har genomgått utbildningen.") */
	want_text_once(
	    "Regionen har arbetat med målen under hela året som gått och följer planen.\n\n"
	    "Analys\n\nDokument är framtagna och ska fastställas innan årets slut. Plan\n"
	    "för utbildningar finns.\n\nIndikatorer\n\n"
	    "Strukturerade arbetssätt är framtagna och redo att\nimplementeras.\n\n"
	    "Analys\n\nRegionens plan för förmågeutveckling har färdigställts och\n"
	    "aktiviteterna har pågått sedan januari 2024.\n\nIndikatorer\n\n"
	    "Utfall (%) Mål (%)\n\n"
	    "Analys\n\nTre utbildningar i klarspråk har hållits för tjänstepersoner.\n\n"
	    "Indikatorer\n\nAndel medarbetare som\nhar genomgått utbildningen.\n",
	    "Regionen har arbetat med målen under hela året som gått och följer planen.\n\n"
	    "### Analys\n\nDokument är framtagna och ska fastställas innan årets slut. Plan "
	    "för utbildningar finns.\n\n### Indikatorer\n\n"
	    "Strukturerade arbetssätt är framtagna och redo att implementeras.\n\n"
	    "### Analys\n\nRegionens plan för förmågeutveckling har färdigställts och "
	    "aktiviteterna har pågått sedan januari 2024.\n\nIndikatorer\n\n"
	    "Utfall (%) Mål (%)\n\n"
	    "### Analys\n\nTre utbildningar i klarspråk har hållits för tjänstepersoner.\n\n"
	    "Indikatorer\n\nAndel medarbetare som har genomgått utbildningen.\n\n");
	/* labels that begin with the same two words are rows of a figure's key */
	want_text(
	    "Status Färg\n\nMålet uppfylls helt -\n\nMålet uppfylls delvis\n\n"
	    "Målet uppfylls inte\n Status\n\nArbetet har gått bra under året och planen följs.\n",
	    "Status Färg\n\nMålet uppfylls helt -\n\nMålet uppfylls delvis\n\n"
	    "Målet uppfylls inte Status\n\nArbetet har gått bra under året och planen följs.\n\n");
}

/* The text of n parts, each the label "Bilaga" (with the line after it) and fill lines
 * after it, then the label over a sentence (caller frees). */
static char *labelled_parts(int parts, const char *label, const char *fill, int fills)
{
	tv_buf in = TV_BUF_INIT;
	for (int part = 0; part < parts; part++) {
		assert_int_equal(tv_buf_puts(&in, label), TV_OK);
		for (int i = 0; i < fills; i++)
			assert_int_equal(tv_buf_printf(&in, fill, i), TV_OK);
	}
	assert_int_equal(
	    tv_buf_puts(&in, "Bilaga\n\n1 § Denna förordning gäller från och med i dag.\n"), TV_OK);
	assert_int_equal(tv_buf_putc(&in, '\0'), TV_OK);
	return in.data;
}

/* Reflow run on its own output counts a repeated label's sightings as it did the first
 * time (DESIGN.md, principle 4; the SFS dump's "Bilaga" and "Övergångsbestämmelser"). */
static void test_repeated_label_again(void **state)
{
	(void)state;
	static const char para[] =
	    "Ett stycke text som fyller ut sidan med ord och slutar här %d.\n\n";
	/* a label printed three times, the third past the text ahead of the first (LOOKAHEAD),
	 * is a heading at its first two sightings; the headings written count as sightings
	 * of it ("### Bilaga" of "Bilaga"), so the third is no heading the second time too */
	char *in =
	    labelled_parts(2, "Bilaga\n\nDenna bilaga gäller för alla ärenden.\n\n", para, 150);
	char *o = run(in);
	const char *first = strstr(o, "### Bilaga\n");
	const char *second = first ? strstr(first + 1, "### Bilaga\n") : NULL;
	assert_non_null(second);
	assert_null(strstr(second + 1, "### Bilaga\n"));
	idempotent(in);
	free(o);
	free(in);
	/* only lines written as blocks of their own are sightings: a label joined to the line
	 * after it ("Bilaga" / "med avvikelse ...") is none, so the third is a heading */
	in = labelled_parts(2, "Bilaga\nmed avvikelse enligt planen.\n\n", para, 150);
	o = run(in);
	assert_non_null(strstr(o, "\n### Bilaga\n"));
	idempotent(in);
	free(o);
	free(in);
	/* the text ahead is measured in bytes of text lines, not in the bytes of the comment
	 * and blank lines around the blocks written: a label three times among many short
	 * paragraphs is no heading, run once or twice */
	in = labelled_parts(2, "Bilaga\n\n", "Rad %d är klar.\n\n", 250);
	o = run(in);
	assert_null(strstr(o, "### Bilaga\n"));
	idempotent(in);
	free(o);
	free(in);
}

/* The text ahead that a label's look counts its lines in (LOOKAHEAD) is the same where
 * an earlier look, another label's, has read part of it or all of it before (reflow keeps
 * that look's lines, so that the next one reads only the lines past them). */
static void test_label_window_kept(void **state)
{
	(void)state;
	static const char para[] =
	    "Ett stycke text som fyller ut sidan med ord och slutar här %d.\n\n";
	/* "Bilaga" three times, its third sighting 127 or 128 paragraphs past the second: in
	 * the first's text ahead or just past it (a heading at the first two sightings then);
	 * after no label, or after "Avsnitt" whose text ahead ends inside the parts (200
	 * paragraphs before) or before them (260) */
	static const int before[] = {0, 200, 260};
	for (size_t b = 0; b < sizeof before / sizeof before[0]; b++)
		for (int fills = 127; fills <= 128; fills++) {
			tv_buf in = TV_BUF_INIT;
			char *parts = labelled_parts(
			    2, "Bilaga\n\nDenna bilaga gäller för alla ärenden.\n\n", para, fills);
			assert_int_equal(tv_buf_puts(&in, before[b] ? "Avsnitt\n\n" : ""), TV_OK);
			for (int i = 0; i < before[b]; i++)
				assert_int_equal(tv_buf_printf(&in, para, i), TV_OK);
			assert_int_equal(tv_buf_puts(&in, parts), TV_OK);
			char *o = run(in.data);
			const char *first = strstr(o, "### Bilaga\n");
			if (fills == 127)
				assert_null(first);
			else
				assert_non_null(first ? strstr(first + 1, "### Bilaga\n") : NULL);
			free(o);
			free(parts);
			tv_buf_free(&in);
		}
}

/* The heading rules decide as the first time where reflow runs on its own output
 * (DESIGN.md, principle 4), though its comment lines end every block and its paragraphs
 * are joined. */
static void test_headings_again(void **state)
{
	(void)state;
	/* a label after a paragraph cut short ("500") is a cell of a laid-out table, also
	 * where the paragraph's provenance comment stands between them */
	want_text(
	    "Kostnader för verksamheten under året\n\n500\n\nKapitaltillskott Norrlandsfonden\n\n"
	    "160 (Totalt tillförs 300 mnkr till Norrlandsfonden varav 160 i regionen och\n"
	    "ytterligare 140 som avsattes för ändamålet i budgeten).\n",
	    "Kostnader för verksamheten under året\n\n500\n\nKapitaltillskott Norrlandsfonden\n\n"
	    "160 (Totalt tillförs 300 mnkr till Norrlandsfonden varav 160 i regionen och "
	    "ytterligare 140 som avsattes för ändamålet i budgeten).\n\n");
	/* a label over a block that goes on past a page break is judged by the whole block,
	 * as joined */
	want_text(
	    "Nämnden har under året arbetat vidare med att utveckla sina tjänster för\n"
	    "invånarna, och flera nya verksamheter har startats i kommunens alla delar.\n\n"
	    "Förslag till beslut\n\n1 (3)\n\fNämnden föreslår att fullmäktige godkänner planen.\n",
	    "Nämnden har under året arbetat vidare med att utveckla sina tjänster för "
	    "invånarna, och flera nya verksamheter har startats i kommunens alla delar.\n\n"
	    "### Förslag till beslut\n\n1 (3) Nämnden föreslår att fullmäktige godkänner "
	    "planen.\n\n");
	/* a paragraph of several short lines that is a label as a whole, over body text, is a
	 * heading, as reflow reads it where it runs on its own output, one line */
	want_text("Stödet gäller vatten och sanitet i de länder som har det svårast, och det "
	          "betalas ut under flera år.\n\nFonden för de minst utvecklade\nländerna\n\n"
	          "FN:s generalsekreterare Antonio Guterres initiativ för att\n\n"
	          "hela världen ska omfattas av varningssystem för olika väder.\n",
	          "Stödet gäller vatten och sanitet i de länder som har det svårast, och det "
	          "betalas ut under flera år.\n\n### Fonden för de minst utvecklade länderna\n\n"
	          "FN:s generalsekreterare Antonio Guterres initiativ för att\n\n"
	          "hela världen ska omfattas av varningssystem för olika väder.\n\n");
	want_text("Regeringen föreslår historiska satsningar på\nskolan\n"
	          "– Skolan är en av regeringens främsta prioriteringar. En välfungerande skola är "
	          "grunden\n"
	          "för att fler ska få möjligheten till ett liv med goda framtidsutsikter.\n",
	          "### Regeringen föreslår historiska satsningar på skolan\n\n"
	          "– Skolan är en av regeringens främsta prioriteringar. En välfungerande skola är "
	          "grunden "
	          "för att fler ska få möjligheten till ett liv med goda framtidsutsikter.\n\n");
	/* the block after a label is judged as joined: two label lines ("Sara Lewerentz" /
	 * "Regiondirektör") are no body text, as the signature joined is none */
	want_text("Rapporten godkänns.\n\nI tjänsten\n\nSara Lewerentz\nRegiondirektör\n\n"
	          "Mikael Ferm\nRegionstabschef\n\nUtdrag till\n\n"
	          "Regionstabschef, HR-direktör, Ekonomidirektör, Enhetschef Sekretariatet\n",
	          "Rapporten godkänns.\n\n### I tjänsten\n\nSara Lewerentz Regiondirektör\n\n"
	          "Mikael Ferm Regionstabschef\n\nUtdrag till\n\n"
	          "Regionstabschef, HR-direktör, Ekonomidirektör, Enhetschef Sekretariatet\n\n");
	/* a table's caption over its rows in a short text of narrow lines is a label: the
	 * longest line, 40 code points, is no page's measure */
	want_text(
	    "Fördelning per län, kronor\n\nLän 2024 2025 2026\nVästerbotten 5580641 3340655\n"
	    "Norrbotten 1902448 2250563\n",
	    "### Fördelning per län, kronor\n\nLän 2024 2025 2026 Västerbotten 5580641 3340655 "
	    "Norrbotten 1902448 2250563\n\n");
	/* the quarters on a chart's axis, joined, are no heading in capitals */
	want_text("Andelen har ökat under perioden.\n\nT2 2022\nT3 2022\nT1 2023\nT2 2023\n\n"
	          "Målet är att andelen ska öka till nästa år.\n",
	          "Andelen har ökat under perioden.\n\nT2 2022 T3 2022 T1 2023 T2 2023\n\n"
	          "Målet är att andelen ska öka till nästa år.\n\n");
}

static void test_laid_out_breaks(void **state)
{
	(void)state;
	/* a dump that shows its paragraph breaks by blank lines: a line ending a sentence
	 * with room for the next word (as a proportional font leaves) goes on; a line short
	 * by a third as well ("Slut.") still ends its paragraph */
	want_text("Regionen har arbetat med målen under hela året och det har gått bra.\n\n"
	          "Kostnaderna har ökat mer än väntat under året i hela regionen nu.\n\n"
	          "Därför har styrelsen beslutat om åtgärder som ska gälla från maj.\n\n"
	          "Personalen har fått utbildning i det nya systemet under hösten.\n\n"
	          "Arbetet med den nya planen har pågått under hela året i regionen.\n"
	          "Det gick bra för alla som deltog i arbetet med planen.\n"
	          "Nästa steg tas till våren när alla delar är på plats i hela länet.\nSlut.\n"
	          "Den sista raden här är kort nog att visa att stycket tog slut.\n",
	          "Regionen har arbetat med målen under hela året och det har gått bra.\n\n"
	          "Kostnaderna har ökat mer än väntat under året i hela regionen nu.\n\n"
	          "Därför har styrelsen beslutat om åtgärder som ska gälla från maj.\n\n"
	          "Personalen har fått utbildning i det nya systemet under hösten.\n\n"
	          "Arbetet med den nya planen har pågått under hela året i regionen. Det gick bra "
	          "för alla som deltog i arbetet med planen. Nästa steg tas till våren när alla "
	          "delar är på plats i hela länet. Slut.\n\n"
	          "Den sista raden här är kort nog att visa att stycket tog slut.\n\n");
	/* there, a line of three quarters of the measure that leaves more room than lines
	 * that went on ("... planen.", 54 of 72) goes on: room left is no break by itself */
	want_text(
	    "Regionen har arbetat med målen under hela året och det har gått bra\n"
	    "för de flesta av verksamheterna i länet, men inte för alla av dem.\n\n"
	    "Kostnaderna har ökat mer än väntat under året i hela regionen och\n"
	    "därför har styrelsen beslutat om åtgärder som ska gälla från maj.\n\n"
	    "Personalen har fått utbildning i det nya systemet under hösten och\n"
	    "vintern, och alla som arbetar med ärendena har nu gått kursen klart.\n\n"
	    "Arbetet med den nya planen har pågått under hela året i regionen\n"
	    "och den har nu lämnats till fullmäktige för att beslutas i juni.\n\n"
	    "Uppföljningen av målen görs två gånger om året i alla nämnderna\n"
	    "samt i styrelsen, och resultatet redovisas sedan för fullmäktige.\n"
	    "Det gick bra för alla som deltog i arbetet med planen.\n"
	    "Nästa steg tas till våren när alla delar är på plats i hela länet.\n",
	    "Regionen har arbetat med målen under hela året och det har gått bra för de "
	    "flesta av verksamheterna i länet, men inte för alla av dem.\n\n"
	    "Kostnaderna har ökat mer än väntat under året i hela regionen och därför har "
	    "styrelsen beslutat om åtgärder som ska gälla från maj.\n\n"
	    "Personalen har fått utbildning i det nya systemet under hösten och vintern, och "
	    "alla som arbetar med ärendena har nu gått kursen klart.\n\n"
	    "Arbetet med den nya planen har pågått under hela året i regionen och den har nu "
	    "lämnats till fullmäktige för att beslutas i juni.\n\n"
	    "Uppföljningen av målen görs två gånger om året i alla nämnderna samt i "
	    "styrelsen, och resultatet redovisas sedan för fullmäktige. Det gick bra för alla "
	    "som deltog i arbetet med planen. Nästa steg tas till våren när alla delar är på "
	    "plats i hela länet.\n\n");
}

static void test_numbered_questions(void **state)
{
	(void)state;
	/* a question numbered inside a paragraph, wrapped so that "2. Vilka" starts a line
	 * after a question mark, goes on the paragraph: 2 is not the next item of a list */
	want_text(
	    "Mot denna bakgrund vill jag fråga ministern följande: 1. Vilka åtgärder\n"
	    "avser ministern att vidta för att korta köerna i vården i hela landet?\n"
	    "2. Vilka åtgärder avser ministern att vidta för fler vårdplatser?\n",
	    "Mot denna bakgrund vill jag fråga ministern följande: 1. Vilka åtgärder avser "
	    "ministern att vidta för att korta köerna i vården i hela landet? 2. Vilka åtgärder "
	    "avser ministern att vidta för fler vårdplatser?\n\n");
	/* the next number of a list is an item, also after a paragraph between items; under
	 * a new heading a list counts from 1 again, so "2." there goes on the paragraph */
	want_text(
	    "Regeringen lägger fram ett paket med förslag för företagen i landet.\n"
	    "Förslagen är följande:\n1. Sänkta avgifter för unga i hela landet under två år.\n"
	    "2. Enklare regler för företag.\nDet gäller från 2026.\n"
	    "3. Kortare tillståndsprocesser.\n\n2.1 Frågor\n\n"
	    "Jag vill fråga ministern om hon avser att vidta åtgärder för att stärka\n"
	    "tillsynen av alla företag som har fått ett stöd från staten under året?\n"
	    "2. Avser ministern att ta initiativ till en utredning om detta?\n",
	    "Regeringen lägger fram ett paket med förslag för företagen i landet. "
	    "Förslagen är följande:\n\n1. Sänkta avgifter för unga i hela landet under två år.\n\n"
	    "2. Enklare regler för företag.\n\nDet gäller från 2026.\n\n"
	    "3. Kortare tillståndsprocesser.\n\n## 2.1 Frågor\n\n"
	    "Jag vill fråga ministern om hon avser att vidta åtgärder för att stärka tillsynen "
	    "av alla företag som har fått ett stöd från staten under året? 2. Avser ministern "
	    "att ta initiativ till en utredning om detta?\n\n");
}

static void test_own_hyphen(void **state)
{
	(void)state;
	/* a word's own hyphen at a line end stays where the joined form is unknown, both
	 * parts are words and the first does not begin compounds (restore's lexicon) */
	want_text("Partiet har en tydlig ja-\nlinje och röst-\ninstruktioner.\n",
	          "Partiet har en tydlig ja-linje och röstinstruktioner.\n\n");
}

static void test_removed_lines(void **state)
{
	(void)state;
	/* lines clean removed count in the provenance, and a paragraph goes on across them */
	char *o = run(
	    "Rubrik\nText ett som går vidare på nästa sida och\n<!-- tvatt removed lines=1 -->\n"
	    "\f<!-- tvatt removed lines=2 -->\nfortsätter här.\n<!-- tvatt removed lines=1 -->\n"
	    "\fSista sidan.\n");
	assert_string_equal(
	    o, "<!-- tvatt page=1 lines=1-1 -->\n### Rubrik\n\n"
	       "<!-- tvatt page=1 lines=2-6 -->\nText ett som går vidare på nästa sida och "
	       "fortsätter här.\n\n"
	       "<!-- tvatt page=3 lines=8-8 -->\nSista sidan.\n\n");
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dehyphenate),          cmocka_unit_test(test_headings_pages),
	    cmocka_unit_test(test_page_breaks),          cmocka_unit_test(test_indents_and_dashes),
	    cmocka_unit_test(test_labels_and_items),     cmocka_unit_test(test_paragraph_ends),
	    cmocka_unit_test(test_language_ends),        cmocka_unit_test(test_repeated_labels),
	    cmocka_unit_test(test_repeated_label_again), cmocka_unit_test(test_label_window_kept),
	    cmocka_unit_test(test_headings_again),       cmocka_unit_test(test_laid_out_breaks),
	    cmocka_unit_test(test_numbered_questions),   cmocka_unit_test(test_own_hyphen),
	    cmocka_unit_test(test_removed_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
