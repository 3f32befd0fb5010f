# ocr.mk - what the ocr stage adds to the build: libpng, libjpeg and libtiff, whose
# damaged-file checks and message handlers stages/ocr_check.c uses directly.
PKG_CFLAGS += $(shell pkg-config --cflags libpng libtiff-4 2>/dev/null | sed 's/-I/-isystem /g')
LDLIBS     += $(shell pkg-config --libs libpng libtiff-4 2>/dev/null) -ljpeg
