/// Splits a file into CRLF-terminated lines, noting every line ending that is not CRLF.
struct Lines {
    struct Line {
        let number: Int
        let bytes: ArraySlice<UInt8>
    }

    private(set) var lines: [Line] = []
    private(set) var problems: [Standard18Problem] = []

    init(_ bytes: [UInt8]) {
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 10 || byte == 13 {
                let number = lines.count + 1
                if byte == 13, index + 1 < count, bytes[index + 1] == 10 {
                    lines.append(Line(number: number, bytes: bytes[start..<index]))
                    index += 2
                } else {
                    problems.append(Standard18Problem(line: number, byte == 10
                        ? "ends in LF without CR; every record ends in CRLF"
                        : "contains a CR not followed by LF; every record ends in CRLF"))
                    lines.append(Line(number: number, bytes: bytes[start..<index]))
                    index += 1
                }
                start = index
            } else {
                index += 1
            }
        }
        if start < count {
            let number = lines.count + 1
            problems.append(Standard18Problem(line: number, "does not end in CRLF"))
            lines.append(Line(number: number, bytes: bytes[start..<count]))
        }
    }
}
