// libcurl through dlopen: see ccurl.h for why.

#include "ccurl.h"

#include <pthread.h>

#include "cdynamiclibrary.h"

/// The functions Samråd calls, looked up once.
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode initialization = CURLE_FAILED_INIT;
static char load_error[512];
static int loaded;

static void load(void) {
    const CDynamicSymbol symbols[] = {
        {"curl_global_init", &api.global_init},
        {"curl_easy_init", &api.easy_init},
        {"curl_easy_cleanup", &api.easy_cleanup},
        {"curl_easy_perform", &api.easy_perform},
        {"curl_easy_setopt", &api.easy_setopt},
        {"curl_easy_getinfo", &api.easy_getinfo},
        {"curl_easy_strerror", &api.easy_strerror},
        {"curl_slist_append", &api.slist_append},
        {"curl_slist_free_all", &api.slist_free_all},
    };
    if (!cdynamic_open("libcurl.so.4", symbols, sizeof symbols / sizeof symbols[0], load_error, sizeof load_error)) return;
    loaded = 1;
    initialization = api.global_init(CURL_GLOBAL_DEFAULT);
}

CURLcode ccurl_global_init(void) {
    pthread_once(&once, load);
    return initialization;
}

const char *ccurl_load_error(void) {
    pthread_once(&once, load);
    return loaded ? NULL : load_error;
}

CURL *ccurl_easy_init(void) { return api.easy_init(); }

void ccurl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }

CURLcode ccurl_easy_perform(CURL *handle) { return api.easy_perform(handle); }

const char *ccurl_easy_strerror(CURLcode code) {
    pthread_once(&once, load);
    return loaded ? api.easy_strerror(code) : "libcurl is not loaded";
}

struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string) {
    return api.slist_append(list, string);
}

void ccurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return api.easy_setopt(handle, option, list);
}

CURLcode ccurl_setopt_read_callback(CURL *handle, curl_read_callback callback) {
    return api.easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

CURLcode ccurl_setopt_header_callback(CURL *handle, curl_write_callback callback) {
    return api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode ccurl_setopt_write_callback(CURL *handle, curl_write_callback callback) {
    return api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.easy_getinfo(handle, info, value);
}

CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return api.easy_getinfo(handle, info, value);
}
