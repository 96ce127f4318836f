import PerformanceModel

/// A closure or a reopening of one monitoring round (`piao close`, `piao reopen`):
/// who, when, why. The history keeps every one; the last decides the state.
public struct RoundEvent: Sendable, Equatable {
    public enum Action: String, Sendable {
        case close = "chiusura"
        case reopen = "riapertura"
    }

    public let date: CalendarDate
    public let action: Action
    public let author: String
    public let reason: String
    /// When it was decided, as the comune's clock shows it ("02/12/2026 17:30").
    public let at: String

    public init(date: CalendarDate, action: Action, author: String, reason: String, at: String) {
        self.date = date
        self.action = action
        self.author = author
        self.reason = reason
        self.at = at
    }
}

/// The state of a round: open, closed (its outputs are those of the closure), or reopened.
public enum RoundState: Sendable, Equatable {
    case open
    case closed(RoundEvent)
    case reopened(RoundEvent)

    public init(_ events: [RoundEvent], date: CalendarDate) {
        guard let last = events.last(where: { $0.date == date }) else { self = .open; return }
        self = last.action == .close ? .closed(last) : .reopened(last)
    }

    public var isClosed: Bool { if case .closed = self { return true } else { return false } }

    /// "aperto", "chiuso il 20/02/2025 10:00 da Rossi (validazione OIV del 18/02/2025)", "riaperto il … da … perché …".
    public var italian: String {
        switch self {
        case .open: return "aperto"
        case .closed(let e): return "chiuso il \(e.at) da \(e.author) (\(e.reason))"
        case .reopened(let e): return "riaperto il \(e.at) da \(e.author) perché \(e.reason)"
        }
    }
}
