import Corpus
import Dispatch
import Foundation
import Synchronization

/// The output file of a collection: what it already holds, and appends that are on disk (written and
/// fsync'd) before they return.
///
/// Opening takes an exclusive lock on the file (a second run on the same file stops at once) and repairs a
/// torn last line left by a killed run: a last line without its line feed is completed when it is a whole
/// JSON object, else cut off. Concurrent appends are written and synced together ("group commit"), so
/// durability costs one `fsync` per batch rather than per answer.
public final class CollectStore: Sendable {
    /// The file's path.
    public let path: String
    /// What the file held when opened.
    public let existing: StoredRecords
    private let descriptor: Int32
    private let state: Mutex<AppendQueue>
    private let writer = DispatchQueue(label: "lineage.collect.store")

    private struct AppendQueue {
        var pending: [(bytes: [UInt8], done: CheckedContinuation<Result<Void, CollectError>, Never>)] = []
        var flushing = false
        var size: off_t
        var broken: CollectError?
    }

    /// Opens (creating when missing) the output file at `path`, locks it and reads what it holds.
    public init(path: String) throws(CollectError) {
        let location = SourceLocation(file: path)
        let directory = PathName.parent(of: path)
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let created = !FileManager.default.fileExists(atPath: path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CollectError(.outputFile, at: location, "cannot open: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            close(descriptor)
            throw CollectError(
                busy ? .outputInUse : .outputFile, at: location,
                busy ? "another lineage collect is writing to it" : "cannot lock: \(String(cString: strerror(errno)))")
        }
        do throws(CollectError) {
            if created { Self.syncDirectory(of: path) }
            let contents = try Self.readAll(descriptor, location: location)
            let (records, keep, complete) = try StoredRecords.scan(contents, file: path)
            if keep < contents.count || complete {
                if keep < contents.count, ftruncate(descriptor, off_t(keep)) != 0 {
                    throw CollectError(
                        .outputFile, at: location,
                        "cannot cut off the torn last line: \(String(cString: strerror(errno)))")
                }
                if complete { try Self.writeAll([0x0A], to: descriptor, location: location) }
                guard fsync(descriptor) == 0 else {
                    throw CollectError(.outputFile, at: location, "cannot sync: \(String(cString: strerror(errno)))")
                }
            }
            self.existing = records
            self.state = Mutex(AppendQueue(size: off_t(keep + (complete ? 1 : 0))))
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Appends `line` (one JSON record and its line feed) and returns once it is written and synced to disk.
    public func append(_ line: [UInt8]) async throws(CollectError) {
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Void, CollectError>, Never>) in
            let startFlusher = state.withLock { queue -> Bool in
                if let broken = queue.broken {
                    done.resume(returning: .failure(broken))
                    return false
                }
                queue.pending.append((line, done))
                if queue.flushing { return false }
                queue.flushing = true
                return true
            }
            if startFlusher { writer.async { self.flush() } }
        }
        try result.get()
    }

    /// Writes and syncs batches until no append is waiting (runs on `writer`, where blocking is fine).
    private func flush() {
        while true {
            let (batch, size) = state.withLock { queue in
                let batch = queue.pending
                queue.pending = []
                if batch.isEmpty { queue.flushing = false }
                return (batch, queue.size)
            }
            if batch.isEmpty { return }
            let bytes = batch.flatMap(\.bytes)
            let location = SourceLocation(file: path)
            var result: Result<Void, CollectError> = .success(())
            do throws(CollectError) {
                try Self.writeAll(bytes, to: descriptor, location: location)
                guard fsync(descriptor) == 0 else {
                    throw CollectError(.outputFile, at: location, "cannot sync: \(String(cString: strerror(errno)))")
                }
            } catch {
                // Leave no partial line behind; later appends fail with the same error.
                _ = ftruncate(descriptor, size)
                result = .failure(error)
            }
            state.withLock { queue in
                switch result {
                case .success: queue.size += off_t(bytes.count)
                case .failure(let error): queue.broken = error
                }
            }
            for entry in batch { entry.done.resume(returning: result) }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, location: SourceLocation) throws(CollectError)
    {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CollectError(.outputFile, at: location, "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    private static func readAll(_ descriptor: Int32, location: SourceLocation) throws(CollectError) -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CollectError(.outputFile, at: location, "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[..<count])
            offset += off_t(count)
        }
    }

    /// Makes a new file's directory entry durable.
    private static func syncDirectory(of path: String) {
        let directory = PathName.parent(of: path)
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
