public import SystemPackage

/// Why a module type's device could not be opened, set up, read or written: the one error
/// shape of the hardware module types, each with codes of its own.
///
/// The message names the device concerned and says what to check; ``errno`` keeps the
/// kernel's own reason where a system call failed. `Domain` only tells the module types'
/// errors apart, so that each has its own codes:
///
/// ```swift
/// public enum MeterErrors {}
/// public typealias MeterError = DeviceError<MeterErrors>
///
/// extension DeviceError.Code where Domain == MeterErrors {
///     /// The meter does not answer.
///     public static var silent: Self { Self("silent") }
/// }
///
/// throw MeterError(.silent, "the meter on /dev/ttyUSB0 does not answer: check its cable")
/// ```
public struct DeviceError<Domain>: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; compare with the static members. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        /// A code named `name`, in snake_case: for a module type's own codes, declared once as
        /// static members where `Domain` is its domain (see ``DeviceError``). Codes with the
        /// same name are equal.
        public init(_ name: String) { self.name = name }

        /// The daemon's user may not open the device.
        public static var permissionDenied: Self { Self("permission_denied") }
        /// Any other system error; ``DeviceError/errno`` says which.
        public static var system: Self { Self("system") }

        /// The snake_case name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, naming the device, and what to check.
    public var message: String
    /// The kernel's error number, if a system call failed.
    public var errno: Errno?

    /// An error of `code` explained by `message`, keeping `errno` if a system call failed.
    public init(_ code: Code, _ message: String, errno: Errno? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// An error of `code` explained by `message`, with the raw `errno` of the call that failed.
    package init(_ code: Code, _ message: String, errno: Int32) {
        self.init(code, message, errno: Errno(rawValue: errno))
    }

    /// The message, then the system's reason when there is one: `… [Device or resource busy (errno 16)]`.
    public var description: String {
        guard let errno else { return message }
        return "\(message) [\(errno) (errno \(errno.rawValue))]"
    }
}
