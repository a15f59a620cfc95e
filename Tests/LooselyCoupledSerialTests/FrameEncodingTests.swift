import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    @Suite("FrameEncoding")
    struct FrameEncodingTests {
        @Test("base64 matches RFC 4648's test vectors both ways")
        func base64Vectors() throws {
            let vectors = [
                "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                "foobar": "Zm9vYmFy",
            ]
            for (plain, encoded) in vectors {
                #expect(FrameEncoding.base64.encode(Array(plain.utf8)) == encoded)
                #expect(try FrameEncoding.base64.decode(encoded) == Array(plain.utf8))
            }
            #expect(try FrameEncoding.base64.decode("Zm9vYg") == Array("foob".utf8), "unpadded is read too")
            #expect(try FrameEncoding.base64.decode("Zm9v\nYmFy") == Array("foobar".utf8))
        }

        @Test("hex is two lowercase digits a byte; either case and spaces are read")
        func hex() throws {
            #expect(FrameEncoding.hex.encode([0x00, 0x0D, 0x0A, 0xFF]) == "000d0aff")
            #expect(try FrameEncoding.hex.decode("00 0D 0a FF") == [0x00, 0x0D, 0x0A, 0xFF])
        }

        @Test("bad hex and base64 are errors that say where, never wrong bytes")
        func errors() {
            #expect(throws: FrameEncodingError("an odd number of hex digits (two make a byte)", encoding: .hex)) {
                try FrameEncoding.hex.decode("abc")
            }
            #expect(throws: FrameEncodingError("not a hex digit at position 2", encoding: .hex)) {
                try FrameEncoding.hex.decode("0g")
            }
            #expect(throws: FrameEncodingError.self) { try FrameEncoding.base64.decode("Z") }
            #expect(throws: FrameEncodingError("not a base64 character at position 3", encoding: .base64)) {
                try FrameEncoding.base64.decode("Zm*v")
            }
            #expect(throws: FrameEncodingError.self) { try FrameEncoding.base64.decode("Zg==Zg==") }
            #expect(throws: FrameEncodingError.self) { try FrameEncoding.base64.decode("Z===") }
        }

        @Test("text is UTF-8 with invalid bytes replaced by U+FFFD")
        func text() throws {
            #expect(FrameEncoding.text.encode(Array("grüße".utf8)) == "grüße")
            #expect(FrameEncoding.text.encode([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
            #expect(try FrameEncoding.text.decode("ok\r\n") == [0x6F, 0x6B, 0x0D, 0x0A])
        }
    }
}
