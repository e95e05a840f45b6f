// poppler's GLib API through dlopen: see cpoppler.h for why.
//
// The structs below are poppler's and GLib's public ones (poppler-page.h, gerror.h, glist.h), declared here so
// that no poppler header is needed to build: their layout is part of those libraries' stable ABI.

#include "cpoppler.h"

#include "cdynamiclibrary.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t domain;
    int code;
    char *message;
} GError;

typedef struct GList {
    void *data;
    struct GList *next;
    struct GList *prev;
} GList;

typedef struct {
    uint16_t red, green, blue;
} PopplerColor;

typedef struct {
    char *font_name;
    double font_size;
    int is_underlined;
    PopplerColor color;
    int start_index;
    int end_index;
} PopplerTextAttributes;

/// POPPLER_ERROR_ENCRYPTED in poppler's PopplerError.
enum { poppler_error_encrypted = 1 };

typedef struct GBytes GBytes;

static struct {
    GBytes *(*bytes_new)(const void *data, size_t size);
    void (*bytes_unref)(GBytes *bytes);
    void (*error_free)(GError *error);
    void (*free)(void *memory);
    void (*object_unref)(void *object);
    uint32_t (*error_quark)(void);
    CPopplerDocument *(*document_new_from_bytes)(GBytes *bytes, const char *password, GError **error);
    int (*document_get_n_pages)(CPopplerDocument *document);
    CPopplerPage *(*document_get_page)(CPopplerDocument *document, int index);
    char *(*page_get_text)(CPopplerPage *page);
    int (*page_get_text_layout)(CPopplerPage *page, CPopplerRectangle **rectangles, unsigned int *count);
    GList *(*page_get_text_attributes)(CPopplerPage *page);
    void (*page_free_text_attributes)(GList *list);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

/// A one-page empty PDF, opened once and never closed. poppler builds its global parameters (font and encoding
/// tables, about 4 million instructions) when the first document opens and throws them away when the last one
/// closes; an import reads its PDFs one after another, so without a document that stays open every PDF paid for
/// them again — a tenth of an import of replies with PDFs attached.
static const char keep_alive_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >> endobj\n"
    "xref\n"
    "0 4\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000058 00000 n \n"
    "0000000115 00000 n \n"
    "trailer << /Size 4 /Root 1 0 R >>\n"
    "startxref\n"
    "184\n"
    "%%EOF\n";
static CPopplerDocument *keep_alive;

static void load(void) {
    // A name is looked up in libpoppler-glib and the libraries it loaded (GLib's functions too).
    const CDynamicSymbol symbols[] = {
        {"g_bytes_new", &api.bytes_new},
        {"g_bytes_unref", &api.bytes_unref},
        {"g_error_free", &api.error_free},
        {"g_free", &api.free},
        {"g_object_unref", &api.object_unref},
        {"poppler_error_quark", &api.error_quark},
        {"poppler_document_new_from_bytes", &api.document_new_from_bytes},
        {"poppler_document_get_n_pages", &api.document_get_n_pages},
        {"poppler_document_get_page", &api.document_get_page},
        {"poppler_page_get_text", &api.page_get_text},
        {"poppler_page_get_text_layout", &api.page_get_text_layout},
        {"poppler_page_get_text_attributes", &api.page_get_text_attributes},
        {"poppler_page_free_text_attributes", &api.page_free_text_attributes},
    };
    if (!cdynamic_open("libpoppler-glib.so.8", symbols, sizeof symbols / sizeof symbols[0], load_error, sizeof load_error)) {
        return;
    }
    loaded = 1;
    GBytes *bytes = api.bytes_new(keep_alive_pdf, sizeof keep_alive_pdf - 1);
    GError *error = NULL;
    keep_alive = api.document_new_from_bytes(bytes, NULL, &error);
    api.bytes_unref(bytes);
    if (error != NULL) api.error_free(error);
}

const char *cpoppler_load_error(void) {
    pthread_once(&once, load);
    return loaded ? NULL : load_error;
}

int cpoppler_keeps_parameters(void) { return cpoppler_load_error() == NULL && keep_alive != NULL; }

CPopplerDocument *cpoppler_document_open(const void *bytes, size_t count, int *encrypted, char **message) {
    *encrypted = 0;
    *message = NULL;
    if (cpoppler_load_error() != NULL) return NULL;
    GBytes *data = api.bytes_new(bytes, count);
    GError *error = NULL;
    CPopplerDocument *document = api.document_new_from_bytes(data, NULL, &error);
    api.bytes_unref(data);
    if (error != NULL) {
        if (document == NULL) {
            *encrypted = error->domain == api.error_quark() && error->code == poppler_error_encrypted;
            if (error->message != NULL) *message = strdup(error->message);
        }
        api.error_free(error);
    }
    return document;
}

void cpoppler_document_close(CPopplerDocument *document) { api.object_unref(document); }

int cpoppler_document_page_count(CPopplerDocument *document) { return api.document_get_n_pages(document); }

CPopplerPage *cpoppler_document_page(CPopplerDocument *document, int index) {
    return api.document_get_page(document, index);
}

void cpoppler_page_close(CPopplerPage *page) { api.object_unref(page); }

char *cpoppler_page_text(CPopplerPage *page) { return api.page_get_text(page); }

int cpoppler_page_text_layout(CPopplerPage *page, CPopplerRectangle **boxes, unsigned int *count) {
    return api.page_get_text_layout(page, boxes, count);
}

size_t cpoppler_page_font_runs(CPopplerPage *page, CPopplerFontRun **runs) {
    *runs = NULL;
    GList *list = api.page_get_text_attributes(page);
    if (list == NULL) return 0;
    size_t count = 0;
    for (GList *node = list; node != NULL; node = node->next) count++;
    CPopplerFontRun *array = calloc(count, sizeof *array);
    size_t filled = 0;
    if (array != NULL) {
        for (GList *node = list; node != NULL; node = node->next) {
            const PopplerTextAttributes *attributes = node->data;
            if (attributes == NULL) continue;
            array[filled].start = attributes->start_index;
            array[filled].end = attributes->end_index;
            array[filled].size = attributes->font_size;
            array[filled].font_name = attributes->font_name != NULL ? strdup(attributes->font_name) : NULL;
            filled++;
        }
    }
    api.page_free_text_attributes(list);
    *runs = array;
    return filled;
}

void cpoppler_font_runs_free(CPopplerFontRun *runs, size_t count) {
    if (runs == NULL) return;
    for (size_t index = 0; index < count; index++) free(runs[index].font_name);
    free(runs);
}

void cpoppler_free(void *memory) { api.free(memory); }

void cpoppler_free_message(char *message) { free(message); }
