import Foundation
import Hummingbird
import SamradApp
import SamradCore

/// Responses the routes share: HTML pages, redirects and errors.
enum Pages {
    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        html(ByteBuffer(string: text), status: status)
    }

    /// An HTML page already encoded.
    static func html(_ page: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: page))
    }

    /// A redirect to see another page (after a POST).
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A file to download: never shown inline, never sniffed.
    static func download(_ data: Data, filename: String, contentType: String) -> Response {
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        return Response(
            status: .ok,
            headers: [
                .contentType: contentType, .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The page for an HTTP error the router or a limit raised.
    static func error(status: HTTPResponse.Status) -> Response {
        let (title, text): (String, String) =
            switch status.code {
            case 404: ("Sidan finns inte", "Det finns ingen sida på den adressen.")
            case 413:
                (
                    "För stort",
                    "Det som skickades är för stort. En bifogad fil får vara högst \(PortalAnswers.documentLimit / 1024 / 1024) MB."
                )
            case 400: ("Felaktig begäran", "Det som skickades kunde inte läsas. Gå tillbaka och försök igen.")
            case 405: ("Fel metod", "Sidan kan inte användas så.")
            default: ("Något gick fel", "Sidan kunde inte visas. Försök igen om en stund.")
            }
        return html(BodyPages.message(title: title, text: text), status: status)
    }
}
