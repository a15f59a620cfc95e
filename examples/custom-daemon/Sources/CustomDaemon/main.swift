import Doorbell
import LooselyCoupledCatalog
import LooselyCoupledDaemon

// looselycoupled's commands (run, check, status, call, trigger, events) with one more module type.
await LooselyCoupledDaemon.main(catalog: .builtIn + [ModuleType(Doorbell.self)])
