import LooselyCoupled
import LooselyCoupledTestKit
import SystemPackage
import Testing

@testable import LooselyCoupledGPIO

#if canImport(Glibc)
    import Glibc
#endif

/// The parts of the libgpiod backend that do not need a GPIO chip: lookups over a scan, the
/// error messages, the library version; and what the real library says about files that are
/// not chips. The backend against a kernel's GPIO driver (gpio-sim, in a VM) is
/// `scripts/vm-test-gpio.sh`: this machine's kernel has no GPIO support.
@Suite("HardwareGPIO without a chip")
struct HardwareGPIOTests {
    static let pi4 = ChipDirectory(chips: [
        ChipDescription(path: "/dev/gpiochip0", name: "gpiochip0", label: "pinctrl-bcm2711", lineCount: 58),
        ChipDescription(path: "/dev/gpiochip1", name: "gpiochip1", label: "raspberrypi-exp-gpio", lineCount: 8),
    ])

    @Test("the libgpiod API compiled in is the one installed (LOOSELYCOUPLED_EXPECT_LIBGPIOD_API checks the 2.x build)")
    func libraryVersion() {
        #expect([1, 2].contains(HardwareGPIO.apiVersion))
        #expect(HardwareGPIO.libraryVersion.hasPrefix("\(HardwareGPIO.apiVersion)."))
        #expect(HardwareGPIO().hasKernelDebounce == (HardwareGPIO.apiVersion == 2))
        if let expected = getenv("LOOSELYCOUPLED_EXPECT_LIBGPIOD_API").map({ String(cString: $0) }) {
            #expect(String(HardwareGPIO.apiVersion) == expected)
        }
    }

    @Test("chips resolve by path, name, number and label; an unlisted path is opened directly")
    func resolve() throws {
        let directory = Self.pi4
        #expect(try directory.resolve("/dev/gpiochip0") == .chip(directory.chips[0]))
        #expect(try directory.resolve("gpiochip1") == .chip(directory.chips[1]))
        #expect(try directory.resolve("1") == .chip(directory.chips[1]))
        #expect(try directory.resolve("pinctrl-bcm2711") == .chip(directory.chips[0]))
        #expect(try directory.resolve("/dev/gpio/by-label/x") == .path("/dev/gpio/by-label/x"))
    }

    @Test("a missing chip names the chips there are, those that could not be opened, or that there are none")
    func missingChip() {
        let error = #expect(throws: GPIOError.self) { try Self.pi4.resolve("pinctrl-rp1") }
        #expect(error?.code == .chipNotFound)
        #expect(
            error?.description
                == "no GPIO chip 'pinctrl-rp1' (by path, name or label); the chips are: gpiochip0 [pinctrl-bcm2711, 58 lines], gpiochip1 [raspberrypi-exp-gpio, 8 lines]"
        )

        let denied = ChipDirectory(chips: [
            ChipDescription(
                path: "/dev/gpiochip0", name: "gpiochip0", label: nil, lineCount: nil,
                openError: GPIOError.system(EACCES, "cannot open GPIO chip /dev/gpiochip0"))
        ])
        #expect(
            denied.notFound("pinctrl-rp1").message
                == "no GPIO chip 'pinctrl-rp1' (by path, name or label); the chips are: gpiochip0 [cannot open: Permission denied]; some could not be opened: add the daemon's user to the gpio group"
        )
        #expect(
            ChipDirectory(chips: []).notFound("gpiochip0").message.hasPrefix(
                "no GPIO chip 'gpiochip0': this system has no GPIO chips (no /dev/gpiochip*)"))
    }

    @Test("lines resolve by offset or name; misses list the names or the range")
    func lines() throws {
        let chip = Self.pi4.chips[1]
        let lines = ["BT_ON", "WL_ON", "PWR_LED_OFF", "", "", "", "", ""].enumerated().map {
            LineInfo(offset: $0.offset, name: $0.element)
        }
        #expect(try LineSpec.name("PWR_LED_OFF").resolve(on: chip, lines: lines).offset == 2)
        #expect(try LineSpec.offset(7).resolve(on: chip, lines: lines).name == "")
        #expect(
            throws: GPIOError(
                .lineNotFound, "gpiochip1 [raspberrypi-exp-gpio, 8 lines] has no line 8 (its offsets: 0…7)")
        ) {
            try LineSpec.offset(8).resolve(on: chip, lines: lines)
        }
        #expect(
            throws: GPIOError(
                .lineNotFound,
                "gpiochip1 [raspberrypi-exp-gpio, 8 lines] has no line named 'bt_on' (did you mean 'BT_ON'?); its lines are: BT_ON, WL_ON, PWR_LED_OFF"
            )
        ) {
            try LineSpec.name("bt_on").resolve(on: chip, lines: lines)
        }
        #expect(
            throws: GPIOError(
                .lineNotFound,
                "gpiochip1 [raspberrypi-exp-gpio, 8 lines] has no line named 'PWR_LED_OF' (did you mean 'PWR_LED_OFF'?); its lines are: BT_ON, WL_ON, PWR_LED_OFF"
            )
        ) {
            try LineSpec.name("PWR_LED_OF").resolve(on: chip, lines: lines)
        }
        // BT_ON and WL_ON are both two letters from XX_ON: no guess.
        #expect(
            throws: GPIOError(
                .lineNotFound,
                "gpiochip1 [raspberrypi-exp-gpio, 8 lines] has no line named 'XX_ON'; its lines are: BT_ON, WL_ON, PWR_LED_OFF"
            )
        ) {
            try LineSpec.name("XX_ON").resolve(on: chip, lines: lines)
        }
        let unnamed = (0..<4).map { LineInfo(offset: $0, name: "") }
        #expect(
            throws: GPIOError(
                .lineNotFound,
                "gpiochip1 [raspberrypi-exp-gpio, 8 lines] has no line named 'LED': its lines have no names; use the line's offset (0…3)"
            )
        ) {
            try LineSpec.name("LED").resolve(on: chip, lines: unnamed)
        }
    }

    @Test("errors keep errno with its text and say what to check")
    func errors() {
        let denied = GPIOError.system(EACCES, "cannot open GPIO chip /dev/gpiochip0")
        #expect(denied.code == .permissionDenied)
        #expect(denied.description.contains("usermod -aG gpio looselycoupled"))
        #expect(denied.description.hasSuffix("[Permission denied (errno 13)]"))
        #expect(
            GPIOError.system(EIO, "cannot write line 4").description
                == "cannot write line 4 [Input/output error (errno 5)]")
        let line = LineInfo(offset: 17, name: "GPIO17")
        let busy = GPIOError.busy(line, on: Self.pi4.chips[0], consumer: "gpio-keys")
        #expect(
            busy.message.hasPrefix(
                "line GPIO17 (offset 17) of gpiochip0 [pinctrl-bcm2711, 58 lines] is busy: 'gpio-keys' holds it."))
        #expect(busy.errno == .resourceBusy)
        #expect(
            GPIOError.busy(line, on: Self.pi4.chips[0], consumer: "").message.contains(
                "a consumer without a name holds it"))
    }

    @Test("a scan lists gpiochipN by number and reports files that are not chips with libgpiod's own errno")
    func scanNonChips() throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        for name in ["gpiochip10", "gpiochip2", "gpiochipX", "gpiochip0", "ttyS0"] {
            let file = fopen(directory + "/" + name, "w")
            fclose(file)
        }
        #expect(HardwareGPIO.chipNames(in: directory) == ["gpiochip0", "gpiochip2", "gpiochip10"])
        let chips = HardwareGPIO(deviceDirectory: directory).scanChips()
        #expect(chips.map(\.name) == ["gpiochip0", "gpiochip2", "gpiochip10"])
        for chip in chips {
            #expect(chip.openError?.code == .chipNotFound, "\(chip)")
            #expect(chip.openError?.message.contains("not a GPIO character device") == true)
        }
        let error = #expect(throws: GPIOError.self) { try HardwareGPIO().describeChip(path: directory + "/missing") }
        #expect(error?.errno == .noSuchFileOrDirectory)
    }

    @Test("kernel timestamps on another clock (before Linux 5.7) are replaced by now")
    func timestamps() {
        let now: UInt64 = 5_000_000_000_000
        #expect(HardwareLine.plausible(now - 1_000_000, now: now) == now - 1_000_000)
        #expect(HardwareLine.plausible(1_700_000_000_000_000_000, now: now) == now)
    }
}
