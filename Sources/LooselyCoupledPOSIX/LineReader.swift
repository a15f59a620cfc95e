import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads newline-terminated lines from a blocking descriptor, at most ``limit`` bytes each.
///
/// A longer line is reported once as ``Line/tooLong`` and skipped up to its newline, so the
/// stream stays usable; the reader never holds much more than `limit` bytes.
package struct LineReader {
    package enum Line: Equatable {
        /// A line without its newline (and without a `\r` before it).
        case line([UInt8])
        /// A line longer than the limit; it was skipped.
        case tooLong
        /// The peer closed its side (a last line without newline comes first as `.line`).
        case end
    }

    package let descriptor: Int32
    package let limit: Int
    private var buffer: [UInt8] = []
    /// What one `read` fills; made once, so no read zero-fills or grows element by element.
    private var scratch = [UInt8](repeating: 0, count: LineReader.chunk)
    /// Where the current line starts in `buffer`.
    private var start = 0
    /// How far `buffer` has been searched for a newline.
    private var scanned = 0
    /// Skipping the rest of a line that was too long.
    private var discarding = false
    private var ended = false

    package init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// The next line, `.tooLong` or `.end`.
    ///
    /// - Throws: ``SystemError`` when `read` fails.
    package mutating func next() throws(SystemError) -> Line {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                compact()
                if discarding {
                    discarding = false
                    continue
                }
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line.count > limit ? .tooLong : .line(line)
            }
            scanned = buffer.count
            if !discarding && buffer.count - start > limit {
                discarding = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
                return .tooLong
            }
            if discarding {
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            }
            if ended {
                guard start < buffer.count, !discarding else { return .end }
                let line = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                scanned = 0
                return .line(line)
            }
            try fill()
        }
    }

    /// The most one `read` takes: 16 KiB, resident for each connection while it is open.
    package static let chunk = 16 << 10

    private mutating func fill() throws(SystemError) {
        // Read into the scratch buffer and append what came, a memcpy: appending 64 KiB of
        // zeros to read into went element by element through a generic iterator, which took
        // minutes for a 1 MiB line under ThreadSanitizer with many clients at once.
        let count: Int
        do throws(Errno) {
            count = try Files.errno {
                try scratch.withUnsafeMutableBytes { try FileDescriptor(rawValue: descriptor).read(into: $0) }
            }
        } catch .connectionReset {
            ended = true
            return
        } catch {
            throw SystemError("read from the socket", errno: error)
        }
        if count == 0 { ended = true }
        buffer.append(contentsOf: scratch[..<count])
    }

    /// Drops consumed bytes once they are the larger part of the buffer.
    private mutating func compact() {
        guard start > 0, start >= buffer.count / 2 else { return }
        buffer.removeFirst(start)
        scanned -= start
        start = 0
    }
}
