public import LooselyCoupled

/// The module's entities (DESIGN §2b): the `binary_sensor` `MODULE.connected` (device class
/// `connectivity`), on while the port is open, and the `sensor` `MODULE.last_frame`, the data of
/// the last frame received. The `serial_*` events are sent as well.
extension SerialModule {
    /// The key of the entity that is on while the port is open.
    static let connectedKey = "connected"
    /// The key of the entity whose state is the last frame's data.
    static let lastFrameKey = "last_frame"

    /// The entities every serial module declares: they do not depend on its config.
    static let declaredEntities = [
        Entity(connectedKey, kind: .binarySensor, name: "connected", deviceClass: "connectivity"),
        Entity(lastFrameKey, kind: .sensor, name: "last frame"),
    ]

    /// The entities a module with `config` declares, for `check`: `nil` for a config that cannot
    /// be read.
    public static func entities(in config: Value) -> [Entity]? {
        (try? SerialConfiguration(config)).map { _ in declaredEntities }
    }
}
