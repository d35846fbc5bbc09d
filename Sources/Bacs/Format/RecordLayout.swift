/// The records of a single-processing-day ("DAILY") Standard 18 credit file, field by field,
/// exactly as DOMAIN.md section 5 tabulates them. Labels are 80 characters, data records
/// 100; every record ends in CRLF.
public struct RecordLayout: Sendable, Hashable {
    public static let labelWidth = 80
    public static let dataWidth = 100

    public let kind: String
    public let width: Int
    public let fields: [Field]

    init(_ kind: String, width: Int, _ fields: [Field]) {
        var next = 1
        for field in fields {
            precondition(field.start == next, "\(kind): \(field.name) starts at \(field.start), expected \(next)")
            next = field.end + 1
        }
        precondition(next == width + 1, "\(kind): fields cover \(next - 1) of \(width) positions")
        self.kind = kind
        self.width = width
        self.fields = fields
    }

    public func field(_ name: String) -> Field {
        guard let field = fields.first(where: { $0.name == name }) else { preconditionFailure("\(kind) has no field \(name)") }
        return field
    }

    /// A record with every literal and space filled in; variable fields are overwritten.
    var template: [UInt8] {
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: width)
        for field in fields {
            if case .literal(let text) = field.content { bytes.replaceSubrange(field.offsets, with: Array(text.utf8)) }
        }
        return bytes
    }

    public static let vol1 = RecordLayout("VOL1", width: labelWidth, [
        Field("label", 1, 4, .literal("VOL1")),
        Field("serial", 5, 10, .serial),
        Field("reserved", 11, 41, .spaces),
        Field("sun", 42, 47, .digits),
        Field("reserved", 48, 79, .spaces),
        Field("label standard", 80, 80, .literal("1")),
    ])

    /// HDR1, or EOF1 when `prefix` is `EOF`: the two must match apart from the label.
    public static func header1(_ prefix: String) -> RecordLayout {
        RecordLayout(prefix + "1", width: labelWidth, [
            Field("label", 1, 4, .literal(prefix + "1")),
            Field("file identifier", 5, 5, .literal("A")),
            Field("sun", 6, 11, .digits),
            Field("file identifier", 12, 12, .literal("S")),
            Field("reserved", 13, 15, .spaces),
            Field("sun (file)", 16, 21, .digits),
            Field("serial", 22, 27, .serial),
            Field("file section", 28, 31, .literal("0001")),
            Field("file sequence", 32, 35, .literal("0001")),
            Field("reserved", 36, 41, .spaces),
            Field("creation date", 42, 47, .date),
            Field("expiry date", 48, 53, .date),
            Field("accessibility", 54, 54, .literal("0")),
            Field("block count", 55, 60, .literal("000000")),
            Field("reserved", 61, 80, .spaces),
        ])
    }

    /// HDR2, or EOF2 when `prefix` is `EOF`.
    public static func header2(_ prefix: String) -> RecordLayout {
        RecordLayout(prefix + "2", width: labelWidth, [
            Field("label", 1, 4, .literal(prefix + "2")),
            Field("record format", 5, 5, .literal("F")),
            Field("block length", 6, 10, .literal("02000")),
            Field("record length", 11, 15, .literal("00100")),
            Field("reserved", 16, 50, .spaces),
            Field("buffer offset", 51, 52, .literal("00")),
            Field("reserved", 53, 80, .spaces),
        ])
    }

    public static let hdr1 = header1("HDR")
    public static let hdr2 = header2("HDR")
    public static let eof1 = header1("EOF")
    public static let eof2 = header2("EOF")

    public static let uhl1 = RecordLayout("UHL1", width: labelWidth, [
        Field("label", 1, 4, .literal("UHL1")),
        Field("processing day", 5, 10, .date),
        Field("receiving party", 11, 16, .literal("999999")),
        Field("reserved", 17, 20, .spaces),
        Field("currency", 21, 22, .literal("00")),
        Field("country", 23, 28, .literal("000000")),
        Field("work code", 29, 37, .literal("1 DAILY  ")),
        Field("file number", 38, 40, .literal("001")),
        Field("reserved", 41, 80, .spaces),
    ])

    /// A credit (transaction code 99) or the debit contra (17): the same positions.
    public static func data(transactionCode: String) -> RecordLayout {
        let isContra = transactionCode == TransactionCode.contra
        return RecordLayout(isContra ? "contra" : "credit", width: dataWidth, [
            Field("destination sort code", 1, 6, .digits),
            Field("destination account", 7, 14, .digits),
            Field("account type", 15, 15, .literal("0")),
            Field("transaction code", 16, 17, .literal(transactionCode)),
            Field("originating sort code", 18, 23, .digits),
            Field("originating account", 24, 31, .digits),
            Field("reserved", 32, 35, .spaces),
            Field("amount", 36, 46, .digits),
            Field(isContra ? "narrative" : "service user name", 47, 64, .text),
            Field("reference", 65, 82, isContra ? .literal("CONTRA            ") : .text),
            Field(isContra ? "contra account name" : "account name", 83, 100, .text),
        ])
    }

    public static let credit = data(transactionCode: TransactionCode.credit)
    public static let contra = data(transactionCode: TransactionCode.contra)

    public static let utl1 = RecordLayout("UTL1", width: labelWidth, [
        Field("label", 1, 4, .literal("UTL1")),
        Field("debit total", 5, 17, .digits),
        Field("credit total", 18, 30, .digits),
        Field("debit count", 31, 37, .digits),
        Field("credit count", 38, 44, .digits),
        Field("reserved", 45, 80, .spaces),
    ])
}

/// Bacs transaction codes used by Backstop's credit files.
public enum TransactionCode {
    public static let credit = "99"
    public static let contra = "17"
}
