/*
 * ocr_check.c - checks that a PNG or a JPEG decodes cleanly before Leptonica reads it.
 *
 * Leptonica reads PNG and JPEG with libpng's and libjpeg's default message handlers, which
 * print complaints about a damaged file ("Premature end of JPEG file", "libpng error:
 * ...") straight to standard error, and a JPEG with missing data still decodes, half grey.
 * So each such image is first decoded here with silent handlers, one row at a time (a
 * JPEG at an eighth of its size: its compressed data is read in full all the same), and
 * refused with the library's own reason when it is damaged. A clean file then goes to
 * Leptonica, which reads it exactly as the tesseract command does. libtiff's handlers,
 * which are global, are silenced once for the process.
 */
#include "ocr_int.h"

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

/* ------------------------------------------------------------------ PNG ------------- */

typedef struct png_ctx {
	const unsigned char *data;
	size_t len, pos;
	char msg[200];
} png_ctx;

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
	png_ctx *c = png_get_io_ptr(png);
	if (n > c->len - c->pos)
		png_error(png, "the file ends too soon");
	memcpy(out, c->data + c->pos, n);
	c->pos += n;
}

static void png_on_error(png_structp png, png_const_charp msg)
{
	png_ctx *c = png_get_error_ptr(png);
	snprintf(c->msg, sizeof c->msg, "%s", msg);
	png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

tv_status ocr_check_png(const unsigned char *data, size_t len, int whole, tv_buf *err)
{
	png_ctx c = {data, len, 0, ""};
	png_structp png =
	    png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, png_on_error, png_on_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info) {
		png_destroy_read_struct(&png, &info, NULL);
		return TV_ESYSTEM;
	}
	png_bytep volatile row = NULL;
	tv_status rc = TV_OK;
	if (setjmp(png_jmpbuf(png))) {
		tv_buf_printf(err, "a truncated or damaged PNG image (%s)", c.msg);
		rc = TV_EINPUT;
	} else {
		png_set_read_fn(png, &c, png_read_mem);
		png_read_info(png, info);
		if (whole) {
			png_uint_32 h = png_get_image_height(png, info);
			int passes = png_set_interlace_handling(png);
			png_read_update_info(png, info);
			size_t rowbytes = png_get_rowbytes(png, info);
			row = png_malloc(png, rowbytes ? rowbytes : 1);
			for (int p = 0; p < passes; p++)
				for (png_uint_32 y = 0; y < h; y++)
					png_read_row(png, row, NULL);
			png_read_end(png, NULL);
		}
	}
	if (row)
		png_free(png, row);
	png_destroy_read_struct(&png, &info, NULL);
	return rc;
}

/* ------------------------------------------------------------------ JPEG ------------ */

typedef struct jpeg_ctx {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	int warnings;
	char msg[JMSG_LENGTH_MAX];
} jpeg_ctx;

/* The first complaint is the reason given: after a warning, the error is most often its
 * consequence (a file cut short: "Premature end of JPEG file", then "JPEG datastream
 * contains no image"). */
static void jpeg_on_error(j_common_ptr cinfo)
{
	jpeg_ctx *c = (jpeg_ctx *)(void *)cinfo->err;
	if (!c->warnings)
		(*cinfo->err->format_message)(cinfo, c->msg);
	longjmp(c->jump, 1);
}

/* Warnings (level -1) are damaged data; trace messages (level >= 0) are not. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
	jpeg_ctx *c = (jpeg_ctx *)(void *)cinfo->err;
	if (level < 0 && c->warnings++ == 0)
		(*cinfo->err->format_message)(cinfo, c->msg);
}

static void jpeg_no_output(j_common_ptr cinfo)
{
	(void)cinfo;
}

tv_status ocr_check_jpeg(const unsigned char *data, size_t len, int whole, tv_buf *err)
{
	struct jpeg_decompress_struct cinfo;
	jpeg_ctx c;
	memset(&c, 0, sizeof c);
	cinfo.err = jpeg_std_error(&c.mgr);
	c.mgr.error_exit = jpeg_on_error;
	c.mgr.emit_message = jpeg_on_message;
	c.mgr.output_message = jpeg_no_output;
	JSAMPLE *volatile row = NULL;
	tv_status rc = TV_OK;
	if (setjmp(c.jump)) {
		rc = TV_EINPUT;
	} else {
		jpeg_create_decompress(&cinfo);
		jpeg_mem_src(&cinfo, data, (unsigned long)len);
		jpeg_read_header(&cinfo, TRUE);
		if (whole) {
			cinfo.scale_num = 1;
			cinfo.scale_denom = 8;
			cinfo.dct_method = JDCT_IFAST;
			cinfo.do_fancy_upsampling = FALSE;
			jpeg_start_decompress(&cinfo);
			row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components +
			             1);
			if (!row) {
				jpeg_destroy_decompress(&cinfo);
				return TV_ESYSTEM;
			}
			JSAMPROW rows[1] = {row};
			while (cinfo.output_scanline < cinfo.output_height)
				jpeg_read_scanlines(&cinfo, rows, 1);
			jpeg_finish_decompress(&cinfo);
		}
		if (c.warnings)
			rc = TV_EINPUT;
	}
	jpeg_destroy_decompress(&cinfo);
	free(row);
	if (rc)
		tv_buf_printf(err, "a truncated or damaged JPEG image (%s)", c.msg);
	return rc;
}

/* ------------------------------------------------------------------ TIFF ------------ */

void ocr_quiet_tiff(void)
{
	TIFFSetWarningHandler(NULL);
	TIFFSetErrorHandler(NULL);
}
