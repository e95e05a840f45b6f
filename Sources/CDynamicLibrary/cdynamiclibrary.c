#include "cdynamiclibrary.h"

#include <dlfcn.h>
#include <stdio.h>

int cdynamic_open(const char *library, const CDynamicSymbol *symbols, size_t count, char *error, size_t error_size) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, error_size, "%s", reason != NULL ? reason : "the library could not be opened");
        return 0;
    }
    for (size_t index = 0; index < count; index++) {
        void *found = dlsym(handle, symbols[index].name);
        if (found == NULL) {
            snprintf(error, error_size, "%s has no %s", library, symbols[index].name);
            return 0;
        }
        *(void **)symbols[index].slot = found;
    }
    return 1;
}
