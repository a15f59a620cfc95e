import LooselyCoupled
import SystemPackage
import Testing

/// A module type of a user's own, with an error domain of its own, as `DeviceError`'s
/// documentation shows it.
enum MeterErrors {}
typealias MeterError = DeviceError<MeterErrors>

extension DeviceError.Code where Domain == MeterErrors {
    static var silent: Self { Self("silent") }
}

@Suite("DeviceError: the hardware module types' one error shape")
struct DeviceErrorTests {
    @Test("the message, then the kernel's reason and errno; without errno the message alone")
    func description() {
        let busy = MeterError(.system, "cannot open /dev/ttyUSB0", errno: .resourceBusy)
        #expect(busy.description == "cannot open /dev/ttyUSB0 [Device or resource busy (errno 16)]")
        #expect(MeterError(.silent, "the meter does not answer").description == "the meter does not answer")
    }

    @Test("a domain's codes compare by name and print in snake_case; the shared ones are every domain's")
    func codes() {
        #expect(MeterError.Code.silent == MeterError.Code("silent"))
        #expect(MeterError.Code.silent != .system)
        #expect("\(MeterError.Code.permissionDenied)" == "permission_denied")
        let error: any Error = MeterError(.silent, "the meter does not answer")
        #expect((error as? MeterError)?.code == .silent)
        // Another domain's error is another type: a catch for one never takes the other.
        #expect(!(error is DeviceError<Never>))
    }
}
