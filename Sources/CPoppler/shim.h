// poppler's GLib API, for reading the text of attached PDFs.
//
// The functions Swift calls are plain C; what is here names the few macros and frees that Swift
// cannot reach by name, as CGMime's shim.h does for GMime.
#ifndef CPOPPLER_SHIM_H
#define CPOPPLER_SHIM_H

#include <poppler.h>

/// The GError domain of poppler's own errors (POPPLER_ERROR_ENCRYPTED, POPPLER_ERROR_DAMAGED, …).
static inline GQuark cpoppler_error_domain(void) { return POPPLER_ERROR; }

/// Drops one reference to a PopplerDocument or PopplerPage.
static inline void cpoppler_object_unref(gpointer object) { g_object_unref(object); }

/// Frees memory poppler handed over (page text, the array of character boxes).
static inline void cpoppler_free(gpointer memory) { g_free(memory); }

#endif
