import Foundation
import Kafka
import Testing
import TestSupport

/// A group member killed without leaving (kill -9, a machine lost), then a new member of the
/// same group: on Kafka the coordinator drops the dead member once its session times out and
/// the newcomer is assigned its partitions. On noida-db 0.2.3 the dead member is never dropped
/// (measured by hand: no assignment after 9 minutes, session 6 s), so the newcomer waits
/// indefinitely; with static membership (`group.instance.id`) the restarted member takes the
/// dead one's place at once, on both. This is why `backstop run --group-instance-id` exists and
/// why the tests that kill `backstop run` give it one (docs/brokers.md).
@Suite("noida-db tier: a member killed without leaving the group")
struct NoidaTierGroupMembershipTests {
    /// A kcat member of `group` (optionally static) that has joined and consumed the topic's one
    /// record, ready to be killed.
    func joinedMember(_ broker: NoidaBroker, topic: String, group: String, instance: String?) async throws -> LineReadingChild {
        let membership = instance.map { ["-X", "group.instance.id=\($0)"] } ?? []
        let arguments = ["-C", "-b", broker.bootstrapServers, "-X", "session.timeout.ms=6000"] + membership
            + ["-o", "beginning", "-q", "-u", "-f", "%s\\n", "-G", group, topic]
        let member = try LineReadingChild(try requireTool("kcat"), arguments)
        #expect(try await member.firstLine(within: .seconds(60)) == "joined")
        return member
    }

    /// Whether a member of `group` is assigned partitions before `timeout`.
    func assigned(_ broker: NoidaBroker, topic: String, group: String, instance: String?, within timeout: Duration) async throws -> Bool {
        var configuration = broker.consumerConfiguration(group: group)
        configuration.groupInstanceID = instance
        let consumer = try KafkaConsumer.make(
            configuration: configuration, assignment: .group(topics: [topic], startOffsets: nil), logger: testLogger())
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var assigned = false
        do {
            while !assigned, let event = try await consumer.nextEvent(before: deadline) {
                if case .partitionsAssigned(let partitions) = event, !partitions.isEmpty { assigned = true }
            }
        } catch let error as KafkaError where error.code == .timeout {
            // The deadline passed without an assignment.
        }
        await consumer.close()
        return assigned
    }

    @Test("dynamic: the newcomer is still unassigned three session timeouts later; static: the restarted member is assigned at once")
    func deadMember() async throws {
        let broker = try await NoidaBroker.start()
        let topic = try await broker.createTopic("noida-members", partitions: 2)
        let producer = try KafkaProducer.make(configuration: broker.producerConfiguration(), logger: testLogger())
        try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: Array("joined".utf8)))
        #expect(try await producer.awaitDeliveries().delivered == 1)
        try await producer.close()

        let dynamicGroup = uniqueName("dynamic")
        let dynamic = try await joinedMember(broker, topic: topic, group: dynamicGroup, instance: nil)
        dynamic.kill()
        _ = try await dynamic.terminate(within: .seconds(10))
        // Kafka would assign the newcomer about 6 s after the kill (the dead session's end).
        #expect(try await !assigned(broker, topic: topic, group: dynamicGroup, instance: nil, within: .seconds(18)),
                "noida-db now drops a dead member at its session timeout: update docs/brokers.md and drop --group-instance-id from the kill tests' reasons")

        let staticGroup = uniqueName("static")
        let member = try await joinedMember(broker, topic: topic, group: staticGroup, instance: "backstop-0")
        member.kill()
        _ = try await member.terminate(within: .seconds(10))
        #expect(try await assigned(broker, topic: topic, group: staticGroup, instance: "backstop-0", within: .seconds(5)))
        await broker.stop()
    }
}
