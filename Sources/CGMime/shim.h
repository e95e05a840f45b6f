// Typed wrappers over the GMime 3 macros and casts that Swift cannot call.
//
// GObject's type checks (GMIME_IS_MULTIPART, …) and casts (GMIME_MULTIPART, …) are macros;
// Swift imports none of them, so each one the reader needs has a `static inline` function here,
// as GRDB's shim.h does for SQLite. Nothing in this header allocates except where it says so.
#ifndef CGMIME_SHIM_H
#define CGMIME_SHIM_H

#include <gmime/gmime.h>

// MARK: - Type checks

static inline gboolean cgmime_is_multipart(GMimeObject *object) { return GMIME_IS_MULTIPART(object); }
static inline gboolean cgmime_is_message_part(GMimeObject *object) { return GMIME_IS_MESSAGE_PART(object); }
static inline gboolean cgmime_is_message_partial(GMimeObject *object) { return GMIME_IS_MESSAGE_PARTIAL(object); }
static inline gboolean cgmime_is_part(GMimeObject *object) { return GMIME_IS_PART(object); }
static inline gboolean cgmime_is_text_part(GMimeObject *object) { return GMIME_IS_TEXT_PART(object); }
static inline gboolean cgmime_is_mailbox(InternetAddress *address) { return INTERNET_ADDRESS_IS_MAILBOX(address); }
static inline gboolean cgmime_is_group(InternetAddress *address) { return INTERNET_ADDRESS_IS_GROUP(address); }

// MARK: - Casts (checked by GObject; callers test the type first)

static inline GMimeObject *cgmime_message_as_object(GMimeMessage *message) { return GMIME_OBJECT(message); }
static inline GMimeMultipart *cgmime_as_multipart(GMimeObject *object) { return GMIME_MULTIPART(object); }
static inline GMimePart *cgmime_as_part(GMimeObject *object) { return GMIME_PART(object); }
static inline GMimeMessagePart *cgmime_as_message_part(GMimeObject *object) { return GMIME_MESSAGE_PART(object); }
static inline GMimeMessagePartial *cgmime_as_message_partial(GMimeObject *object) { return GMIME_MESSAGE_PARTIAL(object); }
static inline InternetAddressMailbox *cgmime_as_mailbox(InternetAddress *address) { return INTERNET_ADDRESS_MAILBOX(address); }
static inline InternetAddressGroup *cgmime_as_group(InternetAddress *address) { return INTERNET_ADDRESS_GROUP(address); }

// MARK: - Reference counting

static inline gpointer cgmime_object_ref(gpointer object) { return g_object_ref(object); }
static inline void cgmime_object_unref(gpointer object) { g_object_unref(object); }
static inline void cgmime_free(gpointer memory) { g_free(memory); }

// MARK: - Streams

/// The bytes a memory stream holds; owned by the stream.
static inline GByteArray *cgmime_stream_mem_bytes(GMimeStream *stream) {
    return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
}

// MARK: - Parser results

/// Whether the parser met this multipart's closing boundary ("--boundary--").
///
/// GMime 3.2 records it in the multipart's `write_end_boundary` field (it uses it to write the
/// message back as it came); there is no accessor, so the field is read here, in one place.
static inline gboolean cgmime_multipart_has_closing_boundary(GMimeMultipart *multipart) {
    return multipart->write_end_boundary;
}

// MARK: - Checksums

/// The SHA-256 of `length` bytes as 64 lower-case hex digits; newly allocated, free with cgmime_free.
static inline gchar *cgmime_sha256_hex(const guchar *data, gsize length) {
    static const guchar empty[1] = { 0 };
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, data != NULL ? data : empty, length);
}

#endif
