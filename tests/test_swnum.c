/*
 * test_swnum.c - unit tests of the Swedish number grammar (stages/swnum.c): the cells
 * DESIGN.md and score-tables call numbers, their values as printed, their units, the
 * cells that are not numbers, and separator normalisation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "swnum.h"

static int cell(const char *s, tv_swnum *num)
{
	return tv_swnum_cell(s, strlen(s), num);
}

static void want_number(const char *s, double v, tv_swunit unit, int decimals)
{
	tv_swnum num;
	if (!cell(s, &num))
		fail_msg("'%s' should be a number", s);
	assert_true(num.value == v);
	assert_int_equal(num.unit, unit);
	assert_int_equal(num.decimals, decimals);
}

static void test_numbers(void **state)
{
	(void)state;
	want_number("-1 086 437", -1086437, TV_UNIT_NONE, 0);
	want_number("-1086437", -1086437, TV_UNIT_NONE, 0);
	want_number("7,0%", 7.0, TV_UNIT_PERCENT, 1);
	want_number("7,0 %", 7.0, TV_UNIT_PERCENT, 1);
	want_number("2 400 kr", 2400, TV_UNIT_KR, 0);
	want_number("(12)", -12, TV_UNIT_NONE, 0);
	want_number("(824,92)", -824.92, TV_UNIT_NONE, 2);
	want_number("(7 824,92)", -7824.92, TV_UNIT_NONE, 2);
	want_number("-7824,92", -7824.92, TV_UNIT_NONE, 2);
	want_number("190", 190, TV_UNIT_NONE, 0);
	want_number("  26,5 ", 26.5, TV_UNIT_NONE, 1);
	want_number("8 281 730 kr", 8281730, TV_UNIT_KR, 0);
	want_number("4\xc2\xa0"
	            "315",
	            4315, TV_UNIT_NONE, 0); /* no-break space */
	want_number("4\xe2\x80\xaf"
	            "315",
	            4315, TV_UNIT_NONE, 0); /* narrow no-break */
	want_number("\xe2\x88\x92"
	            "5,8",
	            -5.8, TV_UNIT_NONE, 1); /* U+2212 minus */
	want_number("\xe2\x80\x93"
	            "5,8",
	            -5.8, TV_UNIT_NONE, 1); /* en dash */
	want_number("5,8 procent", 5.8, TV_UNIT_PERCENT, 1);
	want_number("922 mnkr", 922, TV_UNIT_MNKR, 0);
	want_number("922 Mkr", 922, TV_UNIT_MNKR, 0);
	want_number("3 miljarder kronor", 3, TV_UNIT_MDKR, 0);
	want_number("87 miljoner", 87, TV_UNIT_MILJONER, 0);
	want_number("12 tkr.", 12, TV_UNIT_TKR, 0);
	want_number("0,25", 0.25, TV_UNIT_NONE, 2);
}

static void test_not_numbers(void **state)
{
	(void)state;
	const char *no[] = {
	    "",           "   ",
	    "kr",         "1,85 kr per kilometer",
	    "2024-05-01", "RS/595/2023",
	    "1 2",        "1234 567",
	    "12,",        ",5",
	    "12 % kr",    "(12",
	    "12)",        "(7824,92)",
	    "(1234)",     "abc",
	    "1 086 43",   "Summa",
	    "-",          "+5",
	    "1.5",        "123456789012345678901234567890123456789012345678901234567890123"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (cell(no[i], NULL))
			fail_msg("'%s' should not be a number", no[i]);
}

static void test_flags(void **state)
{
	(void)state;
	tv_swnum num;
	assert_true(cell("(1 234,5)", &num));
	assert_true(num.paren && num.negative && num.grouped);
	assert_int_equal(num.intdigits, 4);
	assert_true(num.value == -1234.5);
	assert_true(cell("12345", &num));
	assert_false(num.grouped);
	assert_string_equal(tv_swunit_name(TV_UNIT_MNKR), "mnkr");
	assert_string_equal(tv_swunit_name(TV_UNIT_NONE), "");
}

static void normalised(const char *in, const char *want)
{
	tv_buf b = TV_BUF_INIT;
	assert_int_equal(tv_swnum_normalise(in, strlen(in), &b), TV_OK);
	assert_string_equal(tv_buf_str(&b), want);
	tv_buf_free(&b);
}

static void test_normalise(void **state)
{
	(void)state;
	normalised(" -1\xc2\xa0"
	           "086  437 ",
	           "-1 086 437");
	normalised("4\xe2\x80\xaf"
	           "315",
	           "4 315");
	normalised("Personal  kostnader", "Personal  kostnader");
	normalised("12 222 kr", "12 222 kr");
	normalised("", "");
}

static void decimal(const char *in, int scale, const char *want)
{
	tv_buf b = TV_BUF_INIT;
	tv_status rc = tv_swnum_decimal(in, strlen(in), scale, &b);
	if (!want) {
		assert_int_equal(rc, TV_EINPUT);
		assert_int_equal(b.len, 0);
	} else {
		assert_int_equal(rc, TV_OK);
		assert_string_equal(tv_buf_str(&b), want);
	}
	tv_buf_free(&b);
}

static void test_decimal(void **state)
{
	(void)state;
	decimal("-1 086 437", 0, "-1086437");
	decimal("7,0%", 0, "7.0");
	decimal("(12)", 0, "-12");
	decimal("2 400 kr", 0, "2400");
	decimal("\xe2\x88\x92"
	        "5,8",
	        0, "-5.8");
	decimal("0,25", 0, "0.25");
	decimal("007", 0, "7");
	decimal("0", 0, "0");
	decimal("87", 6, "87000000");
	decimal("1,2", 9, "1200000000");
	decimal("0,5", 6, "500000");
	decimal("1,2345", 3, "1234.5");
	decimal("3 872", 6, "3872000000");
	decimal("123456789012345678901234567890", 0, "123456789012345678901234567890");
	decimal("RS/595/2023", 0, NULL);
	decimal("12", 19, NULL);
	decimal("", 0, NULL);
}

/* The usual cell, which tv_swnum_decimal reads in one pass, and its near misses, which
 * go the long way: the same digits either way. */
static void test_decimal_plain(void **state)
{
	(void)state;
	decimal("-1 086 437,50", 0, "-1086437.50");
	decimal("12 345 678 901", 0, "12345678901");
	decimal("1 000 000,123456789", 0, "1000000.123456789");
	decimal("-0", 0, "-0");
	decimal("-00", 0, "-0");
	decimal("000 123", 0, "123");
	decimal("00,5", 0, "0.5");
	decimal("1,5 ", 0, "1.5");
	decimal("- 5", 0, "-5");
	decimal("5 %", 0, "5");
	decimal("1 086 437 kr", 0, "1086437");
	decimal("12 34", 0, NULL);
	decimal("1234 567", 0, NULL);
	decimal("1 2345", 0, NULL);
	decimal("1,", 0, NULL);
	/* sixty digits at most, grouped or not */
	decimal("123456789012345678901234567890123456789012345678901234567890", 0,
	        "123456789012345678901234567890123456789012345678901234567890");
	decimal("123 456 789 012 345 678 901 234 567 890 123 456 789 012 345 678 901 234 567 890",
	        0, "123456789012345678901234567890123456789012345678901234567890");
	decimal("1234567890123456789012345678901234567890123456789012345678901", 0, NULL);
	decimal("1,234567890123456789012345678901234567890123456789012345678901", 0, NULL);
}

/* The amounts in text, as "TEXT=VALUE UNIT" joined by "; ". */
static void amounts(const char *text, const char *want)
{
	tv_buf got = TV_BUF_INIT;
	size_t pos = 0, n = strlen(text);
	tv_swamount a;
	while (tv_swnum_find(text, n, &pos, &a)) {
		if (got.len)
			assert_int_equal(tv_buf_puts(&got, "; "), TV_OK);
		assert_int_equal(tv_buf_append(&got, text + a.start, a.end - a.start), TV_OK);
		assert_int_equal(tv_buf_putc(&got, '='), TV_OK);
		assert_int_equal(
		    tv_swnum_decimal(text + a.start, a.num_end - a.start, a.scale, &got), TV_OK);
		assert_int_equal(tv_buf_printf(&got, " %s", a.unit ? a.unit : "-"), TV_OK);
	}
	assert_int_equal(pos, n);
	assert_string_equal(tv_buf_str(&got), want);
	tv_buf_free(&got);
}

static void test_find(void **state)
{
	(void)state;
	amounts("en budgetavvikelse på 87 miljoner kronor och en nettokostnadsutveckling på 5,8 "
	        "procent.",
	        "87 miljoner kronor=87000000 SEK; 5,8 procent=5.8 %");
	amounts("Investeringar 922 mnkr, varav 3 872 miljoner kronor och 1,2 miljarder.",
	        "922 mnkr=922000000 SEK; 3 872 miljoner kronor=3872000000 SEK; 1,2 "
	        "miljarder=1200000000 -");
	amounts(
	    "Resultat \xe2\x88\x92"
	    "12 Mkr (500 tkr) och 2 400 kr. samt 12%, 0,5 %",
	    "\xe2\x88\x92"
	    "12 Mkr=-12000000 SEK; 500 tkr=500000 SEK; 2 400 kr=2400 SEK; 12%=12 %; 0,5 %=0.5 %");
	amounts("under 2024 200 miljoner kronor, 2,1 procentenheter, 3 MSEK, 4 euro",
	        "200 miljoner kronor=200000000 SEK; 2,1 procentenheter=2.1 pp; 3 MSEK=3000000 SEK; "
	        "4 euro=4 EUR");
	amounts("1\xc2\xa0"
	        "250 tkr och 25 miljoner",
	        "1\xc2\xa0"
	        "250 tkr=1250000 SEK; 25 miljoner=25000000 -");
	/* numbers that are not amounts */
	amounts("Av de 17 delmålen uppnås 12 under 2024.", "");
	amounts("RS/595/2023 kr, 2024-05-01 kr, 12.5 miljoner, 3/4 procent, 12krav, 5 kronorna, "
	        "x12 kr, 2a kr",
	        "");
	amounts("", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers), cmocka_unit_test(test_not_numbers),
	    cmocka_unit_test(test_flags),   cmocka_unit_test(test_normalise),
	    cmocka_unit_test(test_decimal), cmocka_unit_test(test_decimal_plain),
	    cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
