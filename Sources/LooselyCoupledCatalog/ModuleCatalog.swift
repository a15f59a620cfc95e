public import LooselyCoupled
import LooselyCoupledController
import LooselyCoupledGPIO
import LooselyCoupledI2C
import LooselyCoupledSerial
import LooselyCoupledTimer

/// The module types the daemon knows by their `type:` name.
///
/// A built-in module type is one line in ``builtIn`` (and its target in Package.swift); a package
/// of its own adds its types with `+` (`examples/custom-daemon/`).
public struct ModuleCatalog: Sendable {
    /// Every built-in module type.
    public static let builtIn = ModuleCatalog([
        ModuleType(TimerModule.self),
        ModuleType(GPIOModule.self),
        ModuleType(SerialModule.self),
        ModuleType(I2CModule.self),
        ModuleType(ControllerModule.self),
        // web, mqtt and external join here as their targets land.
    ])

    /// The types, in registration order.
    public let types: [ModuleType]
    private let byName: [String: ModuleType]

    /// A catalog of `types`; a later type of the same name replaces an earlier one.
    public init(_ types: [ModuleType]) {
        self.types = types
        self.byName = Dictionary(types.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// `catalog` with `types` added; one of the same name as a type of `catalog` replaces it.
    ///
    /// ```swift
    /// await LooselyCoupledDaemon.main(catalog: .builtIn + [ModuleType(Doorbell.self)])
    /// ```
    public static func + (catalog: ModuleCatalog, types: [ModuleType]) -> ModuleCatalog {
        ModuleCatalog(catalog.types + types)
    }

    /// The schema of each type by name, as ``DaemonConfig/load(path:knownTypes:)`` takes them.
    public var schemas: [String: Schema] { byName.mapValues(\.schema) }

    /// The type named `name`.
    public subscript(name: String) -> ModuleType? { byName[name] }

    /// The module specs to run for `config`, in file order, leaving out disabled modules.
    ///
    /// With `simulate`, every module whose type has a `backend` key gets `backend: simulated`,
    /// so hardware modules talk to their simulated devices. Types that save state get the
    /// config's `state_dir` under their ``ModuleType/stateDirectoryKey``.
    public func specs(for config: DaemonConfig, simulate: Bool) -> [ModuleSpec] {
        config.modules.compactMap { entry -> ModuleSpec? in
            guard entry.enabled, let type = byName[entry.type] else { return nil }
            var moduleConfig = entry.config
            if simulate && type.hasBackend {
                moduleConfig["backend"] = "simulated"
            }
            if let key = type.stateDirectoryKey {
                moduleConfig[key] = .string(config.stateDir)
            }
            return type.makeSpec(entry.name, moduleConfig, entry.required)
        }
    }
}
