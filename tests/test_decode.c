/*
 * test_decode.c - unit tests of the decode stage: every encoding it detects, every repair
 * it makes, what it must leave alone, its diagnostics and audit rows, streaming (a file
 * whose non-ASCII part comes after a megabyte of ASCII, a line longer than a piece) and
 * idempotence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "decode.h"

/* Runs decode over in[0..n) with stage options kv; output, messages and audit rows are
 * captured. Returns the status. */
typedef struct result {
	tv_buf out, err, log;
	tv_status rc;
} result;

static result run_kv(const char *in, size_t n, const tv_kv *kv, size_t nkv, double min_conf)
{
	result r = {TV_BUF_INIT, TV_BUF_INIT, TV_BUF_INIT, TV_OK};
	tv_diag diag = {NULL, &r.err, 0, 1, -1};
	tv_log log = {NULL, &r.log};
	tv_opts o = {.stage = "decode",
	             .diag = &diag,
	             .log = &log,
	             .min_confidence = min_conf,
	             .kv = kv,
	             .nkv = nkv};
	tv_reader *rd;
	tv_writer *w;
	assert_int_equal(tv_reader_mem(in, n, "t.txt", &rd), TV_OK);
	assert_int_equal(tv_writer_buf(&r.out, &w), TV_OK);
	r.rc = tv_decode_run(rd, w, &o);
	tv_writer_free(w);
	tv_reader_free(rd);
	return r;
}

static result run(const char *in)
{
	return run_kv(in, strlen(in), NULL, 0, 0);
}

static void result_free(result *r)
{
	tv_buf_free(&r->out);
	tv_buf_free(&r->err);
	tv_buf_free(&r->log);
}

/* Asserts that decode turns in into want, with status 0. */
static void expect(const char *in, const char *want)
{
	result r = run(in);
	assert_int_equal(r.rc, TV_OK);
	assert_string_equal(tv_buf_str(&r.out), want);
	/* and running it again changes nothing (idempotence) */
	result r2 = run(tv_buf_str(&r.out));
	assert_string_equal(tv_buf_str(&r2.out), want);
	result_free(&r);
	result_free(&r2);
}

static void clean_text_is_untouched(void **state)
{
	(void)state;
	const char *texts[] = {
	    "Årets budget är 3\xc2\xa0"
	    "400 kr, ökat med 5,8 procent.\n",
	    "Han sa ”det är klart” och »så blev det«.\n",
	    "Belopp: 1\xe2\x80\xaf"
	    "086\xe2\x80\xaf"
	    "437 kr \xe2\x80\x93 se § 55, RS/595/2023.\n",
	    "kolumn\tkolumn\fny sida\n",
	    "idé, armé, Müller, café, naïve, façade, São Paulo, Łódź, Ørsted\n",
	    "e-post: fornamn.efternamn@region.se, https://www.region.se/a?b=1&c=2\n",
	    "Markdown | tabell | med [länk](https://x.se) och {klammer} och a\\b\n",
	    "DET VAR ”SÅ” OCH PÅ… SÅ VAR DET.\n",
	    "ingen radbrytning på slutet",
	    "",
	    "Kalle´s bil och Donald´s hatt.\n",
	    "Ω ≤ ∞, 3×4, 25 °C, ½ liter, 100 €, ™, 😀\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		result r = run(texts[i]);
		assert_int_equal(r.rc, TV_OK);
		assert_string_equal(tv_buf_str(&r.out), texts[i]);
		assert_string_equal(tv_buf_str(&r.err), "");
		assert_string_equal(tv_buf_str(&r.log), "");
		result_free(&r);
	}
}

static void mojibake_once_and_twice(void **state)
{
	(void)state;
	expect("F\xc3\x83\xc2\xb6rslag: \xc3\x83\xc2\xa5ret och \xc3\x83\xe2\x80\x9eR "
	       "\xc3\x83\xe2\x80\x93vrigt\n",
	       "Förslag: året och ÄR Övrigt\n");
	/* "â€“" and "â€" + U+009D (the byte Windows-1252 lacks, kept as Latin-1 reads it) */
	expect("a \xc3\xa2\xe2\x82\xac\xe2\x80\x9c b \xc3\xa2\xe2\x82\xac\xc2\x9d\n", "a – b ”\n");
	/* twice: "Ã¢â‚¬â€œ" is "–", "ÃƒÂ¥" is "å" */
	expect("x \xc3\x83\xc2\xa2\xc3\xa2\xe2\x80\x9a\xc2\xac\xc3\xa2\xe2\x82\xac\xc5\x93 y "
	       "\xc3\x83\xc6\x92\xc3\x82\xc2\xa5r\n",
	       "x – y år\n");
	/* a lone word, and right text beside wrong text on the same line */
	expect("\xc3\x83\xc2\xa5ret\n", "året\n");
	expect("året och \xc3\x83\xc2\xa5ret\n", "året och året\n");
	/* a combining mark's mojibake after its letter: "aÌŠ" */
	expect("sa\xc3\x8c\xc5\xa0\n", "så\n");
	/* a rarer lead only inside a word: "Å‚" is ł in "Łukasz"-like names */
	expect("Mi\xc3\x85\xe2\x80\x9aosz\n", "Miłosz\n");
}

static void code_pages_are_detected(void **state)
{
	(void)state;
	/* CP850: "f”r" is för, "†r" is år when read as Windows-1252 */
	expect("Det g\x84ller f\x94r \x86ret, \x8frets m\x86l \x84r n\x86"
	       "dda.\n",
	       "Det gäller för året, Årets mål är nådda.\n");
	/* Latin-1 */
	expect("Det g\xe4ller f\xf6r \xe5ret, \xc5rets m\xe5l \xe4r n\xe5"
	       "dda.\n",
	       "Det gäller för året, Årets mål är nådda.\n");
	/* Windows-1252 punctuation */
	expect("Han sa \x94nej\x94 \x96 och gick.\n", "Han sa ”nej” – och gick.\n");
	/* Mac Roman, with its quotation marks and dash */
	expect("Det g\x8aller f\x9ar \x8cret \xd0 \xd3klart\xd3.\n",
	       "Det gäller för året – ”klart”.\n");
	/* CP437 box drawing in a CP850-like text is not taken for letters */
	expect("F\x94rvaltningen \x84r \x86terst\x84lld.\n", "Förvaltningen är återställd.\n");
}

static void seven_bit_swedish(void **state)
{
	(void)state;
	expect("P} {ven |vriga ]ret, \\rebro och [ven. } ena sidan.\n",
	       "På även övriga Året, Örebro och Även. å ena sidan.\n");
	/* plain ASCII with brackets and bars is not 7-bit Swedish */
	expect("a[i] = b{c} | d\n", "a[i] = b{c} | d\n");
	expect("int f(int s) { return a[i] + b{c} + s}; }\nstruct {key} x{y} {a}{b}{c}\n",
	       "int f(int s) { return a[i] + b{c} + s}; }\nstruct {key} x{y} {a}{b}{c}\n");
	/* words between brackets, the island "ö", "å" before a hyphen */
	expect("P} |n [studiest|dslagen] och [utesluter] en | vid }-str{ckan, |.b. sj|n.\n",
	       "På ön [studiestödslagen] och [utesluter] en ö vid å-sträckan, ö.b. sjön.\n");
	/* nor is a text that also holds real å ä ö */
	expect("Året p} dig\nmer {n s} \xc3\xa5r\n", "Året p} dig\nmer {n s} år\n");
}

static void references_and_accents(void **state)
{
	(void)state;
	expect("&Aring;rets &auml;ndring &#229; &#xE5; &#Xe5; &amp;ouml; &lt;b&gt; R&D AT&T; "
	       "&nosuch;\n",
	       "Årets ändring å å å ö <b> R&D AT&T; &nosuch;\n");
	expect("&#150; &#8211; &#0; &#10;\n", "– – &#0; &#10;\n");
	/* combining marks (NFD) and spacing accents as PDFs emit them */
	expect("a\xcc\x8ar o\xcc\x88ver\n", "år över\n");
	expect("pa\xcb\x9a ha\xc2\xa8r f\xc2\xa8or id\xc2\xb4"
	       "e\n",
	       "på här för idé\n");
	/* a combining mark before its letter */
	expect("f\xcc\x88or\n", "för\n");
}

static void cleanup(void **state)
{
	(void)state;
	expect("\xef\xac\x81nans \xef\xac\x82ygel e\xef\xac\x83"
	       "cient\n",
	       "finans flygel efficient\n");
	expect("upp\xc2\xadrätt\n", "upprätt\n");
	expect("ett\r\ntvå\rtre\r\r\nfyra\n", "ett\ntvå\ntre\nfyra\n");
	expect("\xef\xbb\xbfmed BOM\n", "med BOM\n");
	/* C1 controls: Windows-1252 bytes read as Latin-1, but for the five it lacks */
	expect("mise en \xc2\x9c"
	       "uvre \xc2\x96 bra\xc2\x9d\n",
	       "mise en œuvre – bra\n");
	result r = run("a\x01"
	               "b\x1b[31mröd\x1b[0m\nc\x7f"
	               "d\n");
	assert_string_equal(tv_buf_str(&r.out), "abröd\ncd\n");
	/* reported once per file, naming the first */
	assert_string_equal(
	    tv_buf_str(&r.err),
	    "tvatt: t.txt:1:2: warning: 4 control characters removed (the first, U+0001, here)\n");
	result_free(&r);
}

static void unexplained_bytes(void **state)
{
	(void)state;
	/* a UTF-8 text with one stray byte: nothing reads it as Swedish */
	result r = run("rad ett är här\nrad två \xff slut\n");
	assert_int_equal(r.rc, TV_OK);
	assert_string_equal(tv_buf_str(&r.out), "rad ett är här\nrad två \xef\xbf\xbd slut\n");
	assert_string_equal(
	    tv_buf_str(&r.err),
	    "tvatt: t.txt:2:9: warning: byte 0xFF that no encoding explains replaced by U+FFFD\n");
	assert_non_null(
	    strstr(tv_buf_str(&r.log), "decode\t2\t9\t\\\\xFF\t\xef\xbf\xbd\tunexplained-byte"));
	result_free(&r);
}

static void unicode_forms(void **state)
{
	(void)state;
	const char le[] = "\xff\xfe"
	                  "\xc5\0r\0e\0t\0\n\0";
	result r = run_kv(le, sizeof le - 1, NULL, 0, 0);
	assert_string_equal(tv_buf_str(&r.out), "Året\n");
	result_free(&r);
	const char be[] = "\xfe\xff"
	                  "\0\xc5\0r\0e\0t\0\r\0\n";
	r = run_kv(be, sizeof be - 1, NULL, 0, 0);
	assert_string_equal(tv_buf_str(&r.out), "Året\n");
	result_free(&r);
	const char nobom[] = "\xe5\0r\0 \0o\0c\0h\0 \0d\0a\0g\0\n\0";
	r = run_kv(nobom, sizeof nobom - 1, NULL, 0, 0);
	assert_string_equal(tv_buf_str(&r.out), "år och dag\n");
	result_free(&r);
	/* an unpaired surrogate */
	const char bad[] = "\xff\xfe"
	                   "a\0\x00\xd8"
	                   "b\0\n\0";
	r = run_kv(bad, sizeof bad - 1, NULL, 0, 0);
	assert_string_equal(tv_buf_str(&r.out), "a\xef\xbf\xbd"
	                                        "b\n");
	assert_non_null(
	    strstr(tv_buf_str(&r.err), "t.txt:1:2: warning: bytes that are not UTF-16LE"));
	result_free(&r);
}

static void from_code(void **state)
{
	(void)state;
	tv_kv kv = {"from-code", "CP850"};
	const char in[] = "f\x94r \xf5 5\n";
	result r = run_kv(in, sizeof in - 1, &kv, 1, 0);
	assert_string_equal(tv_buf_str(&r.out), "för § 5\n");
	result_free(&r);
	/* ISO646-SE maps the six letters everywhere, and only them ("$" stays) */
	tv_kv kv646 = {"from-code", "iso646-se"};
	r = run_kv("[r $5 }\n", 8, &kv646, 1, 0);
	assert_string_equal(tv_buf_str(&r.out), "Är $5 å\n");
	result_free(&r);
	tv_kv kvu = {"from-code", "UTF-16"};
	const char u16[] = "\xff\xfe"
	                   "\xe4\0\n\0";
	r = run_kv(u16, sizeof u16 - 1, &kvu, 1, 0);
	assert_string_equal(tv_buf_str(&r.out), "ä\n");
	result_free(&r);
	tv_kv bad = {"from-code", "NO-SUCH-CODE"};
	r = run_kv("x\n", 2, &bad, 1, 0);
	assert_int_equal(r.rc, TV_EUSAGE);
	assert_string_equal(tv_buf_str(&r.out), "");
	assert_non_null(
	    strstr(tv_buf_str(&r.err), "iconv does not know the encoding 'NO-SUCH-CODE'"));
	result_free(&r);
}

static void binary_is_refused(void **state)
{
	(void)state;
	const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	result r = run_kv(png, sizeof png - 1, NULL, 0, 0);
	assert_int_equal(r.rc, TV_EINPUT);
	assert_string_equal(tv_buf_str(&r.out), "");
	assert_string_equal(
	    tv_buf_str(&r.err),
	    "tvatt: t.txt: error: this is a PNG image, which 'tvatt decode' does not take; "
	    "use 'tvatt ocr' for images and PDFs\n");
	result_free(&r);
	char bin[4096];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 7 % 251);
	r = run_kv(bin, sizeof bin, NULL, 0, 0);
	assert_int_equal(r.rc, TV_EINPUT);
	assert_string_equal(tv_buf_str(&r.out), "");
	assert_non_null(strstr(tv_buf_str(&r.err), "this is binary data"));
	result_free(&r);
}

/* A megabyte and more of ASCII, then CP850: the look-ahead must not have decided on the
 * ASCII alone. */
static void late_evidence(void **state)
{
	(void)state;
	size_t ascii = (size_t)3 << 20;
	const char tail[] = "Det g\x84ller f\x94r \x86ret och m\x86len \x84r n\x86"
	                    "dda.\n";
	const char want[] = "Det gäller för året och målen är nådda.\n";
	char *in = malloc(ascii + sizeof tail);
	assert_non_null(in);
	for (size_t i = 0; i < ascii; i++)
		in[i] = i % 64 == 63 ? '\n' : 'a';
	memcpy(in + ascii, tail, sizeof tail);
	result r = run_kv(in, ascii + sizeof tail - 1, NULL, 0, 0);
	assert_int_equal(r.out.len, ascii + sizeof want - 1);
	assert_memory_equal(r.out.data, in, ascii);
	assert_string_equal(r.out.data + ascii, want);
	result_free(&r);
	free(in);
}

/* A line of 3 MB (more than a piece) of Latin-1 words comes back whole, and the warning
 * about it names its line. */
static void long_line(void **state)
{
	(void)state;
	const char word[] = "f\xf6r \xe5ret ";
	size_t reps = ((size_t)3 << 20) / (sizeof word - 1);
	tv_buf in = TV_BUF_INIT, want = TV_BUF_INIT;
	tv_buf_puts(&in, "rad ett\n");
	tv_buf_puts(&want, "rad ett\n");
	for (size_t i = 0; i < reps; i++) {
		tv_buf_puts(&in, word);
		tv_buf_puts(&want, "för året ");
	}
	tv_buf_puts(&in, "\nslut\n");
	tv_buf_puts(&want, "\nslut\n");
	result r = run_kv(in.data, in.len, NULL, 0, 0);
	assert_int_equal(r.rc, TV_OK);
	assert_int_equal(r.out.len, want.len);
	assert_memory_equal(r.out.data, want.data, want.len);
	assert_non_null(strstr(tv_buf_str(&r.err), "t.txt:2:1: warning: a line longer than"));
	result_free(&r);
	tv_buf_free(&in);
	tv_buf_free(&want);
}

static void audit_and_min_confidence(void **state)
{
	(void)state;
	const char in[] = "\xc3\x83\xc2\xa5ret &auml;r \xc3\xa2\xe2\x82\xac slut\n";
	result r = run(in);
	assert_string_equal(tv_buf_str(&r.out), "året är ” slut\n");
	assert_string_equal(tv_buf_str(&r.log), "decode\t1\t1\tÃ¥\tå\tmojibake\t0.990\n"
	                                        "decode\t1\t15\tâ€\t”\tmojibake\t0.700\n"
	                                        "decode\t1\t7\t&auml;\tä\treference\t1.000\n");
	result_free(&r);
	/* the guessed quote (0.7) is not made at --min-confidence 0.8 */
	r = run_kv(in, sizeof in - 1, NULL, 0, 0.8);
	assert_string_equal(tv_buf_str(&r.out), "året är \xc3\xa2\xe2\x82\xac slut\n");
	result_free(&r);
}

static void encoding_note_and_audit(void **state)
{
	(void)state;
	result r = run("f\x94r \x86ret\n");
	assert_string_equal(tv_buf_str(&r.out), "för året\n");
	assert_non_null(
	    strstr(tv_buf_str(&r.err), "t.txt:1:1: note: bytes that are not UTF-8 read as CP850"));
	assert_non_null(strstr(tv_buf_str(&r.log), "decode\t1\t0\tCP850\tUTF-8\tencoding\t"));
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clean_text_is_untouched),
	    cmocka_unit_test(mojibake_once_and_twice),
	    cmocka_unit_test(code_pages_are_detected),
	    cmocka_unit_test(seven_bit_swedish),
	    cmocka_unit_test(references_and_accents),
	    cmocka_unit_test(cleanup),
	    cmocka_unit_test(unexplained_bytes),
	    cmocka_unit_test(unicode_forms),
	    cmocka_unit_test(from_code),
	    cmocka_unit_test(binary_is_refused),
	    cmocka_unit_test(late_evidence),
	    cmocka_unit_test(long_line),
	    cmocka_unit_test(audit_and_min_confidence),
	    cmocka_unit_test(encoding_note_and_audit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
