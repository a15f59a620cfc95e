import CGPIOD
public import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The GPIO chips of this machine, through libgpiod 1.6 or 2.x (whichever the build found; see
/// ``apiVersion``).
///
/// Stateless: each call opens what it needs. Chip handles live only for a scan or a lookup; each
/// requested line keeps its own descriptor (``HardwareLine``) for the daemon's whole life.
public struct HardwareGPIO: GPIOBackend {
    /// Where the chips' device nodes are; `/dev` except in tests.
    public var deviceDirectory: String

    /// The chips under `deviceDirectory`.
    public init(deviceDirectory: String = "/dev") {
        self.deviceDirectory = deviceDirectory
    }

    /// The libgpiod API the module was compiled against: 1 (libgpiod 1.x) or 2 (libgpiod 2.x).
    public static var apiVersion: Int { Int(lc_gpiod_api) }

    /// The version of the libgpiod library loaded, such as `1.6.3` or `2.1.3`.
    public static var libraryVersion: String { String(cString: lc_gpiod_version()) }

    /// The backend as `gpio list` and logs name it.
    public var name: String { "hardware (libgpiod \(Self.libraryVersion))" }

    /// libgpiod 2 sets the kernel's debounce per line; with libgpiod 1 the module debounces.
    public var hasKernelDebounce: Bool { Self.apiVersion >= 2 }

    /// Every GPIO chip the backend has, in name order; a chip that cannot be opened comes with its error.
    public func scanChips() -> [ChipDescription] {
        Self.chipNames(in: deviceDirectory).map { name in
            let path = deviceDirectory + "/" + name
            do throws(GPIOError) {
                return try describeChip(path: path)
            } catch {
                return ChipDescription(path: path, name: name, label: nil, lineCount: nil, openError: error)
            }
        }
    }

    /// The chip at `path`: name, label and line count.
    public func describeChip(path: String) throws(GPIOError) -> ChipDescription {
        let chip = try ChipHandle(path: path)
        var info = lc_gpiod_chip_info()
        guard lc_gpiod_chip_get_info(chip.pointer, &info) == 0 else {
            throw GPIOError.system(errno, "cannot read the information of \(path)")
        }
        return ChipDescription(
            path: path, name: cString(info.name), label: cString(info.label), lineCount: Int(info.num_lines))
    }

    /// Every line of `chip`, with its name and whether another consumer holds it.
    public func lines(of chip: ChipDescription) throws(GPIOError) -> [LineInfo] {
        let handle = try ChipHandle(path: chip.path)
        var count = chip.lineCount ?? 0
        if chip.lineCount == nil { count = try describeChip(path: chip.path).lineCount ?? 0 }
        var lines: [LineInfo] = []
        lines.reserveCapacity(count)
        for offset in 0..<count {
            lines.append(try Self.lineInfo(handle.pointer, offset: offset, chip: chip))
        }
        return lines
    }

    /// Requests `line` of `chip` with `settings`, in the name of `consumer`.
    public func requestLine(on chip: ChipDescription, line: LineInfo, settings: LineSettings, consumer: String)
        throws(GPIOError)
        -> any GPIOLineHandle
    {
        var config = lc_gpiod_line_config()
        config.offset = UInt32(line.offset)
        config.output = settings.isOutput
        config.active_low = settings.activeLow
        config.bias = Self.bias(settings.bias)
        config.edges = settings.edges
        config.debounce_us = hasKernelDebounce ? UInt(clamping: settings.debounce.clampedNanoseconds / 1000) : 0
        config.initial_value = settings.initialValue ? 1 : 0
        var request: UnsafeMutablePointer<lc_gpiod_request>?
        var failure: Int32 = 0
        repeat {
            request = lc_gpiod_request_line(chip.path, consumer, &config)
            failure = request == nil ? errno : 0
        } while failure == EINTR
        guard let request else {
            if failure == EBUSY {
                // Who holds it, from the line's info: the whole point of the message.
                throw GPIOError.busy(line, on: chip, consumer: Self.holder(of: line, on: chip))
            }
            throw GPIOError.system(
                failure, "cannot request line \(line.displayName) of \(chip.description) at \(chip.path)")
        }
        return try HardwareLine(
            request: request, offset: line.offset, label: "line \(line.displayName) of \(chip.name)",
            edges: settings.edges)
    }

    // MARK: Helpers

    /// The `gpiochipN` entries of `directory`, by number.
    static func chipNames(in directory: String) -> [String] {
        var names: [(number: Int, name: String)] = []
        for name in (try? Files.entries(inDirectory: directory)) ?? [] {
            guard name.hasPrefix("gpiochip"), let number = Int(name.dropFirst("gpiochip".count)), number >= 0 else {
                continue
            }
            names.append((number, name))
        }
        return names.sorted { $0.number < $1.number }.map(\.name)
    }

    /// Who holds `line`, from its info; `nil` if that cannot be read.
    private static func holder(of line: LineInfo, on chip: ChipDescription) -> String? {
        do throws(GPIOError) {
            let handle = try ChipHandle(path: chip.path)
            return try lineInfo(handle.pointer, offset: line.offset, chip: chip).consumer
        } catch {
            return nil
        }
    }

    private static func lineInfo(_ pointer: OpaquePointer, offset: Int, chip: ChipDescription) throws(GPIOError)
        -> LineInfo
    {
        var info = lc_gpiod_line_info()
        guard lc_gpiod_chip_get_line_info(pointer, UInt32(offset), &info) == 0 else {
            throw GPIOError.system(errno, "cannot read line \(offset) of \(chip.path)")
        }
        return LineInfo(offset: offset, name: cString(info.name), consumer: cString(info.consumer), isUsed: info.used)
    }

    private static func bias(_ bias: Bias) -> lc_gpiod_bias {
        switch bias {
        case .asIs: LC_GPIOD_BIAS_AS_IS
        case .disabled: LC_GPIOD_BIAS_DISABLED
        case .pullUp: LC_GPIOD_BIAS_PULL_UP
        case .pullDown: LC_GPIOD_BIAS_PULL_DOWN
        }
    }
}

/// An open chip, closed when it goes out of scope; used only within one lookup.
struct ChipHandle: ~Copyable {
    let pointer: OpaquePointer

    /// Opens the chip at `path`, retrying `EINTR`.
    init(path: String) throws(GPIOError) {
        var failure: Int32 = 0
        repeat {
            if let pointer = lc_gpiod_chip_open(path) {
                self.pointer = pointer
                return
            }
            failure = errno
        } while failure == EINTR
        throw GPIOError.system(failure, "cannot open GPIO chip \(path)")
    }

    deinit {
        lc_gpiod_chip_close(pointer)
    }
}

/// The text of a fixed-size C character array.
func cString<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}
