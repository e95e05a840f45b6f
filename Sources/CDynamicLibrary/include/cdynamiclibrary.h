#ifndef SAMRAD_CDYNAMICLIBRARY_H
#define SAMRAD_CDYNAMICLIBRARY_H

// Opening a C library with dlopen and looking up the functions Samråd calls in it: what CCurl and CPoppler share.

#include <stddef.h>

/// A function to look up: its name, and where to put its address.
typedef struct {
    const char *name;
    void *slot;
} CDynamicSymbol;

/// Opens `library` (RTLD_NOW | RTLD_LOCAL) and stores the address of every symbol in its slot. 1 when all were found;
/// 0 with `error` holding why not ("libcurl.so.4: cannot open shared object file: …", "libcurl.so.4 has no curl_easy_init").
int cdynamic_open(const char *library, const CDynamicSymbol *symbols, size_t count, char *error, size_t error_size);

#endif
