#ifndef SAMRAD_CCURL_SHIM_H
#define SAMRAD_CCURL_SHIM_H

// Typed wrappers over libcurl's variadic calls, which Swift cannot import.
// Each wrapper fixes the type of the third argument, so a call from Swift is checked by the compiler;
// libcurl itself checks that the option takes that type (CURLOPTTYPE_*) only in debug builds.

#include <curl/curl.h>

/// curl_global_init(CURL_GLOBAL_DEFAULT): the flags are macros Swift cannot import.
static inline CURLcode ccurl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/// curl_easy_setopt for options that take a long (CURLOPTTYPE_LONG, CURLOPTTYPE_VALUES).
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a C string, which libcurl copies (CURLOPTTYPE_STRINGPOINT).
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a pointer libcurl keeps without copying
/// (CURLOPTTYPE_CBPOINT, CURLOPTTYPE_OBJECTPOINT such as CURLOPT_ERRORBUFFER).
static inline CURLcode ccurl_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a curl_off_t (CURLOPTTYPE_OFF_T).
static inline CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt for options that take a list libcurl keeps without copying (CURLOPTTYPE_SLISTPOINT).
static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

/// curl_easy_setopt(CURLOPT_READFUNCTION).
static inline CURLcode ccurl_setopt_read_callback(CURL *handle, curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/// curl_easy_setopt(CURLOPT_HEADERFUNCTION): the callback has the shape of a write callback.
static inline CURLcode ccurl_setopt_header_callback(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

/// curl_easy_setopt(CURLOPT_WRITEFUNCTION): where libcurl delivers the body (an IMAP FETCH's message,
/// the untagged responses to a custom request).
static inline CURLcode ccurl_setopt_write_callback(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/// curl_easy_getinfo for values returned as a long (CURLINFO_LONG).
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// curl_easy_getinfo for values returned as a curl_off_t (CURLINFO_OFF_T).
static inline CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
