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
    /// How long a member that should be assigned may take: generous, for a loaded machine.
    static let assignedWithin = Duration.seconds(60)

    /// The broker of one case. The embedded one is `backstop dev-broker` in a process of its own,
    /// not `EstateBroker`'s in this one: while the whole suite runs, kcat group members of an
    /// embedded broker inside the test process went unassigned for over a minute (alone they are
    /// assigned in a second or two).
    struct Broker {
        let kind: BrokerKind
        let servers: String
        let devBroker: LineReadingChild?
        let noida: EstateBroker?

        static func start(_ kind: BrokerKind) async throws -> Broker {
            switch kind {
            case .embedded:
                let child = try LineReadingChild(try BuiltProduct.path("backstop"), [
                    "dev-broker", "--brokers", "1", "--partitions", "1", "--topics", EstateBroker.topicsFile,
                ])
                let line = try await child.firstLine(within: .seconds(60))
                let servers = try #require(line.split(separator: "=").last.map(String.init), "dev-broker said \(line)")
                return Broker(kind: kind, servers: servers, devBroker: child, noida: nil)
            case .noida:
                let broker = try await EstateBroker.start(.noida, partitions: 1)
                return Broker(kind: kind, servers: broker.servers, devBroker: nil, noida: broker)
            }
        }

        func stop() async {
            if let devBroker { _ = try? await devBroker.terminate(within: .seconds(30)) }
            if let noida { await noida.stop() }
        }
    }

    /// A kcat member of `group` on backstop.control (one partition, one record), printing each
    /// value on a line, unbuffered (`-u`: stdout is a pipe); it commits nothing, so every member
    /// reads the record from the start.
    func member(of group: String, on broker: Broker, instance: String?) throws -> LineReadingChild {
        let session = Self.sessionTimeoutMilliseconds
        var arguments = [
            "-b", broker.servers, "-G", group, "-q", "-u", "-f", "%s\\n",
            "-X", "session.timeout.ms=\(session)", "-X", "heartbeat.interval.ms=\(session / 10)",
            "-X", "enable.auto.commit=false", "-X", "auto.offset.reset=earliest",
        ]
        if let instance { arguments += ["-X", "group.instance.id=\(instance)"] }
        return try LineReadingChild(try requireTool("kcat"), arguments + ["backstop.control"])
    }

    /// On a fresh broker of `kind` with the record on backstop.control: a first member of `group`
    /// is assigned the partition (it prints the record) and is killed with SIGKILL; then `body`
    /// goes on with a successor. The broker is stopped however the case ends.
    func afterKilledMember(on kind: BrokerKind, group: String, instance: String?,
                           _ body: (Broker) async throws -> Void) async throws {
        let broker = try await Broker.start(kind)
        do {
            let produced = try await runProcess(try requireTool("kcat"), ["-P", "-b", broker.servers, "-t", "backstop.control"], stdin: Self.value + "\n")
            #expect(produced.status == 0, "kcat -P: \(produced.stderr)")
            let first = try member(of: group, on: broker, instance: instance)
            defer { first.kill() }
            #expect(try await first.firstLine(within: Self.assignedWithin) == Self.value)
            first.kill()
            #expect(await first.exit(within: .seconds(10)) == .signalled(SIGKILL))
            try await body(broker)
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    @Test("a dynamic member: the embedded broker expires it and assigns the successor; noida-db holds the successor in the rebalance",
          arguments: BrokerKind.allCases)
    func dynamicMember(_ kind: BrokerKind) async throws {
        try await afterKilledMember(on: kind, group: "dynamic", instance: nil) { broker in
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
        }
    }

    @Test("a static member restarted with the same group.instance.id takes over at once", arguments: BrokerKind.allCases)
    func staticMember(_ kind: BrokerKind) async throws {
        try await afterKilledMember(on: kind, group: "static", instance: "backstop-0") { broker in
            let successor = try member(of: "static", on: broker, instance: "backstop-0")
            defer { successor.kill() }
            let started = ContinuousClock.now
            #expect(try await successor.firstLine(within: Self.assignedWithin) == Self.value)
            if kind == .noida {
                // Replaced, not expired: well within one session timeout.
                #expect(ContinuousClock.now - started < .milliseconds(Self.sessionTimeoutMilliseconds), "\(ContinuousClock.now - started)")
            }
        }
    }
}
