/*
 * ocr_load.c - page sources for the ocr stage: a page image (PNG, JPEG, PNM, WebP, GIF,
 * BMP, JPEG 2000), every page of a TIFF, or every page of a PDF rendered with poppler and
 * cairo. A source hands out one page at a time, so memory holds the pages being read, not
 * the document. Every page's size is checked against the pixel limit before it is decoded
 * (from the image header, the TIFF directory or the PDF page box), so a small file that
 * claims a huge image is refused without allocating it. A PNG or JPEG with damaged or
 * missing data is refused (ocr_check.c) rather than read half grey.
 */
#include "ocr_int.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

struct ocr_source {
	ocr_kind kind;
	const unsigned char *data;
	size_t len;
	ocr_load_opts o;
	int format; /* Leptonica's IFF_* for images */
	int npages; /* TIFF and PDF: pages; image: 1 */
	int next;   /* 0-based index of the next page */
	PopplerDocument *pdf;
	GBytes *bytes;
};

/* The formats Leptonica reads that tvatt takes, with their names for messages. */
static const struct {
	int iff;
	const char *name;
} image_formats[] = {
    {IFF_PNG, "PNG"},
    {IFF_JFIF_JPEG, "JPEG"},
    {IFF_PNM, "PNM"},
    {IFF_WEBP, "WebP"},
    {IFF_GIF, "GIF"},
    {IFF_BMP, "BMP"},
    {IFF_JP2, "JPEG 2000"},
    {IFF_TIFF, "TIFF"},
    {IFF_TIFF_G3, "TIFF"},
    {IFF_TIFF_G4, "TIFF"},
    {IFF_TIFF_PACKBITS, "TIFF"},
    {IFF_TIFF_RLE, "TIFF"},
    {IFF_TIFF_LZW, "TIFF"},
    {IFF_TIFF_ZIP, "TIFF"},
    {IFF_TIFF_JPEG, "TIFF"},
};

static const char *format_name(int iff)
{
	for (size_t i = 0; i < sizeof image_formats / sizeof image_formats[0]; i++)
		if (image_formats[i].iff == iff)
			return image_formats[i].name;
	return NULL;
}

static int is_tiff(int iff)
{
	const char *n = format_name(iff);
	return n && strcmp(n, "TIFF") == 0;
}

/* A PDF starts with "%PDF-" within its first kilobyte (some writers put bytes before it). */
static int is_pdf(const unsigned char *p, size_t n)
{
	size_t lim = n < 1024 ? n : 1024;
	for (size_t i = 0; i + 5 <= lim; i++)
		if (memcmp(p + i, "%PDF-", 5) == 0)
			return 1;
	return 0;
}

/* The Leptonica format (IFF_*) of the image data[0..len) when tvatt takes it, else
 * IFF_UNKNOWN. Leptonica reads 12 bytes to tell one; a shorter file is told from its
 * bytes and zeros after them, so that a file cut short in its signature ("\x89PNG\r\n
 * \x1a\n" alone) is named as the damaged image it is, not as no image. */
static int image_format(const unsigned char *data, size_t len)
{
	unsigned char head[12] = {0};
	memcpy(head, data, len < sizeof head ? len : sizeof head);
	int fmt = IFF_UNKNOWN;
	if (findFileFormatBuffer(len < sizeof head ? head : data, &fmt) != 0 || !format_name(fmt))
		return IFF_UNKNOWN;
	return fmt;
}

static tv_status too_big(const ocr_source *s, int w, int h, tv_buf *err)
{
	if (w <= 0 || h <= 0) {
		/* no format tvatt takes has an image of no pixels: its header is cut short
		 * ("RIFF....WEBP" alone) or damaged */
		tv_buf_printf(err,
		              "a truncated or damaged %s image: its header gives no size (%d x %d)",
		              format_name(s->format), w, h);
		return TV_EINPUT;
	}
	if ((double)w * (double)h > s->o.max_pixels) {
		tv_buf_printf(err,
		              "the image is %d x %d pixels, more than the limit of %.0f "
		              "(--max-pixels)",
		              w, h, s->o.max_pixels);
		return TV_EINPUT;
	}
	return TV_OK;
}

/* Number of pages of a TIFF: directories are counted until one cannot be read. */
static int tiff_pages(const unsigned char *data, size_t len)
{
	int n = 0, w, h, bps, spp, res, cmap, fmt;
	while (n < 100000 &&
	       readHeaderMemTiff(data, len, n, &w, &h, &bps, &spp, &res, &cmap, &fmt) == 0)
		n++;
	return n;
}

tv_status ocr_source_open(const unsigned char *data, size_t len, const ocr_load_opts *o,
                          ocr_source **out, tv_buf *err)
{
	*out = NULL;
	ocr_global_init();
	if (len == 0) {
		tv_buf_puts(err, "the file is empty");
		return TV_EINPUT;
	}
	ocr_source *s = calloc(1, sizeof *s);
	if (!s)
		return TV_ESYSTEM;
	s->data = data;
	s->len = len;
	s->o = *o;
	if (is_pdf(data, len)) {
		s->kind = OCR_PDF;
		GError *gerr = NULL;
		s->bytes = g_bytes_new_static(data, len);
		s->pdf = poppler_document_new_from_bytes(s->bytes, NULL, &gerr);
		if (!s->pdf) {
			tv_buf_printf(err, "cannot open the PDF: %s",
			              gerr && gerr->message ? gerr->message : "unknown error");
			if (gerr)
				g_error_free(gerr);
			ocr_source_free(s);
			return TV_EINPUT;
		}
		s->npages = poppler_document_get_n_pages(s->pdf);
		if (s->npages <= 0) {
			tv_buf_puts(err, "the PDF has no pages");
			ocr_source_free(s);
			return TV_EINPUT;
		}
		*out = s;
		return TV_OK;
	}
	int fmt = image_format(data, len);
	if (fmt == IFF_UNKNOWN) {
		tv_buf_puts(err, "not an image tvatt reads (PNG, JPEG, TIFF, PNM, WebP) nor a PDF");
		free(s);
		return TV_EINPUT;
	}
	s->format = fmt;
	if (is_tiff(fmt)) {
		s->kind = OCR_TIFF;
		s->npages = tiff_pages(data, len);
		if (s->npages == 0) {
			tv_buf_puts(err, "a damaged TIFF: its first page cannot be read");
			free(s);
			return TV_EINPUT;
		}
	} else {
		s->kind = OCR_IMAGE;
		s->npages = 1;
	}
	*out = s;
	return TV_OK;
}

void ocr_source_free(ocr_source *s)
{
	if (!s)
		return;
	if (s->pdf)
		g_object_unref(s->pdf);
	if (s->bytes)
		g_bytes_unref(s->bytes);
	free(s);
}

ocr_kind ocr_source_kind(const ocr_source *s)
{
	return s->kind;
}

int ocr_source_pages(const ocr_source *s)
{
	return s->npages;
}

/* ------------------------------------------------------------------ images ---------- */

/* A PNG's or a JPEG's header (whole: all of it) decoded with silent handlers
 * (ocr_check.c); TV_OK for other formats. */
static tv_status check_decodes(const ocr_source *s, int whole, tv_buf *err)
{
	if (s->format == IFF_PNG)
		return ocr_check_png(s->data, s->len, whole, err);
	if (s->format == IFF_JFIF_JPEG)
		return ocr_check_jpeg(s->data, s->len, whole, err);
	return TV_OK;
}

static tv_status read_image(ocr_source *s, PIX **pix, tv_buf *err)
{
	int w = 0, h = 0, bps = 0, spp = 0, cmap = 0, fmt = 0;
	/* the header first with the libraries' own reasons: Leptonica's header read gives
	 * none, and prints libjpeg's complaints ("Premature end of JPEG file") to standard
	 * error */
	tv_status rc = check_decodes(s, 0, err);
	if (rc)
		return rc;
	if (pixReadHeaderMem(s->data, s->len, &fmt, &w, &h, &bps, &spp, &cmap) != 0) {
		tv_buf_printf(err, "a damaged %s image: its header cannot be read",
		              format_name(s->format));
		return TV_EINPUT;
	}
	rc = too_big(s, w, h, err);
	if (rc)
		return rc;
	rc = check_decodes(s, 1, err);
	if (rc)
		return rc;
	if (s->format == IFF_JFIF_JPEG) {
		int nwarn = 0;
		*pix = pixReadMemJpeg(s->data, s->len, 0, 1, &nwarn, 0);
		if (*pix && nwarn > 0)
			pixDestroy(pix);
	} else {
		*pix = pixReadMem(s->data, s->len);
	}
	if (!*pix) {
		tv_buf_printf(err, "a truncated or damaged %s image", format_name(s->format));
		return TV_EINPUT;
	}
	return TV_OK;
}

static tv_status read_tiff_page(ocr_source *s, int n, PIX **pix, tv_buf *err)
{
	int w, h, bps, spp, res, cmap, fmt;
	if (readHeaderMemTiff(s->data, s->len, n, &w, &h, &bps, &spp, &res, &cmap, &fmt) != 0) {
		tv_buf_puts(err, "a damaged TIFF page: its header cannot be read");
		return TV_EINPUT;
	}
	tv_status rc = too_big(s, w, h, err);
	if (rc)
		return rc;
	*pix = pixReadMemTiff(s->data, s->len, n);
	if (!*pix) {
		tv_buf_puts(err, "a truncated or damaged TIFF page");
		return TV_EINPUT;
	}
	return TV_OK;
}

/* ------------------------------------------------------------------ PDF ------------- */

/* Renders page n of the PDF on white at the source's resolution, as an 8-bit grey Pix.
 * A page too large for the pixel limit at that resolution is rendered smaller, to fit. */
static tv_status render_pdf_page(ocr_source *s, int n, PIX **pix, int *dpi, tv_buf *err)
{
	PopplerPage *page = poppler_document_get_page(s->pdf, n);
	if (!page) {
		tv_buf_puts(err, "a damaged PDF page: it cannot be opened");
		return TV_EINPUT;
	}
	double wpt = 0, hpt = 0;
	poppler_page_get_size(page, &wpt, &hpt);
	double res = s->o.pdf_dpi;
	if (!(wpt > 0 && hpt > 0 && wpt < 1e5 && hpt < 1e5)) {
		g_object_unref(page);
		tv_buf_printf(err, "a PDF page with no usable size (%.0f x %.0f points)", wpt, hpt);
		return TV_EINPUT;
	}
	double px = wpt * res / 72.0 * hpt * res / 72.0;
	if (px > s->o.max_pixels)
		res *= sqrt(s->o.max_pixels / px);
	int w = (int)ceil(wpt * res / 72.0), h = (int)ceil(hpt * res / 72.0);
	if (w < 1 || h < 1 || res < 10) {
		g_object_unref(page);
		tv_buf_printf(err, "a PDF page too large for the pixel limit (%.0f x %.0f points)",
		              wpt, hpt);
		return TV_EINPUT;
	}
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		g_object_unref(page);
		return TV_ESYSTEM;
	}
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, res / 72.0, res / 72.0);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	g_object_unref(page);

	PIX *g = pixCreate(w, h, 8);
	if (!g) {
		cairo_surface_destroy(surf);
		return TV_ESYSTEM;
	}
	const unsigned char *src = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf);
	l_uint32 *dst = pixGetData(g);
	int wpl = pixGetWpl(g);
	for (int y = 0; y < h; y++) {
		const uint32_t *row =
		    (const uint32_t *)(const void *)(src + (size_t)y * (size_t)stride);
		l_uint32 *line = dst + (size_t)y * (size_t)wpl;
		for (int x = 0; x < w; x++) {
			uint32_t v = row[x];
			unsigned r = (v >> 16) & 0xff, gr = (v >> 8) & 0xff, b = v & 0xff;
			SET_DATA_BYTE(line, x,
			              (l_uint8)((r * 299 + gr * 587 + b * 114 + 500) / 1000));
		}
	}
	cairo_surface_destroy(surf);
	*dpi = (int)lround(res);
	pixSetResolution(g, *dpi, *dpi);
	*pix = g;
	return TV_OK;
}

/* ------------------------------------------------------------------ text layer ------ */

/* Share of the page's area (w x h points) that its images cover, each image's area cut to
 * the page (overlapping images are counted twice, the share is capped at 1). */
static double image_cover(PopplerPage *page, double w, double h)
{
	GList *maps = poppler_page_get_image_mapping(page);
	double area = 0;
	for (GList *l = maps; l; l = l->next) {
		const PopplerImageMapping *m = l->data;
		double x1 = fmax(0, fmin(m->area.x1, m->area.x2)),
		       x2 = fmin(w, fmax(m->area.x1, m->area.x2));
		double y1 = fmax(0, fmin(m->area.y1, m->area.y2)),
		       y2 = fmin(h, fmax(m->area.y1, m->area.y2));
		if (x2 > x1 && y2 > y1)
			area += (x2 - x1) * (y2 - y1);
	}
	poppler_page_free_image_mapping(maps);
	double share = w > 0 && h > 0 ? area / (w * h) : 0;
	return share < 1 ? share : 1;
}

/* The characters of the page's text layer with their boxes into glyphs (ocr_glyph[]);
 * *nchars counts those that are not white space. */
static tv_status page_glyphs(PopplerPage *page, tv_buf *glyphs, size_t *nchars)
{
	*nchars = 0;
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint nrects = 0;
	tv_status rc = TV_OK;
	if (text && poppler_page_get_text_layout(page, &rects, &nrects)) {
		const char *p = text;
		int joined = 0;
		for (guint i = 0; i < nrects && *p && !rc; i++, p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char_validated(p, -1);
			if (c == (gunichar)-1 || c == (gunichar)-2)
				break;
			if (g_unichar_isspace(c) || !g_unichar_isdefined(c) ||
			    g_unichar_iscntrl(c)) {
				joined = 0;
				continue;
			}
			ocr_glyph g = {(unsigned)c, rects[i].x1, rects[i].y1, rects[i].x2,
			               rects[i].y2, 0,           0,           joined};
			rc = tv_buf_append(glyphs, &g, sizeof g);
			(*nchars)++;
			joined = 1;
		}
	}
	g_free(rects);
	g_free(text);
	return rc;
}

tv_status ocr_source_text(ocr_source *s, ocr_text_layer mode, tv_buf *text, tv_buf *why, int *taken,
                          int *more, tv_buf *err)
{
	*taken = 0;
	*more = s->next < s->npages;
	if (s->kind != OCR_PDF || mode == OCR_TL_NEVER || s->next >= s->npages)
		return TV_OK;
	PopplerPage *page = poppler_document_get_page(s->pdf, s->next);
	if (!page) {
		s->next++;
		*more = s->next < s->npages;
		tv_buf_puts(err, "a damaged PDF page: it cannot be opened");
		return TV_EINPUT;
	}
	ocr_text_info info = {0, 0, 0, 0};
	poppler_page_get_size(page, &info.width_pt, &info.height_pt);
	tv_buf glyphs = TV_BUF_INIT;
	tv_status rc = page_glyphs(page, &glyphs, &info.nchars);
	if (!rc && info.nchars > 0)
		info.image_cover = image_cover(page, info.width_pt, info.height_pt);
	if (!rc) {
		if (info.nchars == 0)
			tv_buf_puts(why, "no text");
		else
			tv_buf_printf(why, "%zu character%s, images cover %.0f %%", info.nchars,
			              info.nchars == 1 ? "" : "s", 100 * info.image_cover);
		if (mode == OCR_TL_ONLY && info.nchars == 0) {
			tv_buf_puts(err, "the page has no text layer (--text-layer=only: no OCR)");
			rc = TV_EINPUT;
			s->next++;
			*more = s->next < s->npages;
		} else if (mode == OCR_TL_ONLY || ocr_text_layer_usable(&info)) {
			rc = ocr_layout_glyphs((ocr_glyph *)(void *)glyphs.data,
			                       glyphs.len / sizeof(ocr_glyph), text);
			*taken = 1;
			s->next++;
			*more = s->next < s->npages;
		}
	}
	tv_buf_free(&glyphs);
	g_object_unref(page);
	return rc;
}

/* ------------------------------------------------------------------ next page ------- */

void ocr_source_skip(ocr_source *s, int *more)
{
	if (s->next < s->npages)
		s->next++;
	*more = s->next < s->npages;
}

tv_status ocr_source_next(ocr_source *s, PIX **pix, int *dpi, int *more, tv_buf *err)
{
	*pix = NULL;
	*dpi = 0;
	*more = 0;
	if (s->next >= s->npages)
		return TV_OK;
	int n = s->next++;
	*more = s->next < s->npages;
	tv_status rc;
	switch (s->kind) {
	case OCR_PDF:
		return render_pdf_page(s, n, pix, dpi, err);
	case OCR_TIFF:
		rc = read_tiff_page(s, n, pix, err);
		break;
	default:
		rc = read_image(s, pix, err);
		break;
	}
	if (rc == TV_OK) {
		int xres = pixGetXRes(*pix);
		*dpi = xres > 0 && xres < 100000 ? xres : 0;
	}
	return rc;
}
