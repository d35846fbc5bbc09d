import Foundation
import Testing
import TestSupport

/// Why every kill-point `backstop run` is given `--group-instance-id`: what each broker does with
/// a consumer-group member killed with kill -9 (it never leaves the group) when a successor
/// joins. Shown with kcat, so the member is a real process that really dies.
///
/// Kafka expires the dead member after its session.timeout.ms and the successor is assigned its
/// partitions; the embedded broker does the same. noida-db 0.2.3 does not: the successor waits
/// in the rebalance for minutes (seen by hand: more than 5), even when it joins after the
/// session timeout has passed. A static member (group.instance.id) restarted with the same id
/// replaces its dead self at once on both brokers; that is what lets a killed `backstop run`
/// resume on noida-db, and what a deployment does anyway (one id per pod, DESIGN.md 8).
@Suite("Kill points: a group member killed with kill -9, then a successor joins")
struct RunKillPointMembershipTests {
    static let value = "kill-point-membership"
    /// Every member's session timeout: noida-db's least, on both brokers, so the embedded
    /// broker's answer is not a shorter session's.
    static let sessionTimeoutMilliseconds = 6_000
    /// How long a member that should be assigned may take: generous, because the embedded
    /// broker lives in the test process and answers slowly while the whole suite runs.
    static let assignedWithin = Duration.seconds(60)

    /// A kcat member of `group` on backstop.control (one partition, one record), printing each
    /// value on a line, unbuffered (`-u`: stdout is a pipe); it commits nothing, so every member reads the record from the start.
    func member(of group: String, on broker: EstateBroker, instance: String?) throws -> LineReadingChild {
        let session = Self.sessionTimeoutMilliseconds
        var arguments = [
            "-b", broker.servers, "-G", group, "-q", "-u", "-f", "%s\\n",
            "-X", "session.timeout.ms=\(session)", "-X", "heartbeat.interval.ms=\(session / 10)",
            "-X", "enable.auto.commit=false", "-X", "auto.offset.reset=earliest",
        ]
        if let instance { arguments += ["-X", "group.instance.id=\(instance)"] }
        return try LineReadingChild(try requireTool("kcat"), arguments + ["backstop.control"])
    }

    /// A broker with the record on backstop.control, and a first member that was assigned the
    /// partition (it printed the record) and was then killed with SIGKILL.
    func killedMember(on kind: BrokerKind, group: String, instance: String?) async throws -> EstateBroker {
        let broker = try await EstateBroker.start(kind, partitions: 1)
        let produced = try await runProcess(try requireTool("kcat"), ["-P", "-b", broker.servers, "-t", "backstop.control"], stdin: Self.value + "\n")
        #expect(produced.status == 0, "kcat -P: \(produced.stderr)")
        let first = try member(of: group, on: broker, instance: instance)
        #expect(try await first.firstLine(within: Self.assignedWithin) == Self.value)
        first.kill()
        #expect(await first.exit(within: .seconds(10)) == .signalled(SIGKILL))
        return broker
    }

    @Test("a dynamic member: the embedded broker expires it and assigns the successor; noida-db holds the successor in the rebalance",
          arguments: BrokerKind.allCases)
    func dynamicMember(_ kind: BrokerKind) async throws {
        let broker = try await killedMember(on: kind, group: "dynamic", instance: nil)
        let successor = try member(of: "dynamic", on: broker, instance: nil)
        defer { successor.kill() }
        switch kind {
        case .embedded:
            #expect(try await successor.firstLine(within: Self.assignedWithin) == Self.value)
        case .noida:
            // More than three session timeouts: Kafka would have expired the dead member and
            // assigned the successor long before. The child is killed at the deadline.
            await #expect(throws: ChildExited.self, "noida-db assigned the successor of a dead dynamic member") {
                try await successor.firstLine(within: .seconds(20))
            }
        }
        await broker.stop()
    }

    @Test("a static member restarted with the same group.instance.id takes over at once", arguments: BrokerKind.allCases)
    func staticMember(_ kind: BrokerKind) async throws {
        let broker = try await killedMember(on: kind, group: "static", instance: "backstop-0")
        let successor = try member(of: "static", on: broker, instance: "backstop-0")
        defer { successor.kill() }
        let started = ContinuousClock.now
        #expect(try await successor.firstLine(within: Self.assignedWithin) == Self.value)
        if kind == .noida {
            // Replaced, not expired: well within one session timeout.
            #expect(ContinuousClock.now - started < .milliseconds(Self.sessionTimeoutMilliseconds), "\(ContinuousClock.now - started)")
        }
        await broker.stop()
    }
}
