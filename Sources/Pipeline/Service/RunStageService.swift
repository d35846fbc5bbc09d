import ServiceLifecycle

/// The run stage as a service of the group: resumes unfinished runs, then runs accepted ones
/// as the control stage hands them over. A graceful shutdown cancels it; a run cut short is
/// resumed by the next start, exactly once (DESIGN.md 4).
public struct RunStageService: Service {
    public let controller: RunController

    public init(controller: RunController) {
        self.controller = controller
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { [controller] in
                try await controller.run()
            }
        } catch is CancellationError {
            // The graceful shutdown cancelled it: the normal end. A run cut short resumes at the next start.
        }
    }
}
