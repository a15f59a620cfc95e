// swift-tools-version:6.2
import PackageDescription

/// A daemon of your own: looselycoupled's commands and built-in module types, plus a module
/// type of this package's (`Doorbell`). Depend on looselycoupled by URL and version in yours;
/// here it is the repository this example sits in.
let package = Package(
    name: "custom-daemon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "custom-daemon", targets: ["CustomDaemon"])
    ],
    dependencies: [
        .package(name: "looselycoupled", path: "../..")
    ],
    targets: [
        // The module type, in a library of its own so its tests can import it.
        .target(
            name: "Doorbell",
            dependencies: [
                .product(name: "LooselyCoupled", package: "looselycoupled"),
                .product(name: "LooselyCoupledGPIO", package: "looselycoupled"),
            ]
        ),
        // The daemon: `main` with the built-in types and the doorbell.
        .executableTarget(
            name: "CustomDaemon",
            dependencies: [
                "Doorbell",
                .product(name: "LooselyCoupledCatalog", package: "looselycoupled"),
                .product(name: "LooselyCoupledDaemon", package: "looselycoupled"),
            ]
        ),
        .testTarget(
            name: "DoorbellTests",
            dependencies: [
                "Doorbell",
                .product(name: "LooselyCoupled", package: "looselycoupled"),
                .product(name: "LooselyCoupledTestKit", package: "looselycoupled"),
            ]
        ),
    ]
)
