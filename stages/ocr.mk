# ocr.mk - what the ocr stage adds to the build: the OCR plugin $(B)/tvatt-ocr.so, made of
# the stage's files (stages/ocr*.c but ocr_shim.c, which stays in the command and loads the
# plugin) and linked with Tesseract, Leptonica, poppler-glib, cairo and libgomp (OCR_LIBS in
# the Makefile) and libpng, libjpeg and libtiff, whose damaged-file checks and message
# handlers stages/ocr_check.c uses directly. The plugin takes the library's tv_ functions
# from the executable that loads it (see stages/ocr_shim.c), so it links none of pipeline/.
PKG_CFLAGS += $(shell pkg-config --cflags libpng libtiff-4 2>/dev/null | sed 's/-I/-isystem /g')
OCR_LIBS   += $(shell pkg-config --libs libpng libtiff-4 2>/dev/null) -ljpeg

OCR_PLUGIN_OBJ = $(patsubst %.c,$(B)/%.o,$(filter-out stages/ocr_shim.c,$(wildcard stages/ocr*.c)))

# position-independent, as they go into a shared object (the tests link them statically too)
$(OCR_PLUGIN_OBJ): override CFLAGS += -fPIC

$(B)/tvatt-ocr.so: $(OCR_PLUGIN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -o $@ $^ $(OCR_LIBS) -lpthread -lm

# the interface stamp both sides compare when the plugin is loaded (see stages/ocr_shim.c):
# a checksum of the headers between them, so a plugin from another build is refused
OCR_ABI := $(shell cat pipeline/tvatt.h stages/ocr.h | cksum | cut -d' ' -f1)
$(B)/stages/ocr.o $(B)/stages/ocr_shim.o: override CFLAGS += -DTV_OCR_ABI='"$(OCR_ABI)"'

all: $(B)/tvatt-ocr.so
