import SystemPackage

/// The kernel's I2C buses through i2c-dev (`/dev/i2c-N`) and libi2c: `backend: hardware`.
struct HardwareI2C: I2CBackend {
    /// The backend.
    init() {}

    var name: String { "hardware" }

    func buses() -> [I2CBusInfo] { SysFS.buses() }

    func open(path: String) throws(I2CError) -> any I2CAdapter {
        try HardwareAdapter(path: path, buses: buses)
    }
}
