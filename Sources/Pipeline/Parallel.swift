import Foundation

/// A bounded worker pool: `transform` runs on up to `jobs` threads, results
/// come back in input order — so what is written never depends on `jobs`.
public enum Parallel {
    public static func map<T, R>(_ items: [T], jobs: Int, _ transform: (T) -> R) -> [R] {
        guard jobs > 1, items.count > 1 else { return items.map(transform) }
        let box = Box<R>(count: items.count)
        withoutActuallyEscaping(transform) { transform in
            let work = UncheckedSendable(value: transform)
            let input = UncheckedSendable(value: items)
            DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
                while let i = box.next() {
                    box.set(i, work.value(input.value[i]))
                }
            }
        }
        return box.results()
    }

    /// Results by index, and the next index to take, under one lock.
    final class Box<R>: @unchecked Sendable {
        private var storage: [R?]
        private var cursor = 0
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard cursor < storage.count else { return nil }
            cursor += 1
            return cursor - 1
        }

        func set(_ i: Int, _ value: R) {
            lock.lock(); defer { lock.unlock() }
            storage[i] = value
        }

        func results() -> [R] { storage.map { $0! } }
    }

    struct UncheckedSendable<V>: @unchecked Sendable { let value: V }
}
