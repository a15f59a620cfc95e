import Dispatch
import Logging
import LooselyCoupled
import LooselyCoupledCatalog

@testable import LooselyCoupledDaemon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The control socket's request handling: each line of the input is a request from a client,
/// answered by a running daemon (a timer module, a simulated GPIO panel and rules on it) as a connection's
/// thread answers it. Every request gets one reply that prints as JSON; a request that stops
/// the daemon (`trigger exit`) is allowed, and the next input gets a daemon started anew.
enum ControlTarget: FuzzTarget {
    static let config = """
        state_dir: \(ProcessInfo.temporaryDirectory)/looselycoupled-fuzz-state
        modules:
          clock:
            type: timer
            timers:
              heartbeat: {every: 1h, payload: {source: fuzz}}
              blink: {every: 500ms, event: blink_tick, autostart: false}
          panel:
            type: gpio
            chip: gpiochip0
            backend: simulated
            inputs:
              doorbell: {line: 17, active_low: true, debounce: 1ms,
                         click: {max_press: 400ms, double_click_gap: 300ms, long_press: 800ms}}
            outputs:
              porch: {line: 27}
            rhythms:
              alarm: {on: 100ms, off: 100ms}
          automations:
            type: controller
            rules:
              porch:
                when: [{event: gpio_click, match: {input: doorbell}}, {event: go}]
                if: [{not: [{state: panel.porch, is: "on"}]}]
                do:
                  - {set: panel.porch, state: toggle}
                  - {trigger: announce, payload: {text: "{{event.payload.input}} {{states.panel.porch.state}}"}}
              ping:
                when: [{event: ping}]
                mode: parallel
                do: [{trigger: pong, payload: {n: "{{event.payload.n}}"}}]
              pong:
                when: [{event: pong}]
                mode: queued
                max: 3
                do: [{trigger: ping}, {repeat: {count: 2, do: [{delay: 1ms}]}}]
        """

    /// The daemon answering now, and whether its run has ended.
    nonisolated(unsafe) static var running: (responder: ControlResponder, ended: Locked<Bool>)?

    static func prepare() {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        start()
    }

    static func fuzz(_ input: UnsafeRawBufferPointer) {
        if running?.ended.withLock({ $0 }) ?? true { start() }
        guard let responder = running?.responder else { return }
        for line in input.split(separator: UInt8(ascii: "\n")).prefix(64) {
            switch responder.respond(to: Array(line)) {
            case .reply(let reply):
                checkReply(reply)
            case .watch(let reply, _):
                // Dropping the stream ends the watch, as a client hanging up does.
                checkReply(reply)
            }
        }
    }

    private static func checkReply(_ reply: Value) {
        check(reply["result"] != nil || reply["error"] != nil, "a reply with neither result nor error: \(reply.json)")
        let printed = reply.json
        check(!printed.utf8.contains(UInt8(ascii: "\n")), "a reply that is more than one line")
        check((try? Value(json: printed)) != nil, "a reply that does not parse as JSON")
    }

    /// Starts a daemon's modules with `config` and waits until they run.
    private static func start() {
        let manager: ModuleManager
        do {
            let parsed = try ModuleCatalog.builtIn.parse(config, file: "fuzz.yaml")
            manager = try ModuleManager(
                ModuleCatalog.builtIn.specs(for: parsed, simulate: true), logger: Logger(label: "fuzz"))
        } catch {
            fail("the fuzz daemon's config does not load: \(error)")
        }
        let ended = Locked(false)
        let started = Locked(false)
        let semaphore = DispatchSemaphore(value: 0)
        Task.detached {
            async let run: Void = {
                try? await manager.run(); ended.withLock { $0 = true }
            }()
            let running = await manager.waitUntilRunning()
            started.withLock { $0 = running }
            semaphore.signal()
            await run
        }
        // libFuzzer calls the target on this thread, outside any task: a plain wait.
        semaphore.wait()
        guard started.withLock({ $0 }) else { fail("the fuzz daemon's modules did not start") }
        running = (ControlResponder(manager: manager), ended)
    }
}
