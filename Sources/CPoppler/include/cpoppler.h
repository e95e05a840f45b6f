#ifndef SAMRAD_CPOPPLER_H
#define SAMRAD_CPOPPLER_H

// poppler's GLib API, opened the first time an attached PDF is read, for the text of its pages.
//
// The program is not linked against poppler: libpoppler-glib and the thirty libraries it loads (cairo, fonts,
// images, X11) cost every start of every command some milliseconds to map and relocate, and most runs never
// read a PDF. The first call here opens libpoppler-glib.so.8 with dlopen, once for the process. No poppler or
// GLib type crosses this header: documents and pages are opaque, and what poppler hands over is copied into
// the plain structs below.

#include <stddef.h>

typedef struct CPopplerDocument CPopplerDocument;
typedef struct CPopplerPage CPopplerPage;

/// A character's box in points from the page's top left corner (poppler's PopplerRectangle).
typedef struct {
    double x1, y1, x2, y2;
} CPopplerRectangle;

/// A run of characters in one font: character indexes `start` to `end` inclusive.
typedef struct {
    int start;
    int end;
    double size;
    /// The font's name, owned by the array (NULL when poppler gave none).
    char *font_name;
} CPopplerFontRun;

/// Why libpoppler-glib could not be opened ("libpoppler-glib.so.8: cannot open shared object file: …"), or
/// NULL once it is loaded. Opens it on the first call.
const char *cpoppler_load_error(void);

/// 1 when poppler is loaded with a document kept open, so that its global parameters are built once per process
/// and not once per PDF.
int cpoppler_keeps_parameters(void);

/// Opens a PDF from bytes, which poppler copies. NULL when it cannot: `*encrypted` is 1 when the document
/// needs a password, and `*message` poppler's reason (free with cpoppler_free_message; may be NULL).
CPopplerDocument *cpoppler_document_open(const void *bytes, size_t count, int *encrypted, char **message);
void cpoppler_document_close(CPopplerDocument *document);
int cpoppler_document_page_count(CPopplerDocument *document);
/// The page at `index` from 0, or NULL.
CPopplerPage *cpoppler_document_page(CPopplerDocument *document, int index);
void cpoppler_page_close(CPopplerPage *page);

/// The page's text in UTF-8 (free with cpoppler_free), or NULL.
char *cpoppler_page_text(CPopplerPage *page);
/// One box per character of the text; 0 when poppler has none. Free `*boxes` with cpoppler_free.
int cpoppler_page_text_layout(CPopplerPage *page, CPopplerRectangle **boxes, unsigned int *count);
/// The page's font runs in poppler's order; free with cpoppler_font_runs_free.
size_t cpoppler_page_font_runs(CPopplerPage *page, CPopplerFontRun **runs);
void cpoppler_font_runs_free(CPopplerFontRun *runs, size_t count);

/// Frees memory poppler handed over (page text, the array of boxes).
void cpoppler_free(void *memory);
/// Frees an error message cpoppler_document_open handed over.
void cpoppler_free_message(char *message);

#endif
