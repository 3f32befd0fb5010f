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
     "Reads page images (PNG, JPEG, every page of a TIFF, PNM, WebP) and scanned PDFs\n"
     "(rendered at --dpi, 300) with Tesseract's Swedish model; each page is followed by a\n"
     "form feed. Each page is measured first and prepared only where that shows a need:\n"
     "rescaled when its text is too small for the model (whatever its dpi tag says),\n"
     "deskewed, its background flattened when uneven, specks removed, turned upright\n"
     "(the osd model). A poor scan is read at several sizes and the readings vote word by\n"
     "word. A good page is read exactly as the tesseract command reads it. --jobs N reads\n"
     "N pages at once, each with its own engine; the output stays in page order. A PDF\n"
     "page whose text layer holds its text (born-digital, or OCR'd before) takes that text\n"
     "instead, laid out as pdftotext -layout does; a scan whose layer holds only a few\n"
     "words is still read by OCR (--text-layer; -v and --log say which way each page went).",
     tv_ocr_stage_run, tv_ocr_optdefs, 0},
    {"decode", "any bytes to clean UTF-8: encodings, mojibake, entities, diacritics",
     "Reads UTF-8 (with or without BOM), UTF-16 and UTF-32 (BOM, or the zero bytes of\n"
     "Latin text), Windows-1252, ISO-8859-1/15, CP850, CP437, Mac Roman and 7-bit Swedish\n"
     "(ISO 646-SE: } { | ] [ \\ are å ä ö Å Ä Ö), choosing line by line the reading that\n"
     "is most Swedish (letter statistics and a word list, weighed over the file and a\n"
     "megabyte ahead). Repairs mojibake (UTF-8 read as Windows-1252 or Latin-1, once or\n"
     "twice: \"Ã¥ret\" is \"året\"), HTML and XML character references, combining and\n"
     "spacing accents (\"a˚\", \"¨o\"), ligatures; drops soft hyphens and control\n"
     "characters (one warning per file); CRLF and CR become LF; writes NFC. Text that\n"
     "reads right, Swedish quotation marks and no-break spaces in numbers stay as they\n"
     "are. Bytes nothing explains become U+FFFD, with a warning naming the line. Images\n"
     "and PDFs (for ocr), archives and other binary data are refused: status 3, nothing\n"
     "written. -v notes the encoding read; --log has a row for every change.",
     tv_decode_run, tv_decode_optdefs, 1},
    {"clean", "remove page furniture, chart debris and stray glyphs",
     "Removes running headers and footers, page numbers, logo lines and chart debris;\n"
     "normalises bullets and stray ruling glyphs. Anything that might be text stays.\n"
     "With --keep-furniture removed lines stay, each group after one comment line\n"
     "\"<!-- tvatt furniture lines=N page=P from=A -->\" (or figure) that\n"
     "covers the N lines after it; with --mark-removed a comment line\n"
     "\"<!-- tvatt removed lines=N -->\" tells the stages after it how many went.\n"
     "Running lines are found by repetition at the same\n"
     "page edge, field by field (alternating headers, page numbers beside them), two\n"
     "pages ahead and six back. Pages: form feeds, or, in a dump without them, a line\n"
     "opening with one space; there a form feed is written where furniture was found.",
     tv_clean_run, tv_clean_optdefs, 1},
    {"tables", "rebuild tables as Markdown pipe tables",
     "Finds tables in PDF text dumps (pdftotext default, -raw, -layout) and OCR output\n"
     "and writes each as a Markdown pipe table after one comment line\n"
     "\"<!-- tvatt table page=P lines=A-B unit=U title=\"...\" header=H checks=\"...\" -->\"\n"
     "(lines of this input). Digit groups are read as the cells that fit the column\n"
     "count, each column's profile and the table's arithmetic (totals, differences,\n"
     "changes in percent); a number is changed only where arithmetic proves it, and\n"
     "logged. Text the stage does not take passes through unchanged.",
     tv_tables_run, tv_tables_optdefs, 1},
    {"restore", "give Swedish text back its å, ä and ö",
     "Restores letters lost to ASCII folding or misread by an English OCR model (\"pa\" ->\n"
     "\"på\", \"6kat\" -> \"ökat\", \"férbattra\" -> \"förbättra\") with a compiled lexicon\n"
     "(tvatt.lex), a learned confusion table and word-pair context decided per sentence.\n"
     "Each page is judged first: clean (å ä ö present, or no word showing the folding\n"
     "that their absence suggests: only words with OCR symptoms are considered), folded\n"
     "or OCR-damaged. A word changes only when the best reading beats keeping it by the\n"
     "margin --min-confidence asks (default 0.6, more on a clean page; the confidence is\n"
     "in the --log rows). Numbers, codes, URLs, e-mail, HTML comment lines and acronyms\n"
     "stay as they are; case follows the input; pipe-table cells are restored one by one.",
     tv_restore_run, tv_restore_optdefs, 1},
    {"reflow", "dehyphenate, join paragraphs, mark headings and lists (Markdown)",
     "Joins words split at line ends by Swedish rules, joins paragraph lines (also across\n"
     "pages) and marks headings and list items as Markdown. Each block is preceded by\n"
     "\"<!-- tvatt page=P lines=A-B -->\" (page by form feeds, lines of this input) and\n"
     "followed by a blank line; pipe-table rows and comment lines pass through. Where\n"
     "a dump has no blank lines, a paragraph ends at a short line ending a sentence (the\n"
     "break width is learnt from the lines that go on) or before a first-line indent;\n"
     "blank lines at a page break do not end one. In text written one paragraph a line\n"
     "(lines wider than a page that nearly all end a sentence) each such line is one.",
     tv_reflow_run, tv_reflow_optdefs, 1},
    {"records", "Markdown to JSON Lines records (or CSV tables)",
     "Writes one JSON record per block: a document record first (source, pages, title,\n"
     "metadata), then heading, paragraph and list_item (with amounts and dates) and table\n"
     "records (from \"<!-- tvatt table ... -->\" blocks: title, unit, header, rows with\n"
     "numbers as printed, checks), each with id, page, lines and section. Output is valid\n"
     "JSON Lines for any input. --format csv writes the tables as CSV (one header line\n"
     "when the table has header rows, numbers as plain decimals, a blank line after\n"
     "each table); --format md writes clean Markdown without the tvatt comments.",
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
