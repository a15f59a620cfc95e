import LooselyCoupledDaemon

// The daemon with the built-in module types; its commands live in the LooselyCoupledDaemon library.
await LooselyCoupledDaemon.main()
