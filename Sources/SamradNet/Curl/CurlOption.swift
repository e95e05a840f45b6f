import CCurl

/// A libcurl option together with the Swift type its value has and its name for error messages.
///
/// The value type picks the typed shim (`ccurl_setopt_long`, `ccurl_setopt_string`, …), so an option
/// can only be set with a value of the kind libcurl expects. The options SMTP and IMAP set are the
/// static members below; the `CURLoption` itself stays inside this module.
package struct CurlOption<Value> {
    /// The `CURLOPT_…` name.
    package let name: String
    /// The option.
    let option: CURLoption

    init(_ name: String, _ option: CURLoption) {
        self.name = name
        self.option = option
    }
}

extension CurlOption where Value == Bool {
    package static var upload: Self { .init("CURLOPT_UPLOAD", CURLOPT_UPLOAD) }
    package static var noSignal: Self { .init("CURLOPT_NOSIGNAL", CURLOPT_NOSIGNAL) }
    package static var crlf: Self { .init("CURLOPT_CRLF", CURLOPT_CRLF) }
    package static var verifyPeer: Self { .init("CURLOPT_SSL_VERIFYPEER", CURLOPT_SSL_VERIFYPEER) }
    package static var tcpKeepAlive: Self { .init("CURLOPT_TCP_KEEPALIVE", CURLOPT_TCP_KEEPALIVE) }
}

extension CurlOption where Value == Int {
    package static var useSSL: Self { .init("CURLOPT_USE_SSL", CURLOPT_USE_SSL) }
    package static var verifyHost: Self { .init("CURLOPT_SSL_VERIFYHOST", CURLOPT_SSL_VERIFYHOST) }
    package static var sslVersion: Self { .init("CURLOPT_SSLVERSION", CURLOPT_SSLVERSION) }
    package static var connectTimeoutMilliseconds: Self { .init("CURLOPT_CONNECTTIMEOUT_MS", CURLOPT_CONNECTTIMEOUT_MS) }
    package static var serverResponseTimeout: Self { .init("CURLOPT_SERVER_RESPONSE_TIMEOUT", CURLOPT_SERVER_RESPONSE_TIMEOUT) }
    package static var timeoutMilliseconds: Self { .init("CURLOPT_TIMEOUT_MS", CURLOPT_TIMEOUT_MS) }
    package static var lowSpeedLimit: Self { .init("CURLOPT_LOW_SPEED_LIMIT", CURLOPT_LOW_SPEED_LIMIT) }
    package static var lowSpeedTime: Self { .init("CURLOPT_LOW_SPEED_TIME", CURLOPT_LOW_SPEED_TIME) }
    package static var uploadBufferSize: Self { .init("CURLOPT_UPLOAD_BUFFERSIZE", CURLOPT_UPLOAD_BUFFERSIZE) }
}

extension CurlOption where Value == Int64 {
    static var inFileSizeLarge: Self { .init("CURLOPT_INFILESIZE_LARGE", CURLOPT_INFILESIZE_LARGE) }
}

extension CurlOption where Value == String {
    package static var url: Self { .init("CURLOPT_URL", CURLOPT_URL) }
    package static var protocols: Self { .init("CURLOPT_PROTOCOLS_STR", CURLOPT_PROTOCOLS_STR) }
    package static var caInfo: Self { .init("CURLOPT_CAINFO", CURLOPT_CAINFO) }
    package static var username: Self { .init("CURLOPT_USERNAME", CURLOPT_USERNAME) }
    package static var password: Self { .init("CURLOPT_PASSWORD", CURLOPT_PASSWORD) }
    package static var loginOptions: Self { .init("CURLOPT_LOGIN_OPTIONS", CURLOPT_LOGIN_OPTIONS) }
    static var mailFrom: Self { .init("CURLOPT_MAIL_FROM", CURLOPT_MAIL_FROM) }
    package static var customRequest: Self { .init("CURLOPT_CUSTOMREQUEST", CURLOPT_CUSTOMREQUEST) }
}
