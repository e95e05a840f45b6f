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

/// A memory stream over `length` bytes that it neither copies nor frees, so that a large message
/// is not held twice while it is parsed. The bytes must outlive the stream; `*wrapper` is the
/// array around them, released with cgmime_release_borrowed_bytes after the stream.
static inline GMimeStream *cgmime_stream_mem_borrowing(const void *bytes, guint length, GByteArray **wrapper) {
    static guint8 empty[1] = { 0 };
    GByteArray *array = g_byte_array_new_take(bytes != NULL ? (guint8 *)bytes : empty, length);
    GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(array);
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
    *wrapper = array;
    return stream;
}

/// Frees the array cgmime_stream_mem_borrowing made, and not the bytes it points to.
static inline void cgmime_release_borrowed_bytes(GByteArray *wrapper) {
    (void)g_byte_array_free(wrapper, FALSE);
}

/// The bytes a memory stream holds; owned by the stream.
static inline GByteArray *cgmime_stream_mem_bytes(GMimeStream *stream) {
    return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
}

/// A new stream that reads a part's content with its transfer encoding undone, as
/// g_mime_data_wrapper_write_to_stream writes it: a decoding filter over the content for base64,
/// quoted-printable and uuencode, else the content itself. The caller unrefs it.
static inline GMimeStream *cgmime_decoded_stream(GMimeDataWrapper *wrapper) {
    GMimeStream *source = g_mime_data_wrapper_get_stream(wrapper);
    if (source == NULL) return NULL;
    g_mime_stream_reset(source);
    switch (g_mime_data_wrapper_get_encoding(wrapper)) {
    case GMIME_CONTENT_ENCODING_BASE64:
    case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
    case GMIME_CONTENT_ENCODING_UUENCODE: {
        GMimeStream *filtered = g_mime_stream_filter_new(source);
        GMimeFilter *filter = g_mime_filter_basic_new(g_mime_data_wrapper_get_encoding(wrapper), FALSE);
        g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), filter);
        g_object_unref(filter);
        return filtered;
    }
    default:
        return g_object_ref(source);
    }
}

// MARK: - Parser results

/// Whether the parser met this multipart's closing boundary ("--boundary--").
///
/// GMime 3.2 records it in the multipart's `write_end_boundary` field (it uses it to write the
/// message back as it came); there is no accessor, so the field is read here, in one place.
static inline gboolean cgmime_multipart_has_closing_boundary(GMimeMultipart *multipart) {
    return multipart->write_end_boundary;
}

#endif
