#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Unix-domain sockets: the control socket's listener and clients, and notify datagrams.
package enum UnixSocket {
    /// A listening stream socket at a path, and the inode of its file, so that shutdown removes
    /// the file only if it is still this socket's.
    package struct Listener {
        package let descriptor: SocketDescriptor
        package let path: String
        package let inode: UInt64
    }

    /// Connects a stream socket to `path`.
    ///
    /// - Throws: ``SystemError``; `ENOENT` and `ECONNREFUSED` mean nobody listens there.
    package static func connect(to path: String) throws(SystemError) -> SocketDescriptor {
        let address = try address(path)
        let socket = try stream()
        let (result, code) = address.withSockaddr { pointer, length in
            retryingInterrupts { systemConnect(socket.rawValue, pointer, length) }
        }
        if result < 0 { throw SystemError("connect to \(path)", errno: code) }
        return socket
    }

    /// Listens at `path` with mode 0660, creating missing directories (mode 0750).
    ///
    /// A socket file left behind by a daemon that died is replaced; one that a running daemon
    /// still answers on is not.
    ///
    /// - Throws: ``SystemError`` naming the path and what to check.
    package static func listen(at path: String, backlog: Int32 = 32) throws(SystemError) -> Listener {
        let address = try address(path)
        try makeParentDirectories(of: path)
        try removeStaleSocket(at: path)
        let socket = try stream()
        let bound = address.withSockaddr { pointer, length in bind(socket.rawValue, pointer, length) }
        guard bound == 0 else { throw SystemError("bind \(path)", errno: errno) }
        // Until listen() nobody can connect, so tightening the mode here leaves no window.
        guard chmod(path, 0o660) == 0 else { throw SystemError("set the mode of \(path)", errno: errno) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw SystemError("stat \(path)", errno: errno) }
        guard systemListen(socket.rawValue, backlog) == 0 else { throw SystemError("listen on \(path)", errno: errno) }
        return Listener(descriptor: socket, path: path, inode: UInt64(status.st_ino))
    }

    /// Removes the socket file of `listener` if it is still the one it created.
    package static func remove(_ listener: Listener) {
        var status = stat()
        guard stat(listener.path, &status) == 0, UInt64(status.st_ino) == listener.inode else { return }
        unlink(listener.path)
    }

    /// Accepts one client of `listener`.
    package static func accept(_ listener: SocketDescriptor) -> Result<SocketDescriptor, SystemError> {
        // accept4 with SOCK_CLOEXEC is not visible to Swift through Glibc; set the flag right after.
        let (descriptor, code) = retryingInterrupts { systemAccept(listener.rawValue) }
        guard descriptor >= 0 else { return .failure(SystemError("accept a control client", errno: code)) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return .success(SocketDescriptor(descriptor))
    }

    /// Sends `message` as one datagram to the socket at `path` (`@name` for an abstract name).
    package static func sendDatagram(_ message: String, to path: String) throws(SystemError) {
        let address = try address(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("create a datagram socket", errno: errno) }
        let socket = SocketDescriptor(descriptor)
        let bytes = Array(message.utf8)
        let (result, code) = bytes.withUnsafeBytes { buffer in
            address.withSockaddr { pointer, length in
                retryingInterrupts {
                    sendto(socket.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), pointer, length)
                }
            }
        }
        if result < 0 { throw SystemError("notify \(path)", errno: code) }
    }

    // MARK: Helpers

    private static func address(_ path: String) throws(SystemError) -> UnixSocketAddress {
        guard let address = UnixSocketAddress(path) else {
            throw SystemError(
                "use \(path) as a socket address", errno: ENAMETOOLONG,
                hint: "a socket path must be 1 to \(UnixSocketAddress.maximumPathLength) bytes")
        }
        return address
    }

    private static func stream() throws(SystemError) -> SocketDescriptor {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("create a socket", errno: errno) }
        return SocketDescriptor(descriptor)
    }

    private static func makeParentDirectories(of path: String) throws(SystemError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var prefix = ""
        for (index, component) in components.enumerated() {
            prefix += (index == 0 ? "" : "/") + component
            guard !component.isEmpty else { continue }
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                throw SystemError("create the directory \(prefix)", errno: errno)
            }
        }
    }

    private static func removeStaleSocket(at path: String) throws(SystemError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw SystemError("listen on \(path)", errno: EEXIST, hint: "it exists and is not a socket")
        }
        if let probe = try? connect(to: path) {
            probe.close()
            throw SystemError(
                "listen on \(path)", errno: EADDRINUSE, hint: "another looselycoupled daemon is running there")
        }
        unlink(path)
    }
}

// The C calls, at file scope where the methods above do not shadow their names.
private func systemConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(descriptor, address, length)
}

private func systemAccept(_ descriptor: Int32) -> Int32 {
    accept(descriptor, nil, nil)
}

private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 {
    listen(descriptor, backlog)
}
