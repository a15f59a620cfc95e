import LooselyCoupled
import LooselyCoupledTestKit
import SystemPackage
import Testing

@testable import LooselyCoupledI2C

#if canImport(Glibc)
    import Glibc
#endif

@Suite("scan probes, bus names and error messages")
struct ScanAndErrorTests {
    @Test("auto probes as i2cdetect does: receive byte on EEPROM ranges, quick write elsewhere")
    func probes() {
        let probe = ScanResult.Probe.auto
        #expect(probe.transaction(for: 0x20, functionality: .fullI2C) == .quickWrite)
        #expect(probe.transaction(for: 0x30, functionality: .fullI2C) == .receiveByte)
        #expect(probe.transaction(for: 0x37, functionality: .fullI2C) == .receiveByte)
        #expect(probe.transaction(for: 0x38, functionality: .fullI2C) == .quickWrite)
        #expect(probe.transaction(for: 0x50, functionality: .fullI2C) == .receiveByte)
        #expect(probe.transaction(for: 0x5F, functionality: .fullI2C) == .receiveByte)
        #expect(probe.transaction(for: 0x60, functionality: .fullI2C) == .quickWrite)
        // Without quick write, auto falls back to a receive byte; quick alone cannot probe.
        #expect(probe.transaction(for: 0x20, functionality: [.smbusReadByte]) == .receiveByte)
        #expect(ScanResult.Probe.quick.transaction(for: 0x20, functionality: [.smbusReadByte]) == nil)
        #expect(ScanResult.Probe.read.transaction(for: 0x20, functionality: .fullI2C) == .receiveByte)
    }

    @Test("the table is i2cdetect -y's: 0x08–0x77, addresses, UU and --")
    func table() {
        let result = ScanResult(present: [0x20, 0x76], inUse: [.init(address: 0x77, driver: "bmp280")])
        let lines = result.table.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0] == "     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f")
        #expect(lines[1] == "00:                         -- -- -- -- -- -- -- --")
        #expect(lines[3] == "20: 20 -- -- -- -- -- -- -- -- -- -- -- -- -- -- --")
        #expect(lines[8] == "70: -- -- -- -- -- -- 76 UU")
    }

    @Test("a bus by number, path or adapter name; an unknown name lists the buses and says how to enable I2C")
    func busSpecs() throws {
        let buses = [
            I2CBusInfo(number: 1, name: "bcm2835 (i2c@7e804000)"), I2CBusInfo(number: 20, name: "fef04500.i2c"),
        ]
        #expect(BusSpec("1") == .number(1))
        #expect(BusSpec("/dev/i2c-3") == .path("/dev/i2c-3"))
        #expect(try BusSpec("fef04500.i2c")?.resolve(among: buses) == "/dev/i2c-20")
        let error = #expect(throws: I2CError.self) { try BusSpec("SMBus stub driver")?.resolve(among: buses) }
        #expect(error?.code == .busNotFound)
        #expect(error?.message.contains("/dev/i2c-1 [bcm2835 (i2c@7e804000)], /dev/i2c-20 [fef04500.i2c]") == true)
        #expect(error?.message.contains("dtparam=i2c_arm=on") == true)
    }

    @Test("adapter names come from sysfs, by bus number")
    func sysfsBuses() throws {
        let root = makeTemporaryDirectory("lc-i2c")
        defer {
            for bus in ["i2c-1", "i2c-10"] {
                unlink("\(root)/\(bus)/name")
                rmdir("\(root)/\(bus)")
            }
            rmdir(root)
        }
        for (bus, name) in [("i2c-10", "SMBus stub driver"), ("i2c-1", "bcm2835 (i2c@7e804000)")] {
            mkdir("\(root)/\(bus)", 0o755)
            let file = fopen("\(root)/\(bus)/name", "w")
            fputs(name + "\n", file)
            fclose(file)
        }
        #expect(
            SysFS.buses(root: root) == [
                I2CBusInfo(number: 1, name: "bcm2835 (i2c@7e804000)"),
                I2CBusInfo(number: 10, name: "SMBus stub driver"),
            ])
    }

    @Test("errno becomes what to check: 121 and ENXIO the wiring, EACCES the i2c group, EBUSY the driver")
    func messages() {
        for errno in [I2CError.remoteIO, .noSuchAddressOrDevice] {
            let error = I2CError.transfer(errno, bus: "/dev/i2c-1", address: 0x76)
            #expect(error.code == .noDevice)
            #expect(error.message == "no device answered at 0x76 on /dev/i2c-1: check wiring, address and pull-ups")
            #expect(error.errno == errno)
        }
        #expect(I2CError.remoteIO.rawValue == 121)
        let denied = I2CError.open(.permissionDenied, path: "/dev/i2c-1", buses: [])
        #expect(denied.code == .permissionDenied && denied.message.contains("usermod -aG i2c"))
        let missing = I2CError.open(.noSuchFileOrDirectory, path: "/dev/i2c-1", buses: [])
        #expect(missing.code == .busNotFound && missing.message.contains("there is no I2C bus at all"))
        let busy = I2CError.addressBusy(bus: "/dev/i2c-1", address: 0x77, driver: "bmp280", errno: .resourceBusy)
        #expect(busy.message.hasPrefix("0x77 on /dev/i2c-1 is in use by the kernel driver bmp280"))
        #expect(busy.description.hasSuffix("(errno 16)]"))
    }
}
