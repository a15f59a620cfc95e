// The kernel helpers module types use (Locked, SetOnce, Files, OSThread, WakePipe) come with the
// core: a module type, here or in a package of its own, imports LooselyCoupled alone.
@_exported public import LooselyCoupledPOSIX
