import Foundation
import Kafka
import Testing
import TestSupport

@Suite("Both test brokers hold the same topic layout")
struct EstateBrokerTests {
    @Test("every topic of topics.yaml, the partitioned ones with the test's count, control and audit with one", arguments: BrokerKind.allCases)
    func layout(_ kind: BrokerKind) async throws {
        let broker = try await EstateBroker.start(kind, partitions: 3)
        let kcat = try requireTool("kcat")
        let listed = try await runProcess(kcat, ["-L", "-b", broker.servers, "-m", "10"], timeout: .seconds(30))
        #expect(listed.status == 0, "\(listed.stderr)")
        for topic in ["estate.claimants", "estate.awards", "estate.payments", "backstop.payments", "backstop.batches", "backstop.dlq"] {
            #expect(listed.stdout.contains("topic \"\(topic)\" with 3 partitions"), "\(kind): \(topic) in \(listed.stdout)")
        }
        for topic in ["backstop.control", "backstop.audit"] {
            #expect(listed.stdout.contains("topic \"\(topic)\" with 1 partitions"), "\(kind): \(topic)")
        }
        await broker.stop()
    }
}
