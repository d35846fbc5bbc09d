import Entitlements

/// Reads and verifies Standard 18 credit files (DOMAIN.md 5): everything a receiving bank
/// checks. The order and widths of records, the allowed characters, dates, transaction codes
/// 99 and 17, one contra equal to the credits, trailer counts and totals, the serial repeated
/// in HDR1, and EOF labels matching the HDR labels. Every problem is reported with its line
/// and field; a file with none is returned as the values it holds.
public enum Standard18Reader {
    /// The file's values, or every problem found.
    public static func read(_ bytes: [UInt8]) throws(Standard18Error) -> Standard18File {
        var reading = Reading(Lines(bytes))
        let file = reading.run()
        guard reading.problems.isEmpty, let file else { throw Standard18Error(problems: reading.problems) }
        return file
    }

    /// Every problem with the file (empty when it is valid).
    public static func verify(_ bytes: [UInt8]) -> [Standard18Problem] {
        do {
            _ = try read(bytes)
            return []
        } catch {
            return error.problems
        }
    }
}

/// One pass over a file's lines: the labels, the data records, the trailer labels, then the
/// checks that span records. Cross-record checks use only records whose fields checked clean,
/// so one damaged field is reported once rather than again as every total it feeds.
private struct Reading {
    let lines: [Lines.Line]
    var problems: [Standard18Problem]
    var cursor = 0

    init(_ lines: Lines) {
        self.lines = lines.lines
        problems = lines.problems
    }

    /// The data records between UHL1 and EOF1.
    struct DataRecords {
        /// Values of the credits whose every field checked clean.
        var credits: [CreditRecord] = []
        /// Every credit record, clean or not: the count UTL1 must give.
        var creditLines: [Lines.Line] = []
        var contras: [(line: Lines.Line, clean: Bool)] = []
        /// The credits' total, or nil when an amount could not be read or the sum overflowed.
        var creditTotal: Int64? = 0
        var unknownRecords = 0

        /// The one contra, when there is exactly one and its fields are clean.
        var contra: Lines.Line? { contras.count == 1 && contras[0].clean ? contras[0].line : nil }
    }

    mutating func run() -> Standard18File? {
        let vol1 = expectLabel(.vol1)
        let hdr1 = expectLabel(.hdr1)
        let hdr2 = expectLabel(.hdr2)
        let uhl1 = expectLabel(.uhl1)
        let data = readDataRecords()
        let eof1 = expectLabel(.eof1)
        let eof2 = expectLabel(.eof2)
        let utl1 = expectLabel(.utl1)
        while cursor < lines.count {
            problems.append(Standard18Problem(line: lines[cursor].number, "a record after UTL1; UTL1 ends the file"))
            cursor += 1
        }

        checkHeaderLabels(vol1: vol1, hdr1: hdr1, uhl1: uhl1)
        compareTrailerLabel(eof1, with: hdr1, layout: .eof1)
        compareTrailerLabel(eof2, with: hdr2, layout: .eof2)
        let contraAmount = checkContra(data)
        if let utl1 { checkTrailer(utl1, data: data, contraAmount: contraAmount) }

        guard problems.isEmpty, let vol1, let hdr1, let uhl1, let contra = data.contra else { return nil }
        return build(vol1: vol1, hdr1: hdr1, uhl1: uhl1, contra: contra, credits: data.credits)
    }

    // MARK: Records in order

    /// The record at the cursor if it carries `layout`'s label, with its fields checked.
    /// Returns the record when it is the expected one and every field is valid.
    mutating func expectLabel(_ layout: RecordLayout) -> Lines.Line? {
        guard cursor < lines.count else {
            problems.append(Standard18Problem(line: lines.count + 1, "missing \(layout.kind) record; the file ends early"))
            return nil
        }
        let line = lines[cursor]
        cursor += 1
        let label = FieldChecks.text(line.bytes.prefix(4))
        guard label == layout.kind else {
            problems.append(Standard18Problem(line: line.number, field: "label (1–4)", "expected \(layout.kind), found \"\(label)\""))
            return nil
        }
        return checked(line, as: layout)
    }

    mutating func checked(_ line: Lines.Line, as layout: RecordLayout) -> Lines.Line? {
        let before = problems.count
        FieldChecks.check(line, as: layout, into: &problems)
        return problems.count == before ? line : nil
    }

    /// Data records run until the trailer labels; they start with a sort code, never a
    /// label. Every credit counts towards the totals as long as its amount is readable, so
    /// one damaged field elsewhere in a credit does not also show up as a wrong trailer.
    mutating func readDataRecords() -> DataRecords {
        var data = DataRecords()
        let amountField = CreditField.amount
        while cursor < lines.count, !["EOF1", "EOF2", "UTL1"].contains(FieldChecks.text(lines[cursor].bytes.prefix(4))) {
            let line = lines[cursor]
            cursor += 1
            let code = line.bytes.count >= 17 ? FieldChecks.text(line.bytes.dropFirst(15).prefix(2)) : ""
            if !data.contras.isEmpty {
                problems.append(Standard18Problem(line: line.number, "a record after the contra; the contra must be the last data record"))
            }
            switch code {
            case TransactionCode.credit:
                data.creditLines.append(line)
                let clean = checked(line, as: .credit)
                if line.bytes.count == RecordLayout.dataWidth, let amount = readNumber(line, amountField), let total = data.creditTotal {
                    if amount == 0 { problems.append(Standard18Problem(line: line.number, amountField, "a credit of zero pence")) }
                    let (sum, overflow) = total.addingReportingOverflow(amount)
                    data.creditTotal = sum
                    if overflow || sum > BacsSettings.amountFieldLimit.value {
                        problems.append(Standard18Problem(line: line.number, amountField,
                            "the credits' total exceeds \(BacsSettings.amountFieldLimit.value) pence, the most one file may hold"))
                        data.creditTotal = nil
                    }
                } else {
                    data.creditTotal = nil
                }
                if let clean { data.credits.append(credit(clean)) }
            case TransactionCode.contra:
                data.contras.append((line, checked(line, as: .contra) != nil))
            default:
                data.unknownRecords += 1
                if line.bytes.count != RecordLayout.dataWidth {
                    problems.append(Standard18Problem(line: line.number,
                        "\(line.bytes.count) characters; a data record has exactly \(RecordLayout.dataWidth)"))
                } else {
                    problems.append(Standard18Problem(line: line.number, RecordLayout.credit.field("transaction code"),
                        "must be 99 (credit) or 17 (contra), found \"\(code)\""))
                }
            }
        }
        let dataEnd = lines.indices.contains(cursor) ? lines[cursor].number : lines.count + 1
        if data.creditLines.isEmpty && data.unknownRecords == 0 {
            problems.append(Standard18Problem(line: dataEnd, "no credit records; a credit file holds at least one"))
        }
        if data.contras.isEmpty {
            problems.append(Standard18Problem(line: dataEnd, "missing the contra record (transaction code 17) before EOF1"))
        } else if data.contras.count > 1 {
            problems.append(Standard18Problem(line: data.contras[1].line.number, "a second contra record; a credit file has exactly one"))
        }
        return data
    }

    // MARK: Checks across records

    /// HDR1 repeats VOL1's serial and SUN; its expiry date is its creation date; the
    /// processing day is not before the creation date.
    mutating func checkHeaderLabels(vol1: Lines.Line?, hdr1: Lines.Line?, uhl1: Lines.Line?) {
        guard let hdr1 else { return }
        if let vol1 {
            if value(vol1, .vol1, "serial") != value(hdr1, .hdr1, "serial") {
                problems.append(Standard18Problem(line: hdr1.number, RecordLayout.hdr1.field("serial"),
                    "must repeat the VOL1 serial \"\(FieldChecks.text(value(vol1, .vol1, "serial")))\""))
            }
            for name in ["sun", "sun (file)"] where value(vol1, .vol1, "sun") != value(hdr1, .hdr1, name) {
                problems.append(Standard18Problem(line: hdr1.number, RecordLayout.hdr1.field(name), "must repeat the VOL1 service user number"))
            }
        }
        if value(hdr1, .hdr1, "expiry date") != value(hdr1, .hdr1, "creation date") {
            problems.append(Standard18Problem(line: hdr1.number, RecordLayout.hdr1.field("expiry date"), "must equal the creation date"))
        }
        if let uhl1,
           let created = BacsDate.parse(value(hdr1, .hdr1, "creation date")),
           let processing = BacsDate.parse(value(uhl1, .uhl1, "processing day")), processing < created {
            problems.append(Standard18Problem(line: uhl1.number, RecordLayout.uhl1.field("processing day"),
                                              "\(processing) is before the creation date \(created)"))
        }
    }

    /// EOF1 and EOF2 repeat HDR1 and HDR2 with `HDR` replaced by `EOF`.
    mutating func compareTrailerLabel(_ trailer: Lines.Line?, with header: Lines.Line?, layout: RecordLayout) {
        guard let trailer, let header else { return }
        for field in layout.fields.dropFirst() {
            let base = trailer.bytes.startIndex, headerBase = header.bytes.startIndex
            if trailer.bytes[(base + field.start - 1)..<(base + field.end)] != header.bytes[(headerBase + field.start - 1)..<(headerBase + field.end)] {
                problems.append(Standard18Problem(line: trailer.number, field, "must match HDR\(layout.kind.suffix(1)) on line \(header.number)"))
            }
        }
    }

    /// The contra debits the originating account that every credit names, for exactly the
    /// credits' total. Returns its amount when it could be read.
    mutating func checkContra(_ data: DataRecords) -> Int64? {
        guard let contra = data.contra else { return nil }
        let sortCode = value(contra, .contra, "originating sort code"), account = value(contra, .contra, "originating account")
        if value(contra, .contra, "destination sort code") != sortCode || value(contra, .contra, "destination account") != account {
            problems.append(Standard18Problem(line: contra.number, field: "destination sort code and account (1–14)",
                                              "the contra must debit the originating account"))
        }
        for line in data.creditLines where line.bytes.count == RecordLayout.dataWidth
            && (value(line, CreditField.originatingSortCode) != sortCode || value(line, CreditField.originatingAccount) != account) {
            problems.append(Standard18Problem(line: line.number, field: "originating sort code and account (18–31)",
                                              "differs from the contra's originating account"))
        }
        let amount = FieldChecks.number(value(contra, .contra, "amount"))
        if let creditTotal = data.creditTotal, amount != creditTotal {
            problems.append(Standard18Problem(line: contra.number, RecordLayout.contra.field("amount"),
                "contra \(amount) does not equal the credits' total \(creditTotal)"))
        }
        return amount
    }

    /// UTL1 gives the contra as the debit total, the credits' total, one debit and the
    /// number of credits.
    mutating func checkTrailer(_ utl1: Lines.Line, data: DataRecords, contraAmount: Int64?) {
        let layout = RecordLayout.utl1
        let expectations: [(String, Int64?)] = [
            ("debit total", contraAmount),
            ("credit total", data.creditTotal),
            ("debit count", Int64(data.contras.count)),
            ("credit count", Int64(data.creditLines.count)),
        ]
        for (name, expected) in expectations {
            let found = FieldChecks.number(value(utl1, layout, name))
            if let expected, found != expected {
                problems.append(Standard18Problem(line: utl1.number, layout.field(name), "is \(found) but the file holds \(expected)"))
            }
        }
    }

    // MARK: Values

    func value(_ line: Lines.Line, _ layout: RecordLayout, _ name: String) -> ArraySlice<UInt8> {
        value(line, layout.field(name))
    }

    func value(_ line: Lines.Line, _ field: Field) -> ArraySlice<UInt8> {
        let base = line.bytes.startIndex
        return line.bytes[(base + field.start - 1)..<(base + field.end)]
    }

    /// The credit record's fields, looked up once: a file holds up to 250,000 credits.
    enum CreditField {
        static let sortCode = RecordLayout.credit.field("destination sort code")
        static let account = RecordLayout.credit.field("destination account")
        static let amount = RecordLayout.credit.field("amount")
        static let serviceUserName = RecordLayout.credit.field("service user name")
        static let reference = RecordLayout.credit.field("reference")
        static let accountName = RecordLayout.credit.field("account name")
        static let originatingSortCode = RecordLayout.credit.field("originating sort code")
        static let originatingAccount = RecordLayout.credit.field("originating account")
    }

    /// A digits field's value, or nil when it holds anything but digits.
    func readNumber(_ line: Lines.Line, _ field: Field) -> Int64? {
        let base = line.bytes.startIndex
        let bytes = line.bytes[(base + field.start - 1)..<(base + field.end)]
        return bytes.allSatisfy(FieldChecks.isDigit) ? FieldChecks.number(bytes) : nil
    }

    /// A credit record's values (call only after its fields checked clean, so the digit
    /// fields are valid sort codes and account numbers).
    func credit(_ line: Lines.Line) -> CreditRecord {
        CreditRecord(
            sortCode: try! SortCode(FieldChecks.text(value(line, CreditField.sortCode))),
            accountNumber: try! AccountNumber(FieldChecks.text(value(line, CreditField.account))),
            amount: Pence(FieldChecks.number(value(line, CreditField.amount))),
            serviceUserName: FieldChecks.trimmedText(value(line, CreditField.serviceUserName)),
            reference: FieldChecks.trimmedText(value(line, CreditField.reference)),
            accountName: FieldChecks.trimmedText(value(line, CreditField.accountName)))
    }

    /// The file's values from records that all checked clean.
    mutating func build(vol1: Lines.Line, hdr1: Lines.Line, uhl1: Lines.Line, contra: Lines.Line, credits: [CreditRecord]) -> Standard18File? {
        guard let creation = BacsDate.parse(value(hdr1, .hdr1, "creation date")),
              let processing = BacsDate.parse(value(uhl1, .uhl1, "processing day")) else { return nil }
        do {
            return try Standard18File(
                serial: try SubmissionSerial(FieldChecks.text(value(vol1, .vol1, "serial"))),
                sun: try ServiceUserNumber(FieldChecks.text(value(vol1, .vol1, "sun"))),
                creationDate: creation, processingDay: processing,
                originatingSortCode: try SortCode(FieldChecks.text(value(contra, .contra, "originating sort code"))),
                originatingAccount: try AccountNumber(FieldChecks.text(value(contra, .contra, "originating account"))),
                credits: credits,
                contraNarrative: FieldChecks.trimmedText(value(contra, .contra, "narrative")),
                contraAccountName: FieldChecks.trimmedText(value(contra, .contra, "contra account name")))
        } catch {
            problems.append(Standard18Problem(line: nil, "\(error)"))
            return nil
        }
    }
}
