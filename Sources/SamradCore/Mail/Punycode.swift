/// Punycode (RFC 3492): the Bootstring encoding that carries a Unicode domain label in ASCII.
///
/// `Punycode.encode("münchen")` is `"mnchen-3ya"`; a domain name writes it as the A-label
/// `xn--mnchen-3ya`. This type does the raw transformation only: lower-casing, normalisation
/// and the `xn--` prefix belong to the caller (see ``EmailAddress/asciiDomain``).
public enum Punycode {
    // The Bootstring parameters Punycode fixes (RFC 3492 §5).
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 0x80
    private static let delimiter: Unicode.Scalar = "-"
    /// Every intermediate value must fit in 32 bits, as in the RFC's reference implementation.
    private static let maxValue = Int(UInt32.max)

    /// Encodes the code points of `input`; basic (ASCII) code points are copied, case kept. Returns nil on overflow.
    public static func encode(_ input: String) -> String? {
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output = String.UnicodeScalarView()
        for value in scalars where value < initialN {
            output.append(Unicode.Scalar(UInt8(value)))
        }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(delimiter) }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < scalars.count {
            // The smallest code point not yet handled; one exists because handled < count.
            guard let next = scalars.filter({ $0 >= n }).min() else { return nil }
            let (step, overflow) = (next - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, delta + step <= maxValue else { return nil }
            delta += step
            n = next
            for value in scalars {
                if value < n {
                    delta += 1
                    guard delta <= maxValue else { return nil }
                }
                if value == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias: bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, count: handled + 1, first: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    /// Decodes Punycode text (without `xn--`) back to Unicode; nil when it is not valid Punycode.
    public static func decode(_ input: String) -> String? {
        let scalars = Array(input.unicodeScalars)
        guard scalars.allSatisfy(\.isASCII) else { return nil }
        // Everything before the last delimiter is basic code points, copied as they are.
        let lastDelimiter = scalars.lastIndex(of: delimiter)
        var output: [Unicode.Scalar] = lastDelimiter.map { Array(scalars[..<$0]) } ?? []
        var position = lastDelimiter.map { $0 > 0 ? $0 + 1 : 0 } ?? 0

        var n = initialN
        var i = 0
        var bias = initialBias
        while position < scalars.count {
            let oldI = i
            var weight = 1
            var k = base
            while true {
                guard position < scalars.count, let value = digitValue(scalars[position]) else { return nil }
                position += 1
                let (step, overflow) = value.multipliedReportingOverflow(by: weight)
                guard !overflow, i + step <= maxValue else { return nil }
                i += step
                let t = threshold(k, bias: bias)
                if value < t { break }
                let (nextWeight, weightOverflow) = weight.multipliedReportingOverflow(by: base - t)
                guard !weightOverflow, nextWeight <= maxValue else { return nil }
                weight = nextWeight
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count: count, first: oldI == 0)
            n += i / count
            i %= count
            guard n <= maxValue, n >= initialN, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: output)
        return String(view)
    }

    private static func threshold(_ k: Int, bias: Int) -> Int {
        if k <= bias { return tMin }
        if k >= bias + tMax { return tMax }
        return k - bias
    }

    /// The bias adaptation function of RFC 3492 §6.1.
    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// 0–25 → "a"–"z", 26–35 → "0"–"9" (lower case, as IDNA writes A-labels).
    private static func digit(_ value: Int) -> Unicode.Scalar {
        let ascii = value < 26 ? 0x61 + value : 0x30 + value - 26
        return Unicode.Scalar(UInt8(ascii))
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "a"..."z": Int(scalar.value - 0x61)
        case "A"..."Z": Int(scalar.value - 0x41)
        case "0"..."9": Int(scalar.value - 0x30) + 26
        default: nil
        }
    }
}
