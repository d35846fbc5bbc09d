import ArgumentParser
import Control
import Foundation

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operator signing keys.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an Ed25519 key pair: DIR/ID.key (private, mode 0600) and DIR/ID.pub; print the keyring entry.")

        @Option(help: "The key id operators and the keyring know this key by.") var id: String
        @Option(help: "The folder to write the key files to.") var out: String

        func run() throws {
            let generated = try OperatorKeyFiles.generate(keyId: id, in: URL(fileURLWithPath: out))
            FileHandle.standardError.write(Data("wrote \(generated.privateKeyPath) (keep it secret) and \(generated.publicKeyPath)\n".utf8))
            print(generated.keyringEntry)
        }
    }
}
