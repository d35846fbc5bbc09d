/// The life of a client that has a poll thread: running, closing (close asked, the poll
/// thread has not finished yet), closed (STYLE.md 7). Pure: the owner does the I/O each
/// transition returns. `Waiter` is whatever the owner resumes when the close completes
/// (a continuation in production, a plain value in the unit tests).
struct ClientLifecycle<Waiter> {
    enum State {
        case running
        case closing(waiters: [Waiter])
        case closed
    }

    /// What the poll thread does next.
    enum PollAction: Equatable {
        case poll
        /// Close the client, then call `pollThreadFinished`.
        case closeAndExit
    }

    /// What `close` must do.
    enum CloseAction {
        /// First request: wake the poll thread so it closes, then wait (if there is a waiter).
        case stopPollThread
        /// Already closing: the waiter was queued and will be resumed with the others.
        case wait
        /// Already closed: resume the waiter now.
        case resumeNow(Waiter?)
    }

    private(set) var state: State = .running

    var isRunning: Bool {
        if case .running = state { true } else { false }
    }

    func nextPollAction() -> PollAction {
        switch state {
        case .running: .poll
        case .closing: .closeAndExit
        case .closed: preconditionFailure("the poll thread runs after its client closed")
        }
    }

    mutating func closeRequested(waiter: Waiter?) -> CloseAction {
        switch state {
        case .running:
            state = .closing(waiters: waiter.map { [$0] } ?? [])
            return .stopPollThread
        case .closing(var waiters):
            if let waiter { waiters.append(waiter) }
            state = .closing(waiters: waiters)
            return .wait
        case .closed:
            return .resumeNow(waiter)
        }
    }

    /// The poll thread closed the client and is exiting: the waiters to resume.
    mutating func pollThreadFinished() -> [Waiter] {
        guard case .closing(let waiters) = state else {
            preconditionFailure("the poll thread finished without a close request")
        }
        state = .closed
        return waiters
    }
}
