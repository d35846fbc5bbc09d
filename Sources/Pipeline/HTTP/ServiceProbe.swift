/// What the HTTP endpoints ask the running service. The service answers from its live parts
/// (store, partition ownership, runs); tests answer from fixed values.
public protocol ServiceProbe: Sendable {
    /// Whether the process may take traffic: the store is open and the mirror caught up.
    func readiness() async -> Readiness
    /// The snapshot `/status` shows.
    func status() async -> ServiceStatus
}

/// The answer of `/health/ready`.
public enum Readiness: Sendable, Equatable {
    case ready
    /// Not ready, with a reason an operator can act on.
    case notReady(String)
}
