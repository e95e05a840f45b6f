#ifndef SAMRAD_CCURL_H
#define SAMRAD_CCURL_H

// libcurl, opened the first time a command talks to a server, and typed wrappers over its variadic calls,
// which Swift cannot import.
//
// The program is not linked against libcurl: the library and the thirty it loads (TLS, Kerberos, LDAP, SSH,
// HTTP/2, IDN) cost every start some milliseconds to map and relocate, and most runs (status, report, a cron
// `remind` with nothing due) never send or fetch. `ccurl_global_init` opens libcurl.so.4 with dlopen once per
// process and runs curl_global_init; every other function here calls through what it looked up, so it must
// have returned CURLE_OK first (CurlEasy's initializer sees to that).
//
// Each setopt wrapper fixes the type of the third argument, so a call from Swift is checked by the compiler;
// libcurl itself checks that the option takes that type (CURLOPTTYPE_*) only in debug builds.

#include <curl/curl.h>

/// Opens libcurl.so.4 and runs curl_global_init(CURL_GLOBAL_DEFAULT), once for the process; later calls
/// return the first call's result. CURLE_FAILED_INIT with `ccurl_load_error()` set when the library could not
/// be opened or lacks a function.
CURLcode ccurl_global_init(void);

/// Why libcurl could not be opened ("libcurl.so.4: cannot open shared object file: …"), or NULL.
const char *ccurl_load_error(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
/// curl_easy_strerror; a fixed text when libcurl is not loaded.
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string);
void ccurl_slist_free_all(struct curl_slist *list);

/// curl_easy_setopt for options that take a long (CURLOPTTYPE_LONG, CURLOPTTYPE_VALUES).
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
/// curl_easy_setopt for options that take a C string, which libcurl copies (CURLOPTTYPE_STRINGPOINT).
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// curl_easy_setopt for options that take a pointer libcurl keeps without copying
/// (CURLOPTTYPE_CBPOINT, CURLOPTTYPE_OBJECTPOINT such as CURLOPT_ERRORBUFFER).
CURLcode ccurl_setopt_ptr(CURL *handle, CURLoption option, void *value);
/// curl_easy_setopt for options that take a curl_off_t (CURLOPTTYPE_OFF_T).
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// curl_easy_setopt for options that take a list libcurl keeps without copying (CURLOPTTYPE_SLISTPOINT).
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
/// curl_easy_setopt(CURLOPT_READFUNCTION).
CURLcode ccurl_setopt_read_callback(CURL *handle, curl_read_callback callback);
/// curl_easy_setopt(CURLOPT_HEADERFUNCTION): the callback has the shape of a write callback.
CURLcode ccurl_setopt_header_callback(CURL *handle, curl_write_callback callback);
/// curl_easy_setopt(CURLOPT_WRITEFUNCTION): where libcurl delivers the body (an IMAP FETCH's message,
/// the untagged responses to a custom request).
CURLcode ccurl_setopt_write_callback(CURL *handle, curl_write_callback callback);
/// curl_easy_getinfo for values returned as a long (CURLINFO_LONG).
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// curl_easy_getinfo for values returned as a curl_off_t (CURLINFO_OFF_T).
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
