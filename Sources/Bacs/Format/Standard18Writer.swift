import Entitlements

/// Writes a `Standard18File` as the bytes a bank receives (DOMAIN.md 5): VOL1, HDR1, HDR2,
/// UHL1, the credits, the contra, EOF1, EOF2, UTL1; 80-character labels and 100-character
/// data records, each followed by CRLF; 7-bit ASCII; never trimmed.
public enum Standard18Writer {
    static let crlf: [UInt8] = [13, 10]

    /// The size in bytes of a file of `creditCount` credits.
    public static func size(creditCount: Int) -> Int {
        7 * (RecordLayout.labelWidth + 2) + (creditCount + 1) * (RecordLayout.dataWidth + 2)
    }

    /// The bytes of a file.
    public static func encode(_ file: Standard18File) -> [UInt8] {
        encode(header: file.header, creditCount: file.credits.count, total: file.total) { lines in
            for credit in file.credits {
                lines.append(sortCode: credit.sortCode, accountNumber: credit.accountNumber, amount: credit.amount,
                             serviceUserName: credit.serviceUserName, reference: .text(credit.reference),
                             accountName: credit.accountName)
            }
        }
    }

    /// The one encoder: labels from `header`, then the credits `writeCredits` appends (exactly
    /// `creditCount` of them, totalling `total`), then the contra and trailer labels. The
    /// header must have been validated for this count and total.
    static func encode(header: Standard18Header, creditCount: Int, total: Pence, writeCredits: (inout CreditLines) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size(creditCount: creditCount))
        let creation = BacsDate.format(header.creationDate)

        var vol1 = Record(.vol1)
        vol1.set("serial", header.serial.value)
        vol1.set("sun", header.sun.value)
        vol1.append(to: &out)

        out += headerLabel1(header, creation: creation, prefix: "HDR")
        out += Record(.hdr2).bytes + crlf

        var uhl1 = Record(.uhl1)
        uhl1.set("processing day", BacsDate.format(header.processingDay))
        uhl1.append(to: &out)

        var lines = CreditLines(header: header, out: out)
        out = []
        writeCredits(&lines)
        precondition(lines.count == creditCount && lines.total == total,
                     "credits written (\(lines.count), \(lines.total.value)) are not the file's (\(creditCount), \(total.value))")
        out = lines.finish()

        var contra = Record(.contra)
        contra.set("destination sort code", header.originatingSortCode.value)
        contra.set("destination account", header.originatingAccount.value)
        contra.set("originating sort code", header.originatingSortCode.value)
        contra.set("originating account", header.originatingAccount.value)
        contra.set(RecordLayout.contra.field("amount"), number: UInt64(total.value))
        contra.set("narrative", header.contraNarrative)
        contra.set("contra account name", header.contraAccountName)
        contra.append(to: &out)

        out += headerLabel1(header, creation: creation, prefix: "EOF")
        out += Record(.eof2).bytes + crlf

        var utl1 = Record(.utl1)
        utl1.set(RecordLayout.utl1.field("debit total"), number: UInt64(total.value))
        utl1.set(RecordLayout.utl1.field("credit total"), number: UInt64(total.value))
        utl1.set(RecordLayout.utl1.field("debit count"), number: 1)
        utl1.set(RecordLayout.utl1.field("credit count"), number: UInt64(creditCount))
        utl1.append(to: &out)

        precondition(out.count == size(creditCount: creditCount), "Standard 18 writer produced \(out.count) bytes")
        return out
    }

    /// HDR1 and EOF1 differ only in their label.
    private static func headerLabel1(_ header: Standard18Header, creation: String, prefix: String) -> [UInt8] {
        var record = Record(prefix == "HDR" ? .hdr1 : .eof1)
        record.set("sun", header.sun.value)
        record.set("sun (file)", header.sun.value)
        record.set("serial", header.serial.value)
        record.set("creation date", creation)
        record.set("expiry date", creation)
        return record.bytes + crlf
    }
}

/// The payment reference of a credit: given whole, or as its parts (NINO, service user name,
/// benefit code, separated by spaces), which the writer places without building a string.
enum ReferenceText {
    case text(String)
    case parts(NINO, String, Benefit)
}

/// Appends credit records to a file being written. One template carries the constant and
/// per-file fields; each credit overwrites only its own fields (2.5 million a day pass here).
struct CreditLines {
    private var record: Record
    private var out: [UInt8]
    private(set) var count = 0
    private(set) var total = Pence.zero

    private let sortCode = Slot(RecordLayout.credit.field("destination sort code"))
    private let account = Slot(RecordLayout.credit.field("destination account"))
    private let amount = Slot(RecordLayout.credit.field("amount"))
    private let serviceUserName = Slot(RecordLayout.credit.field("service user name"))
    private let reference = Slot(RecordLayout.credit.field("reference"))
    private let accountName = Slot(RecordLayout.credit.field("account name"))

    init(header: Standard18Header, out: [UInt8]) {
        record = Record(.credit)
        record.set("originating sort code", header.originatingSortCode.value)
        record.set("originating account", header.originatingAccount.value)
        self.out = out
    }

    mutating func append(sortCode: SortCode, accountNumber: AccountNumber, amount: Pence,
                         serviceUserName: String, reference: ReferenceText, accountName: String) {
        precondition(amount > .zero, "a credit is more than zero pence")
        record.set(self.sortCode, sortCode.value)
        record.set(self.account, accountNumber.value)
        record.set(self.amount, number: UInt64(amount.value))
        record.set(self.serviceUserName, serviceUserName)
        switch reference {
        case .text(let text):
            record.set(self.reference, text)
        case .parts(let nino, let name, let benefit):
            record.set(self.reference, joining: nino.value, name, benefit.code)
        }
        record.set(self.accountName, accountName)
        record.append(to: &out)
        count += 1
        total += amount
    }

    consuming func finish() -> [UInt8] { out }
}

/// Where a field sits in a record, as zero-based offsets: trivially copyable, so the hot
/// loop does not retain a `Field`'s strings for every credit.
struct Slot {
    let start: Int
    let end: Int
    init(_ field: Field) {
        start = field.start - 1
        end = field.end
    }
}

/// One record being filled in: starts from its layout's template (literals and spaces).
struct Record {
    let layout: RecordLayout
    private(set) var bytes: [UInt8]

    init(_ layout: RecordLayout) {
        self.layout = layout
        bytes = layout.template
    }

    mutating func set(_ name: String, _ text: String) { set(Slot(layout.field(name)), text) }

    /// Left-justified, space-filled text; it must already fit (values are validated upstream).
    mutating func set(_ slot: Slot, _ text: String) {
        var offset = slot.start
        place(text, before: slot.end, at: &offset, separated: false)
        pad(from: offset, to: slot.end)
    }

    /// Three texts joined by single spaces, left-justified and space-filled.
    mutating func set(_ slot: Slot, joining first: String, _ second: String, _ third: String) {
        var offset = slot.start
        place(first, before: slot.end, at: &offset, separated: true)
        place(second, before: slot.end, at: &offset, separated: true)
        place(third, before: slot.end, at: &offset, separated: false)
        pad(from: offset, to: slot.end)
    }

    /// Right-justified, zero-filled digits; the number must fit.
    mutating func set(_ slot: Slot, number: UInt64) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            var value = number
            var index = slot.end - 1
            while index >= slot.start {
                buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                index -= 1
            }
            precondition(value == 0, "positions \(slot.start + 1)–\(slot.end) cannot hold \(number)")
        }
    }

    mutating func set(_ field: Field, number: UInt64) { set(Slot(field), number: number) }

    /// Copies `text` at `offset`, then a space when `separated`; advances `offset`.
    private mutating func place(_ text: String, before end: Int, at offset: inout Int, separated: Bool) {
        var text = text
        let start = offset
        let separator = separated ? 1 : 0
        let count: Int = text.withUTF8 { utf8 in
            precondition(start + utf8.count + separator <= end && utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
                         "positions \(start + 1)–\(end) cannot hold \"\(String(decoding: utf8, as: UTF8.self))\"")
            bytes.withUnsafeMutableBufferPointer { buffer in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + utf8.count)]).initialize(from: utf8)
            }
            return utf8.count
        }
        offset += count
        if separated {
            bytes[offset] = UInt8(ascii: " ")
            offset += 1
        }
    }

    private mutating func pad(from start: Int, to end: Int) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            for index in start..<end { buffer[index] = UInt8(ascii: " ") }
        }
    }

    func append(to out: inout [UInt8]) {
        out.append(contentsOf: bytes)
        out.append(13)
        out.append(10)
    }
}
