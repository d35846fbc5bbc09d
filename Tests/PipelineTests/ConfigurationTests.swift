import Control
import Crypto
import Entitlements
import Foundation
import Pipeline
import Testing
import TestSupport

/// A keyring file of two fresh keys in `directory`.
func writeKeyring(in directory: TemporaryDirectory, name: String = "keyring.json") throws -> String {
    let entries = ["ops-a", "ops-b"].map { id in
        "{\"keyId\": \"\(id)\", \"publicKey\": \"\(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString())\"}"
    }
    let path = directory.child(name)
    try Data("{\"quorum\": 2, \"keys\": [\(entries.joined(separator: ", "))]}".utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite("Service configuration: precedence and validation")
struct ConfigurationTests {
    let directory: TemporaryDirectory
    let keyring: String

    init() throws {
        directory = try TemporaryDirectory()
        keyring = try writeKeyring(in: directory)
    }

    func file(_ text: String) throws -> String {
        let path = directory.child("backstop-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(flags: [String: String] = [:], environment: [String: String] = [:]) throws(ConfigurationError) -> ServiceConfiguration {
        try ServiceConfiguration.load(ConfigurationSources(flags: flags, environment: environment))
    }

    @Test("the bank-holiday override file reaches the payment calendar; a bad one is refused naming the setting")
    func calendarOverrides() throws {
        let added = try CalendarDate("2026-12-30")
        #expect(try load(flags: ["bootstrap-servers": "b:9092"]).calendar.isWorkingDay(added))

        let good = directory.child("overrides")
        try Data("+ 2026-12-30 A proclaimed holiday\n".utf8).write(to: URL(fileURLWithPath: good))
        let configuration = try load(flags: ["bootstrap-servers": "b:9092"], environment: ["BACKSTOP_CALENDAR_OVERRIDES": good])
        #expect(!configuration.calendar.isWorkingDay(added))
        #expect(configuration.calendar.paymentDate(forDueDate: added) == (try CalendarDate("2026-12-29")))

        let bad = directory.child("bad-overrides")
        try Data("+ 2026-02-30 Not a day\n".utf8).write(to: URL(fileURLWithPath: bad))
        do {
            _ = try load(flags: ["bootstrap-servers": "b:9092", "calendar-overrides": bad])
            Issue.record("accepted a bad overrides file")
        } catch {
            #expect("\(error)".contains("--calendar-overrides"), "\(error)")
        }
    }

    @Test("with only the required settings, every other setting has its documented default")
    func defaults() throws {
        let c = try load(flags: ["bootstrap-servers": "localhost:9092", "keyring": keyring])
        #expect(c.bootstrapServers == ["localhost:9092"])
        #expect(c.stateDirectory == "state")
        #expect(c.outputDirectory == "out")
        #expect(c.groupID == "backstop")
        #expect(c.httpPort == 0)
        #expect(c.httpHost == "0.0.0.0")
        #expect(c.retentionDays == 400)
        #expect(c.itemLimit == Pence(2_000_000))
        #expect(c.shutdownGracePeriod == .seconds(30))
        #expect(c.logLevel == .info)
        #expect(c.bacs.sun.value == "123456")
        #expect(c.bacs.originatingSortCode.value == "200000")
        #expect(c.bacs.originatingAccount.value == "12345678")
        #expect(c.bacs.serviceUserName == "DWP")
        #expect(c.bacs.contraNarrative == "DWP BENEFITS")
        #expect(c.bacs.contraAccountName == "DWP")
        #expect(c.bacs.maximumItemsPerFile == 250_000)
        #expect(c.keyring?.keyring.quorum == 2)
        #expect(c.keyring?.keyring.keyIds == ["ops-a", "ops-b"])
        #expect(c.mirror.maxBatchSize == 10_000)
        #expect(c.sessionTimeout == .seconds(10))
    }

    @Test("flags win over environment variables, which win over the file, which wins over defaults")
    func precedence() throws {
        let path = try file("""
            bootstrapServers: [file-a:1, file-b:2]
            keyring: \(keyring)
            stateDir: file-state
            outDir: file-out
            groupId: file-group
            httpPort: 7001
            logLevel: debug
            bacs:
              sun: "654321"
              serviceUserName: ABC
            """)
        let environment = [
            "BACKSTOP_CONFIG": path, "BACKSTOP_STATE_DIR": "env-state", "BACKSTOP_HTTP_PORT": "7002",
            "BACKSTOP_BACS_SUN": "111111", "BACKSTOP_GROUP_ID": "env-group",
        ]
        let c = try load(flags: ["http-port": "0", "group-id": "flag-group"], environment: environment)
        #expect(c.bootstrapServers == ["file-a:1", "file-b:2"])    // file only
        #expect(c.stateDirectory == "env-state")                   // env over file
        #expect(c.outputDirectory == "file-out")                   // file over default
        #expect(c.groupID == "flag-group")                          // flag over env and file
        #expect(c.httpPort == 0)                                   // flag over env and file
        #expect(c.logLevel == .debug)
        #expect(c.bacs.sun.value == "111111")                      // env over file, nested key
        #expect(c.bacs.serviceUserName == "ABC")                   // nested file key
        #expect(c.retentionDays == 400)                            // default

        // --config wins over BACKSTOP_CONFIG.
        let other = try file("bootstrapServers: other:9\nkeyring: \(keyring)\n")
        let d = try load(flags: ["config": other], environment: environment)
        #expect(d.bootstrapServers == ["other:9"])
    }

    /// Each bad value, given as a flag, as an environment variable and in the file, fails with
    /// a message naming exactly where it was given.
    @Test("every bad setting is named as given: flag, environment variable, or file and key",
          arguments: [
            (ConfigurationKey.bootstrapServers, "localhost"), (.bootstrapServers, "host:0"), (.bootstrapServers, " , "),
            (.stateDirectory, " "), (.outputDirectory, ""), (.groupID, "has space"), (.httpPort, "65536"),
            (.httpPort, "eighty"), (.httpHost, ""), (.bacsSUN, "12345"), (.bacsOriginatingSortCode, "20-00-00"),
            (.bacsOriginatingAccount, "1234567"), (.bacsServiceUserName, "TOO LONG"),
            (.bacsContraNarrative, "lower case"), (.bacsContraAccountName, "A NAME LONGER THAN 18"),
            (.bacsMaximumItemsPerFile, "0"), (.mirrorBatchSize, "0"), (.sessionTimeout, "500"), (.itemLimitPence, "0"), (.itemLimitPence, "£20"), (.retentionDays, "30"), (.shutdownGracePeriod, "0s"),
            (.shutdownGracePeriod, "11m"), (.shutdownGracePeriod, "soon"), (.logLevel, "loud"),
            (.keyring, "/no/such/keyring.json"),
          ])
    func badSetting(key: ConfigurationKey, value: String) throws {
        let required = ["bootstrap-servers": "localhost:9092", "keyring": keyring]

        var flags = required
        flags[key.flag] = value
        let fromFlag = #expect(throws: ConfigurationError.self) { try load(flags: flags) }
        #expect(fromFlag?.source == .flag(key.flag))
        #expect(fromFlag?.description.hasPrefix("--\(key.flag): ") == true)

        let fromEnvironment = #expect(throws: ConfigurationError.self) {
            try load(flags: required.filter { $0.key != key.flag }, environment: [key.environmentVariable: value])
        }
        #expect(fromEnvironment?.source == .environment(key.environmentVariable))

        let parts = key.fileKey.split(separator: ".")
        let yaml = parts.count == 2 ? "\(parts[0]):\n  \(parts[1]): \"\(value)\"\n" : "\(key.fileKey): \"\(value)\"\n"
        let path = try file(yaml)
        let fromFile = #expect(throws: ConfigurationError.self) {
            try load(flags: required.filter { $0.key != key.flag }.merging(["config": path]) { a, _ in a })
        }
        #expect(fromFile?.source == .file(path: path, key: key.fileKey))
    }

    @Test("bank details are never echoed in a configuration error")
    func bankDetailsNotEchoed() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try load(flags: ["bootstrap-servers": "h:1", "keyring": keyring, "bacs-originating-account": "9876543X"])
        }
        #expect(error?.description.contains("9876543X") == false)
    }

    @Test("the one required setting given nowhere names all three ways to give it; the keyring may be left out")
    func missingRequired() throws {
        let error = #expect(throws: ConfigurationError.self) { try load(flags: ["keyring": keyring]) }
        #expect(error?.source == .missing(.bootstrapServers))
        #expect(error?.description.contains("--bootstrap-servers") == true)
        #expect(error?.description.contains("BACKSTOP_BOOTSTRAP_SERVERS") == true)
        // Without a keyring the process only mirrors: that is a choice, not an error.
        #expect(try load(flags: ["bootstrap-servers": "h:1"]).keyring == nil)
    }

    @Test("config file problems: unknown key, not a mapping, not YAML, unreadable, bad keyring file")
    func fileProblems() throws {
        let typo = try file("bootstrapServers: h:1\nkeyring: \(keyring)\nhttpPrt: 1\n")
        let unknown = #expect(throws: ConfigurationError.self) { try load(flags: ["config": typo]) }
        #expect(unknown?.source == .file(path: typo, key: "httpPrt"))

        let list = try file("- a\n- b\n")
        #expect(throws: ConfigurationError(.configFile(list), "must be a YAML mapping of setting names to values")) {
            try load(flags: ["config": list])
        }
        let broken = try file("bootstrapServers: [unclosed\n")
        let notYAML = #expect(throws: ConfigurationError.self) { try load(flags: ["config": broken]) }
        #expect(notYAML?.source == .configFile(broken))

        let missing = #expect(throws: ConfigurationError.self) { try load(environment: ["BACKSTOP_CONFIG": directory.child("absent.yaml")]) }
        #expect(missing?.source == .environment("BACKSTOP_CONFIG"))

        let badRing = try file("{\"quorum\": 3, \"keys\": []}")
        let ring = #expect(throws: ConfigurationError.self) {
            try load(flags: ["bootstrap-servers": "h:1"], environment: ["BACKSTOP_KEYRING": badRing])
        }
        #expect(ring?.source == .environment("BACKSTOP_KEYRING"))
        #expect(ring?.message.contains("quorum") == true)
    }

    @Test("durations: plain seconds, minutes and seconds")
    func gracePeriods() throws {
        for (text, seconds) in [("45", 45), ("2m", 120), ("1m30s", 90), ("600s", 600)] {
            let c = try load(flags: ["bootstrap-servers": "h:1", "keyring": keyring, "shutdown-grace-period": text])
            #expect(c.shutdownGracePeriod == .seconds(seconds))
        }
    }
}

@Suite("The example backstop.yaml")
struct ConfigurationExampleFileTests {
    @Test("loads, and holds the documented defaults but a fixed HTTP port")
    func exampleIsTheDefaults() throws {
        let directory = try TemporaryDirectory()
        let keyring = try writeKeyring(in: directory)
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("backstop.yaml").path
        // The example names a relative keyring; the flag gives the test's own.
        let c = try ServiceConfiguration.load(ConfigurationSources(flags: ["config": example, "keyring": keyring]))
        let d = ServiceConfiguration.Defaults.self
        #expect(c.bootstrapServers == ["localhost:9092"])
        #expect(c.stateDirectory == d.stateDirectory && c.outputDirectory == d.outputDirectory && c.groupID == d.groupID)
        #expect(c.httpHost == d.httpHost && c.httpPort == 8080)
        #expect(c.mirror.maxBatchSize == d.mirrorBatchSize && c.sessionTimeout == d.sessionTimeout)
        #expect(c.bacs == d.bacs)
        #expect(c.itemLimit == d.itemLimit)
        #expect(c.retentionDays == d.retentionDays && c.shutdownGracePeriod == d.shutdownGracePeriod && c.logLevel == d.logLevel)
    }
}
