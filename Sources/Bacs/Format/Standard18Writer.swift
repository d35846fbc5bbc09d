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

    public static func encode(_ file: Standard18File) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size(creditCount: file.credits.count))
        let creation = BacsDate.format(file.creationDate)

        var vol1 = Record(.vol1)
        vol1.set("serial", file.serial.value)
        vol1.set("sun", file.sun.value)
        vol1.append(to: &out)

        let header1 = headerLabel1(file, creation: creation, prefix: "HDR")
        out += header1
        out += Record(.hdr2).bytes + crlf

        var uhl1 = Record(.uhl1)
        uhl1.set("processing day", BacsDate.format(file.processingDay))
        uhl1.append(to: &out)

        // Credits: one template with the constant and per-file fields, then only the
        // per-credit fields are overwritten (2.5 million records a day go through here).
        var credit = Record(.credit)
        credit.set("originating sort code", file.originatingSortCode.value)
        credit.set("originating account", file.originatingAccount.value)
        let sortCode = RecordLayout.credit.field("destination sort code")
        let account = RecordLayout.credit.field("destination account")
        let amount = RecordLayout.credit.field("amount")
        let serviceUserName = RecordLayout.credit.field("service user name")
        let reference = RecordLayout.credit.field("reference")
        let accountName = RecordLayout.credit.field("account name")
        for item in file.credits {
            credit.set(sortCode, item.sortCode.value)
            credit.set(account, item.accountNumber.value)
            credit.set(amount, number: UInt64(item.amount.value))
            credit.set(serviceUserName, item.serviceUserName)
            credit.set(reference, item.reference)
            credit.set(accountName, item.accountName)
            credit.append(to: &out)
        }

        var contra = Record(.contra)
        contra.set("destination sort code", file.originatingSortCode.value)
        contra.set("destination account", file.originatingAccount.value)
        contra.set("originating sort code", file.originatingSortCode.value)
        contra.set("originating account", file.originatingAccount.value)
        contra.set(RecordLayout.contra.field("amount"), number: UInt64(file.total.value))
        contra.set("narrative", file.contraNarrative)
        contra.set("contra account name", file.contraAccountName)
        contra.append(to: &out)

        out += headerLabel1(file, creation: creation, prefix: "EOF")
        out += Record(.eof2).bytes + crlf

        var utl1 = Record(.utl1)
        utl1.set(RecordLayout.utl1.field("debit total"), number: UInt64(file.total.value))
        utl1.set(RecordLayout.utl1.field("credit total"), number: UInt64(file.total.value))
        utl1.set(RecordLayout.utl1.field("debit count"), number: 1)
        utl1.set(RecordLayout.utl1.field("credit count"), number: UInt64(file.credits.count))
        utl1.append(to: &out)

        precondition(out.count == size(creditCount: file.credits.count), "Standard 18 writer produced \(out.count) bytes")
        return out
    }

    /// HDR1 and EOF1 differ only in their label.
    private static func headerLabel1(_ file: Standard18File, creation: String, prefix: String) -> [UInt8] {
        var record = Record(prefix == "HDR" ? .hdr1 : .eof1)
        record.set("sun", file.sun.value)
        record.set("sun (file)", file.sun.value)
        record.set("serial", file.serial.value)
        record.set("creation date", creation)
        record.set("expiry date", creation)
        return record.bytes + crlf
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

    mutating func set(_ name: String, _ text: String) { set(layout.field(name), text) }

    /// Left-justified, space-filled text; it must already fit (values are validated upstream).
    mutating func set(_ field: Field, _ text: String) {
        let utf8 = text.utf8
        precondition(utf8.count <= field.width && utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), "\(field) cannot hold \"\(text)\"")
        bytes.withUnsafeMutableBufferPointer { buffer in
            var index = field.start - 1
            for byte in utf8 { buffer[index] = byte; index += 1 }
            while index < field.end { buffer[index] = UInt8(ascii: " "); index += 1 }
        }
    }

    /// Right-justified, zero-filled digits; the number must fit.
    mutating func set(_ field: Field, number: UInt64) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            var value = number
            var index = field.end - 1
            while index >= field.start - 1 {
                buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                index -= 1
            }
            precondition(value == 0, "\(field) cannot hold \(number)")
        }
    }

    func append(to out: inout [UInt8]) {
        out += bytes
        out += Standard18Writer.crlf
    }
}
