/// The BME280's factory calibration and the datasheet's integer compensation (BME280
/// datasheet, section 4.2.3): 32-bit temperature and humidity, 64-bit pressure.
///
/// The arithmetic wraps as the datasheet's C does on two's-complement machines (the kernel's
/// bmp280 driver runs the same code), so readings match it to the last digit.
struct BME280Calibration: Sendable, Hashable {
    var t1: UInt16, t2: Int16, t3: Int16
    var p1: UInt16, p2: Int16, p3: Int16, p4: Int16, p5: Int16, p6: Int16, p7: Int16, p8: Int16, p9: Int16
    var h1: UInt8, h2: Int16, h3: UInt8, h4: Int16, h5: Int16, h6: Int8

    /// From the 26 bytes at 0x88 and the 7 at 0xE1.
    init(_ first: [UInt8], _ second: [UInt8]) {
        func unsigned(_ bytes: [UInt8], _ index: Int) -> UInt16 { UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 }
        func signed(_ bytes: [UInt8], _ index: Int) -> Int16 { Int16(bitPattern: unsigned(bytes, index)) }
        t1 = unsigned(first, 0)
        t2 = signed(first, 2)
        t3 = signed(first, 4)
        p1 = unsigned(first, 6)
        p2 = signed(first, 8)
        p3 = signed(first, 10)
        p4 = signed(first, 12)
        p5 = signed(first, 14)
        p6 = signed(first, 16)
        p7 = signed(first, 18)
        p8 = signed(first, 20)
        p9 = signed(first, 22)
        h1 = first[25]
        h2 = signed(second, 0)
        h3 = second[2]
        // dig_H4 and dig_H5 are 12-bit signed values sharing the nibbles of 0xE5.
        h4 = Int16(Int8(bitPattern: second[3])) << 4 | Int16(second[4] & 0x0F)
        h5 = Int16(Int8(bitPattern: second[5])) << 4 | Int16(second[4] >> 4)
        h6 = Int8(bitPattern: second[6])
    }

    /// The register bytes that hold this calibration: 26 at 0x88, 7 at 0xE1.
    var bytes: (first: [UInt8], second: [UInt8]) {
        func le(_ value: UInt16) -> [UInt8] {
            [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
        }
        func le(_ value: Int16) -> [UInt8] { le(UInt16(bitPattern: value)) }
        var first = le(t1) + le(t2) + le(t3) + le(p1)
        for value in [p2, p3, p4, p5, p6, p7, p8, p9] { first += le(value) }
        first += [0, h1]
        let e5 = UInt8(truncatingIfNeeded: h4 & 0x0F) | UInt8(truncatingIfNeeded: (h5 & 0x0F) << 4)
        let second =
            le(h2) + [
                h3, UInt8(truncatingIfNeeded: h4 >> 4), e5, UInt8(truncatingIfNeeded: h5 >> 4), UInt8(bitPattern: h6),
            ]
        return (first, second)
    }

    /// `t_fine`, which pressure and humidity compensation take, and °C × 100.
    func temperature(_ adc: Int32) -> (fine: Int32, centiCelsius: Int32) {
        let t1 = Int32(self.t1), t2 = Int32(self.t2), t3 = Int32(self.t3)
        let var1 = (((adc >> 3) &- (t1 << 1)) &* t2) >> 11
        let delta = (adc >> 4) &- t1
        let var2 = (((delta &* delta) >> 12) &* t3) >> 14
        let fine = var1 &+ var2
        return (fine, (fine &* 5 &+ 128) >> 8)
    }

    // Swift's shifts bind tighter than its multiplications (unlike C's): every shift below is
    // parenthesised as the datasheet's C means it.

    /// Pa in Q24.8; 0 where the calibration would divide by zero (as the datasheet's code).
    func pressure(_ adc: Int32, fine: Int32) -> UInt32 {
        var var1 = Int64(fine) - 128_000
        var var2 = var1 &* var1 &* Int64(p6)
        var2 = var2 &+ ((var1 &* Int64(p5)) << 17)
        var2 = var2 &+ (Int64(p4) << 35)
        var1 = ((var1 &* var1 &* Int64(p3)) >> 8) &+ ((var1 &* Int64(p2)) << 12)
        var1 = (((Int64(1) << 47) &+ var1) &* Int64(p1)) >> 33
        guard var1 != 0 else { return 0 }
        var p = 1_048_576 - Int64(adc)
        p = ((p << 31) &- var2) &* 3125 / var1
        var1 = (Int64(p9) &* (p >> 13) &* (p >> 13)) >> 25
        var2 = (Int64(p8) &* p) >> 19
        p = ((p &+ var1 &+ var2) >> 8) &+ (Int64(p7) << 4)
        return UInt32(truncatingIfNeeded: p)
    }

    /// %RH in Q22.10, clamped to 0–100 %.
    func humidity(_ adc: Int32, fine: Int32) -> UInt32 {
        let h1 = Int32(self.h1), h2 = Int32(self.h2), h3 = Int32(self.h3)
        let h4 = Int32(self.h4), h5 = Int32(self.h5), h6 = Int32(self.h6)
        var v = fine &- 76_800
        let left = ((adc << 14) &- (h4 << 20) &- (h5 &* v)) &+ 16_384
        let right = ((((((v &* h6) >> 10) &* (((v &* h3) >> 11) &+ 32_768)) >> 10) &+ 2_097_152) &* h2 &+ 8192) >> 14
        v = (left >> 15) &* right
        v = v &- (((((v >> 15) &* (v >> 15)) >> 7) &* h1) >> 4)
        v = min(max(v, 0), 419_430_400)
        return UInt32(v >> 12)
    }

    /// A reading from one conversion's raw values; skipped measurements stay `nil`.
    func compensate(_ raw: BME280Raw) -> BME280Reading {
        let (fine, centiCelsius) = temperature(raw.temperature)
        return BME280Reading(
            centiCelsius: centiCelsius,
            pressureQ24_8: raw.pressure == BME280Raw.skippedTwenty ? nil : pressure(raw.pressure, fine: fine),
            humidityQ22_10: raw.humidity == BME280Raw.skippedHumidity ? nil : humidity(raw.humidity, fine: fine))
    }
}
