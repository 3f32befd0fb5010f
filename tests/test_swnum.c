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
	want_number("190", 190, TV_UNIT_NONE, 0);
	want_number("  26,5 ", 26.5, TV_UNIT_NONE, 1);
	want_number("8 281 730 kr", 8281730, TV_UNIT_KR, 0);
	want_number("4\xc2\xa0" "315", 4315, TV_UNIT_NONE, 0);          /* no-break space */
	want_number("4\xe2\x80\xaf" "315", 4315, TV_UNIT_NONE, 0);      /* narrow no-break */
	want_number("\xe2\x88\x92" "5,8", -5.8, TV_UNIT_NONE, 1);       /* U+2212 minus */
	want_number("\xe2\x80\x93" "5,8", -5.8, TV_UNIT_NONE, 1);       /* en dash */
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
	const char *no[] = {"", "   ", "kr", "1,85 kr per kilometer", "2024-05-01",
			    "RS/595/2023", "1 2", "1234 567", "12,", ",5", "12 % kr", "(12",
			    "12)", "abc", "1 086 43", "Summa", "-", "+5", "1.5",
			    "123456789012345678901234567890123456789012345678901234567890123"};
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
	normalised(" -1\xc2\xa0" "086  437 ", "-1 086 437");
	normalised("4\xe2\x80\xaf" "315", "4 315");
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
	decimal("\xe2\x88\x92" "5,8", 0, "-5.8");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_decimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
