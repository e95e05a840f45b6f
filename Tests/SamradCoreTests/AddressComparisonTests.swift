import SamradCore
import Testing

/// Two addresses are equal exactly when their normalized forms are, and a body is known by an
/// address exactly when its list of addresses has one of that form.
@Suite("Address comparison")
struct AddressComparisonTests {
    static let texts = [
        "anna@kommun.example", "Anna@kommun.example", "anna@KOMMUN.example", "anna@kommun.example.", "\"anna\"@kommun.example",
        "\"an@na\"@kommun.example", "an@na@kommun.example", "anna@kommün.example", "anna@xn--kommn-kva.example", "ånna@kommun.example",
        "a\u{030A}nna@kommun.example", "\u{00E5}nna@kommun.example", "anna+svar@kommun.example", "anna@bostader.kommun.example",
        "nils.bergqvist@bostader.kommun.example", "NILS.bergqvist@Bostader.Kommun.Example",
    ]

    static var addresses: [EmailAddress] { texts.compactMap { try? EmailAddress($0) } }

    @Test func addressesAreEqualWhenTheirNormalizedFormsAre() {
        let addresses = Self.addresses
        #expect(addresses.count >= 10)
        for first in addresses {
            for second in addresses {
                #expect((first == second) == (first.normalized == second.normalized), "\(first) / \(second)")
            }
        }
    }

    @Test func aBodyIsKnownByTheAddressesItsListHas() {
        let addresses = Self.addresses
        for index in addresses.indices {
            let body = Body(
                id: "b\(index)", name: "Nämnd \(index)", kind: .board, mailbox: index % 3 == 0 ? nil : addresses[index],
                contacts: addresses.indices.filter { $0 % 4 == index % 4 && $0 != index }.map {
                    Contact(name: "Kontakt", role: .secretary, email: addresses[$0])
                })
            for address in addresses {
                #expect(
                    body.isKnown(by: address) == body.addresses.contains { $0.normalized == address.normalized }, "\(body.id) \(address)")
            }
        }
    }
}
