/*
 * stages.c - the stage table: one row per stage, in pipeline order.
 *
 * `tvatt stages`, `tvatt STAGE --help` and `tvatt run` all read this table, so a stage
 * exists for the command exactly when it has a row here.
 */
#include "tvatt.h"

#include <string.h>

#include "../stages/clean.h"
#include "../stages/decode.h"
#include "../stages/ocr.h"
#include "../stages/records.h"
#include "../stages/reflow.h"
#include "../stages/restore.h"
#include "../stages/tables.h"

static const tv_stage stage_table[] = {
	{"ocr", "scanned pages (PNG, JPEG, TIFF, PNM, WebP, PDF) to text with Tesseract",
	 "Reads page images and scanned PDFs, prepares them with Leptonica (resolution,\n"
	 "deskew, binarisation, orientation) and reads them with Tesseract's Swedish model.\n"
	 "Pages are separated by form feeds.",
	 tv_ocr_run, tv_ocr_optdefs, 0},
	{"decode", "any bytes to clean UTF-8: encodings, mojibake, entities, diacritics",
	 "Detects the encoding (UTF-8, UTF-16, Windows-1252, Latin-1/9, CP850, CP437, Mac\n"
	 "Roman, 7-bit Swedish) by how Swedish the result reads, repairs mojibake, decodes\n"
	 "HTML entities, composes diacritics to NFC and removes control characters.",
	 tv_decode_run, tv_decode_optdefs, 1},
	{"clean", "remove page furniture, chart debris and stray glyphs",
	 "Removes running headers and footers, page numbers, logo lines and chart debris;\n"
	 "normalises bullets and stray ruling glyphs. Anything that might be text stays.\n"
	 "With --keep-furniture removed lines stay, each group after one comment line\n"
	 "\"<!-- tvatt furniture lines=N page=P from=A -->\" (or figure) that\n"
	 "covers the N lines after it. Running lines are found by repetition at the same\n"
	 "page edge, field by field (alternating headers, page numbers beside them), two\n"
	 "pages ahead and six back. Pages: form feeds, or, in a dump without them, a line\n"
	 "opening with one space; there a form feed is written where furniture was found.",
	 tv_clean_run, tv_clean_optdefs, 1},
	{"tables", "rebuild tables as Markdown pipe tables",
	 "Finds tables in PDF text dumps and OCR output and rebuilds their rows and columns\n"
	 "with a Swedish number grammar and arithmetic checks.",
	 tv_tables_run, tv_tables_optdefs, 1},
	{"restore", "give Swedish text back its å, ä and ö",
	 "Restores letters lost to ASCII folding or misread by OCR (\"pa\" -> \"på\",\n"
	 "\"6kat\" -> \"ökat\") with a lexicon, an error model and sentence context.",
	 tv_restore_run, tv_restore_optdefs, 1},
	{"reflow", "dehyphenate, join paragraphs, mark headings and lists (Markdown)",
	 "Joins words split at line ends by Swedish rules, joins paragraph lines (also across\n"
	 "pages) and marks headings and list items as Markdown. Each block is preceded by\n"
	 "\"<!-- tvatt page=P lines=A-B -->\" (page by form feeds, lines of this input) and\n"
	 "followed by a blank line; pipe-table rows and comment lines pass through. Where\n"
	 "a dump has no blank lines, a paragraph ends at a short line ending a sentence (the\n"
	 "break width is learnt from the lines that go on) or before a first-line indent;\n"
	 "blank lines at a page break do not end one.",
	 tv_reflow_run, tv_reflow_optdefs, 1},
	{"records", "Markdown to JSON Lines records (or CSV tables)",
	 "Writes one JSON record per block: a document record first (source, pages, title,\n"
	 "metadata), then heading, paragraph and list_item (with amounts and dates) and table\n"
	 "records (from \"<!-- tvatt table ... -->\" blocks: title, unit, header, rows with\n"
	 "numbers as printed, checks), each with id, page, lines and section. Output is valid\n"
	 "JSON Lines for any input. --format csv writes the tables as CSV (one header line,\n"
	 "numbers as plain decimals, tables separated by a blank line); --format md writes\n"
	 "clean Markdown without the tvatt comments.",
	 tv_records_run, tv_records_optdefs, 1},
};

const tv_stage *tv_stages(size_t *n)
{
	*n = sizeof stage_table / sizeof stage_table[0];
	return stage_table;
}

const tv_stage *tv_stage_find(const char *name)
{
	size_t n;
	const tv_stage *s = tv_stages(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return &s[i];
	return NULL;
}
