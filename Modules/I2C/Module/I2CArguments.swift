import LooselyCoupled

/// The arguments of the i2c methods, decoded with `Value.decode`.
enum I2CArguments {
    /// An address, register or byte: a JSON number, or a string such as `"0x76"`, `"0b1010"` or
    /// `"118"`, since JSON has no hexadecimal and datasheets and i2c-tools write them so.
    struct Number: Decodable, Sendable, CustomStringConvertible {
        var value: Int

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self.value = value
            } else if let text = try? container.decode(String.self), let value = Int(integerText: text) {
                self.value = value
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an integer, or a string such as \"0x76\"")
            }
        }

        var description: String { "\(value)" }
    }

    /// `read_byte {address}`.
    struct Address: Decodable, Sendable {
        var address: Number
    }

    /// `write_byte {address, value}`.
    struct AddressValue: Decodable, Sendable {
        var address: Number
        var value: Number
    }

    /// `read_byte_data` and `read_word_data {address, register}`.
    struct Register: Decodable, Sendable {
        var address: Number
        var register: Number
    }

    /// `write_byte_data` and `write_word_data {address, register, value}`.
    struct RegisterValue: Decodable, Sendable {
        var address: Number
        var register: Number
        var value: Number
    }

    /// `read_block {address, register, length, register_width?}`.
    struct ReadBlock: Decodable, Sendable {
        var address: Number
        var register: Number
        var length: Int
        var registerWidth: Int?

        enum CodingKeys: String, CodingKey {
            case address, register, length
            case registerWidth = "register_width"
        }
    }

    /// `write_block {address, register, bytes, register_width?}`.
    struct WriteBlock: Decodable, Sendable {
        var address: Number
        var register: Number
        var bytes: [Number]
        var registerWidth: Int?

        enum CodingKeys: String, CodingKey {
            case address, register, bytes
            case registerWidth = "register_width"
        }
    }

    /// `transfer {address?, messages: [{write: [bytes]} | {read: length}, with address? each]}`.
    struct Transfer: Decodable, Sendable {
        struct Message: Decodable, Sendable {
            var address: Number?
            var write: [Number]?
            var read: Int?
        }

        var address: Number?
        var messages: [Message]
    }

    /// `scan {probe?}`: `auto` (i2cdetect's default), `quick` or `read`.
    struct Scan: Decodable, Sendable {
        var probe: String?
    }

    /// `read {device}`.
    struct Device: Decodable, Sendable {
        var device: String
    }

    /// `get {device, pin}`.
    struct Pin: Decodable, Sendable {
        var device: String
        var pin: Int
    }

    /// `set {device, pin, value}`.
    struct SetPin: Decodable, Sendable {
        var device: String
        var pin: Int
        var value: Bool
    }

    /// `simulate {device, …}`: drive a pin, make the device vanish or return, change what a
    /// BME280 measures, or set a raw device's registers.
    struct Simulate: Decodable, Sendable {
        var device: String
        var pin: Int?
        var value: Bool?
        var present: Bool?
        var temperature: Double?
        var humidity: Double?
        var pressure: Double?
        var register: Number?
        var bytes: [Number]?
    }
}
