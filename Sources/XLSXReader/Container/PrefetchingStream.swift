#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A big part inflated one chunk ahead, on a second thread, while the
/// tokenizer scans the chunk before: inflating costs about as much as
/// scanning, so overlapping them brings a large sheet's read towards the
/// inflate-only floor (issue 16). Memory is fixed: three chunks, whatever
/// the part's size. Every byte still goes through `ZipEntryStream.read`, so
/// the limits and their errors are those of the single-thread path; an
/// error reaches the reader after the bytes inflated before it, and stays.
/// Dropping the stream stops the worker and waits for it.
final class PrefetchingStream: ByteSource, @unchecked Sendable {
    static let chunkBytes = 1 << 18
    static let chunkCount = 3

    private let inner: ZipEntryStream
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var thread = pthread_t()
    private let buffers: [UnsafeMutableRawPointer]
    // Shared, under `mutex`:
    private var free: [Int]
    private var filled: [(chunk: Int, count: Int)] = []
    private var ended = false
    private var failure: XLSXError?
    private var stopping = false
    // The reader's own:
    private var current: Int?
    private var offset = 0
    private var count = 0

    init(_ inner: ZipEntryStream) {
        self.inner = inner
        buffers = (0..<Self.chunkCount).map { _ in UnsafeMutableRawPointer.allocate(byteCount: Self.chunkBytes, alignment: 64) }
        free = Array(0..<Self.chunkCount)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
        // Unretained: `deinit` joins the worker before the object goes.
        let me = Unmanaged.passUnretained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<PrefetchingStream>.fromOpaque(context!).takeUnretainedValue().work()
            return nil
        }, me)
        precondition(started == 0, "pthread_create")
    }

    deinit {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
        pthread_join(thread, nil)
        buffers.forEach { $0.deallocate() }
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    /// The worker: fills free chunks until the end of the part, an error, or the reader leaves.
    private func work() {
        while true {
            pthread_mutex_lock(&mutex)
            while free.isEmpty && !stopping { pthread_cond_wait(&changed, &mutex) }
            if stopping { pthread_mutex_unlock(&mutex); return }
            let chunk = free.removeLast()
            pthread_mutex_unlock(&mutex)

            var n = 0
            var error: XLSXError?
            do { n = try inner.read(into: buffers[chunk], count: Self.chunkBytes) } catch let e { error = e }

            pthread_mutex_lock(&mutex)
            if let error {
                failure = error
                ended = true
            } else if n == 0 {
                ended = true
            } else {
                filled.append((chunk, n))
            }
            pthread_cond_broadcast(&changed)
            pthread_mutex_unlock(&mutex)
            if error != nil || n == 0 { return }
        }
    }

    func read(into buffer: UnsafeMutableRawPointer, count wanted: Int) throws(XLSXError) -> Int {
        if current == nil || offset == count {
            pthread_mutex_lock(&mutex)
            if let done = current {
                free.append(done)
                current = nil
                pthread_cond_broadcast(&changed)
            }
            while filled.isEmpty && !ended { pthread_cond_wait(&changed, &mutex) }
            guard !filled.isEmpty else {
                let failure = failure
                pthread_mutex_unlock(&mutex)
                if let failure { throw failure }
                return 0
            }
            let next = filled.removeFirst()
            pthread_mutex_unlock(&mutex)
            current = next.chunk
            count = next.count
            offset = 0
        }
        let n = min(wanted, count - offset)
        buffer.copyMemory(from: buffers[current!] + offset, byteCount: n)
        offset += n
        return n
    }
}

/// One POSIX mutex. libzip's entries of one archive share its source: a part
/// inflated ahead and another read in step must not call into it at once.
final class PosixMutex: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
